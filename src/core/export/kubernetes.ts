// `ponte export kubernetes`: a Deployment and a Service that run one deployment of ponte.yaml on
// Kubernetes as `ponte deploy` runs it on Docker: the same image (the registered version's tag),
// port, health path (readiness and liveness probes), resource limits and environment, with the
// model and its version in the labels.
import { stringify } from 'yaml';
import { PonteError } from '../errors';
import { displayFromCwd } from '../project/read-project';
import type { ContainerConfig, DeploymentConfig, PonteConfig, Range } from '../project';
import type { ExportResult } from './prometheus-rules';
import { requireProjectFile } from './thresholds';
import { yamlComment } from './yaml-comment';

export interface KubernetesTarget {
  deployment: string;
  /** The image reference to run: `repository:version`. */
  image: string;
  modelName: string;
  modelVersion: number;
}

export type KubernetesManifest = Record<string, unknown> & { apiVersion: string; kind: string };

/** DNS-1123 label: what Kubernetes accepts as a name and a label value here. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The deployment of ponte.yaml to export and the image repository it runs; a PonteError naming what is missing. */
export function kubernetesSource(config: PonteConfig, deployment: string): { deployment: DeploymentConfig; container: ContainerConfig; repository: string } {
  requireProjectFile(config);
  const d = config.deployments.find((x) => x.name === deployment);
  if (!d) {
    const known = config.deployments.map((x) => x.name);
    throw new PonteError('export.unknown_deployment', `ponte.yaml declares no deployment "${deployment}"`, {
      file: config.file && displayFromCwd(config.file), hint: known.length ? `declared: ${known.join(', ')} (--deployment NAME)` : 'add one under deployments, e.g. `production: { target: docker }`',
    });
  }
  const repository = d.image ?? config.container?.image;
  if (!config.container || !repository) {
    throw new PonteError('export.no_container', `deployment ${d.name} has no image to run: ponte.yaml has no ${config.container ? 'container.image' : 'container block'}`, {
      file: config.file && displayFromCwd(config.file), hint: 'add `container: { dockerfile: Dockerfile, image: my-model, port: 8080, health: /health }`',
    });
  }
  // The names become Kubernetes names: said here, before a registry is asked for the version.
  kubernetesNames(config, d);
  return { deployment: d, container: config.container, repository };
}

function kubernetesNames(config: PonteConfig, d: DeploymentConfig): { app: string; name: string; model: string } {
  return {
    app: nameOf(config.project, config, 'project', config.at.project),
    name: nameOf(`${config.project}-${d.name}`, config, `project and deployments.${d.name}`, d.range),
    model: nameOf(config.model.name, config, 'model.name', config.model.at.name),
  };
}

export function kubernetesManifests(config: PonteConfig, t: KubernetesTarget): ExportResult<KubernetesManifest[]> {
  const { deployment: d, container: ctr } = kubernetesSource(config, t.deployment);
  const port = ctr.port;
  const health = d.health ?? ctr.health;
  const { app, name } = kubernetesNames(config, d);
  const selector = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': name };
  const labels = {
    ...selector,
    'app.kubernetes.io/version': String(t.modelVersion),
    'app.kubernetes.io/managed-by': 'ponte',
    'ponte.dev/model': nameOf(t.modelName, config, 'model.name', config.model.at.name),
    'ponte.dev/model-version': String(t.modelVersion),
  };
  const probe = (initialDelaySeconds: number, failureThreshold: number) => ({
    httpGet: { path: health, port: 'http' }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 5, failureThreshold,
  });
  const limits: Record<string, string> = {};
  if (d.resources?.cpus !== undefined) limits.cpu = `${Math.round(d.resources.cpus * 1000)}m`;
  if (d.resources?.memoryBytes !== undefined) limits.memory = String(d.resources.memoryBytes);
  const container: Record<string, unknown> = {
    name: 'model',
    image: t.image,
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    readinessProbe: probe(5, 3),
    livenessProbe: probe(30, 6),
    ...(Object.keys(d.env).length ? { env: Object.entries(d.env).map(([k, v]) => ({ name: k, value: String(v) })) } : {}),
    // Requests equal limits: the scheduler reserves what Docker would have allowed.
    ...(Object.keys(limits).length ? { resources: { limits, requests: limits } } : {}),
  };
  const manifests: KubernetesManifest[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels, annotations: { 'ponte.dev/predict-path': d.predict } },
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        // blue-green in ponte.yaml: never fewer ready pods than asked while the new version starts.
        strategy: { type: 'RollingUpdate', rollingUpdate: d.strategy === 'blue-green' ? { maxUnavailable: 0, maxSurge: '100%' } : { maxUnavailable: 0, maxSurge: 1 } },
        template: { metadata: { labels }, spec: { containers: [container] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
    },
  ];
  const header = yamlComment(`Kubernetes manifests for deployment ${d.name} of ${config.project} (model ${t.modelName} v${t.modelVersion}), written by \`ponte export kubernetes\`.`);
  return { value: manifests, text: header + manifests.map((m) => `---\n${stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })}`).join(''), notes: [] };
}

/** A name Kubernetes accepts, from a ponte.yaml name: lower case, `_` and `.` as `-`; a PonteError naming the field otherwise. */
function nameOf(raw: string, config: PonteConfig, field: string, at: Range | undefined): string {
  const name = raw.toLowerCase().replace(/[_.]/g, '-');
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    throw new PonteError('export.bad_name', `${field} gives "${raw}", which Kubernetes cannot use as a name or label (at most 63 of a-z, 0-9 and -, starting and ending with a letter or digit)`, {
      file: config.file && displayFromCwd(config.file), line: at && config.file ? at.start.line + 1 : undefined, column: at && config.file ? at.start.character + 1 : undefined,
      hint: `rename it in ponte.yaml, e.g. "${name.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'model'}"`,
    });
  }
  return name;
}
