// `ponte export kubernetes` held against the Kubernetes API schemas of kubernetes-models (the
// OpenAPI definitions of the API server, compiled to validators, and their TypeScript types, which
// also refuse an unknown key); then the real CLI, which takes the image and the version from the
// model registry's alias and never writes over a file without --force.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { kubernetesManifests, type KubernetesManifest } from '../../../src/core/export';
import { PonteError } from '../../../src/core/errors';
import { openStore } from '../../../src/core/store';
import { FULL_YAML, tempProject, type TempProject } from '../../unit/core/export/lib/project';
import { ponte } from '../pipeline/lib/project';
import { typeErrors } from './lib/type-conformance';

const IMPORTS = ["import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';", "import type { IService } from 'kubernetes-models/v1/Service';"];
const TARGET = { deployment: 'production', image: 'shop-model:3', modelName: 'shop', modelVersion: 3 };

/** Both checks; the messages of what fails, empty when the manifests conform. */
function conformance(manifests: KubernetesManifest[]): string {
  const problems: string[] = [];
  for (const m of manifests) {
    try {
      (m.kind === 'Deployment' ? new Deployment(m as never) : new Service(m as never)).validate();
    } catch (e) {
      problems.push(`${m.kind}: ${(e as Error).message}`);
    }
  }
  problems.push(typeErrors({ imports: IMPORTS, values: manifests.map((value) => ({ type: value.kind === 'Deployment' ? 'IDeployment' : 'IService', value })) }));
  return problems.filter(Boolean).join('\n');
}

/** What the assertions read of the manifests (their validity is what conformance checks). */
type Labels = Record<string, string>;
interface ContainerShape { image: string; readinessProbe?: { httpGet: unknown }; livenessProbe?: { httpGet: unknown }; ports?: unknown; resources?: { limits: unknown }; env?: unknown }
interface DeploymentShape { metadata: { labels: Labels }; spec: { selector: { matchLabels: Labels }; template: { metadata: { labels: Labels }; spec: { containers: ContainerShape[] } } } }
interface ServiceShape { spec: { selector: Labels; ports: { port: number }[] } }

/** The model's container of a Deployment manifest. */
function container(m: KubernetesManifest): ContainerShape {
  return (m as unknown as DeploymentShape).spec.template.spec.containers[0];
}

let p: TempProject;
before(() => (p = tempProject(FULL_YAML)));
after(() => p.remove());

test('the Deployment and Service validate against the Kubernetes schemas and carry ponte.yaml', () => {
  const { value, text } = kubernetesManifests(p.config, TARGET);
  assert.equal(conformance(value), '');
  const docs = parseAllDocuments(text).map((d) => d.toJS() as KubernetesManifest);
  assert.deepEqual(docs, value, 'the YAML holds the same objects');
  const dep = value[0] as unknown as DeploymentShape;
  const svc = value[1] as unknown as ServiceShape;
  const c = container(value[0]);
  assert.equal(c.image, 'shop-model:3');
  assert.deepEqual(c.readinessProbe?.httpGet, { path: '/healthz', port: 'http' });
  assert.deepEqual(c.livenessProbe?.httpGet, { path: '/healthz', port: 'http' });
  assert.deepEqual(c.ports, [{ name: 'http', containerPort: 9000, protocol: 'TCP' }]);
  assert.deepEqual(c.resources?.limits, { cpu: '1500m', memory: String(512 * 1024 * 1024) });
  assert.deepEqual(c.env, [{ name: 'WORKERS', value: '2' }, { name: 'MODE', value: 'fast' }]);
  assert.equal(dep.metadata.labels['app.kubernetes.io/version'], '3');
  assert.equal(dep.metadata.labels['ponte.dev/model-version'], '3');
  assert.equal(dep.spec.template.metadata.labels['ponte.dev/model'], 'shop');
  assert.deepEqual(dep.spec.selector.matchLabels, svc.spec.selector, 'the Service selects the Deployment\'s pods');
  assert.ok(!('app.kubernetes.io/version' in dep.spec.selector.matchLabels), 'a selector is immutable: the version stays out of it');
  assert.equal(svc.spec.ports[0].port, 9000);

  const staging = kubernetesManifests(p.config, { ...TARGET, deployment: 'staging' }).value;
  assert.equal(conformance(staging), '');
  assert.equal(container(staging[0]).resources, undefined, 'no resources in ponte.yaml, none in the manifest');
});

test('planted mistakes fail the same checks: a wrong type, a missing field, an unknown key', () => {
  const good = kubernetesManifests(p.config, TARGET).value;
  const plant = (edit: (spec: Record<string, unknown>, c: Record<string, unknown>) => void) => {
    const copy = structuredClone(good);
    edit((copy[0] as unknown as { spec: Record<string, unknown> }).spec, container(copy[0]) as unknown as Record<string, unknown>);
    return conformance(copy);
  };
  assert.match(plant((spec) => (spec.replicas = 'one')), /replicas must be integer/);
  assert.match(plant((spec) => delete spec.selector), /Deployment: data\/spec must have required property selector/);
  assert.match(plant((_, c) => (c.imag = 'x')), /imag/);
});

test('a deployment ponte.yaml lacks, or a name Kubernetes refuses, is a PonteError naming it', () => {
  assert.throws(() => kubernetesManifests(p.config, { ...TARGET, deployment: 'canary' }), (e) => e instanceof PonteError && e.code === 'export.unknown_deployment' && /production, staging/.test(e.hint!));
  const bad = tempProject(FULL_YAML.replace('project: shop', 'project: Shop_Front!'));
  try {
    assert.throws(() => kubernetesManifests(bad.config, TARGET), (e) => e instanceof PonteError && e.code === 'export.bad_name' && e.line === 2 && /project/.test(e.message));
  } finally {
    bad.remove();
  }
});

test('ponte export kubernetes: the image of the alias from the registry, --out written once, --force to replace', async () => {
  const store = await openStore({ root: p.dir, dataDir: join(p.dir, '.ponte', 'db') });
  try {
    for (const uri of ['models/a.pkl', 'models/b.pkl']) await store.registerModelVersion({ name: 'shop', uri });
    await store.setAlias('shop', 'production', 1);
  } finally {
    await store.close();
  }
  const first = ponte(p.dir, 'export', 'kubernetes', '--deployment', 'production', '--out', 'deploy/k8s.yaml');
  assert.equal(first.code, 0, first.stderr);
  const written = readFileSync(join(p.dir, 'deploy/k8s.yaml'), 'utf8');
  const docs = parseAllDocuments(written).map((d) => d.toJS() as KubernetesManifest);
  assert.equal(conformance(docs), '');
  assert.equal(container(docs[0]).image, 'shop-model:1');

  const again = ponte(p.dir, 'export', 'kubernetes', '--deployment', 'production', '--model', '2', '--out', 'deploy/k8s.yaml');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /error\[export.exists\]: deploy\/k8s.yaml: it already exists/);
  assert.match(again.stderr, /--force/);
  assert.equal(readFileSync(join(p.dir, 'deploy/k8s.yaml'), 'utf8'), written, 'untouched');
  const forced = ponte(p.dir, 'export', 'kubernetes', '--deployment', 'production', '--model', '2', '--out', 'deploy/k8s.yaml', '--force');
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(readFileSync(join(p.dir, 'deploy/k8s.yaml'), 'utf8'), /image: shop-model:2/);

  const unknown = ponte(p.dir, 'export', 'kubernetes', '--out', 'deploy/other.yaml');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /2 deployments: say which/);
  assert.ok(!existsSync(join(p.dir, 'deploy/other.yaml')));
  const outside = ponte(p.dir, 'export', 'kubernetes', '--deployment', 'staging', '--alias', 'production', '--out', '../k8s.yaml');
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /outside the repository/);
});
