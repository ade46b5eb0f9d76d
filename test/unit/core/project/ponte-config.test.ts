// The typed ponte.yaml from the one reader: the DESIGN.md example read in full with its values
// and where each is written, the defaults taken from the schema, a project without ponte.yaml,
// loadProject stopping at the first error with validate's code and position, and mutated files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildPonteConfig, loadProject, readProject, schemaDefault, validateText } from '../../../../src/core/project';
import { parseYamlSource } from '../../../../src/core/project/yaml-source';
import { mutate, seededRandom } from './mutate';
import { PonteError } from '../../../../src/core/errors';

const example = resolve('test', 'fixtures', 'project', 'design-example');
const line = (r: { start: { line: number } }) => r.start.line + 1;

function project(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-config-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'ponte.yaml'), yaml);
  return dir;
}

test('the DESIGN.md example: every section typed, with the line it is written on', () => {
  const { config: c, diagnostics, pipeline } = readProject(example);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(c.file, join(example, 'ponte.yaml'));
  assert.equal(c.project, 'churn');
  assert.equal(c.pipeline, join(example, 'dvc.yaml'));
  assert.equal(pipeline?.absFile, join(example, 'dvc.yaml'));
  assert.ok(pipeline?.expanded?.stages.length);

  const [train, reference] = c.datasets;
  assert.deepEqual([train.name, train.path, train.storage, line(train.range)], ['train', 'data/train.csv', 'dvc', 5]);
  assert.deepEqual(train.columns.map((col) => [col.name, col.type, col.min, col.max, col.values, col.maxMissing, line(col.range)]), [
    ['age', 'integer', 18, 100, undefined, undefined, 10],
    ['plan', 'category', undefined, undefined, ['basic', 'pro'], undefined, 11],
    ['income', 'number', undefined, undefined, undefined, 0.01, 12],
  ]);
  assert.equal(line(train.at.storage), 7);
  assert.deepEqual([reference.name, reference.storage, reference.columns], ['reference', 'dvc', []]);

  assert.deepEqual([c.tests?.command, c.tests?.junit, c.tests?.cwd], ['python3 -m pytest tests', 'reports/junit.xml', '.']);
  assert.deepEqual(c.gates?.metrics, ['metrics.json']);
  assert.deepEqual(c.gates?.rules.map((r) => [r.metric, r.text, line(r.range)]), [['accuracy', '>= 0.85', 21], ['f1', '>= production - 0.02', 22]]);
  assert.deepEqual([c.model.name, c.model.path, line(c.model.at.path)], ['churn', 'models/model.pkl', 23]);
  assert.deepEqual([c.container?.dockerfile, c.container?.image, c.container?.port, c.container?.health], ['Dockerfile', 'churn-model', 8080, '/health']);
  assert.deepEqual(c.deployments.map((d) => [d.name, d.target, d.predict, d.strategy, line(d.range)]), [
    ['staging', 'docker', '/predict', 'rolling', 31],
    ['production', 'docker', '/predict', 'blue-green', 32],
  ]);
  const m = c.monitor!;
  assert.deepEqual([m.deployment, m.reference, m.features, m.prediction, m.label, m.window?.size], ['production', 'reference', ['age', 'income', 'plan'], 'churn_probability', 'churned', 1000]);
  assert.deepEqual([m.drift.method, m.drift.threshold, m.drift.share], ['auto', 0.1, 0.5]);
  assert.deepEqual(m.drift.columns.map((col) => [col.name, col.method, col.threshold, line(col.range)]), [['income', 'psi', 0.2, 44]]);
  assert.equal(m.latency?.p95Ms, 200);
  assert.deepEqual([m.accuracy?.metric, m.accuracy?.min, m.accuracy?.threshold], ['accuracy', 0.8, 0.5]);
  assert.deepEqual(m.alerts.map((a) => [a.on, a.webhook, a.command, line(a.range)]), [['drift', 'https://example.org/hook', undefined, 48]]);
  const r = c.retrain!;
  assert.deepEqual([r.on, r.mode, r.data?.dataset, r.data?.appendProduction, r.stages, r.promote], [['drift', 'accuracy'], 'ask', 'train', true, ['prepare', 'train', 'evaluate'], 'production']);
});

test('left-out values take the schema\'s defaults; model.name defaults to the project', () => {
  const dir = project('version: 1\nproject: p\ndatasets:\n  d: { path: d.csv, schema: { columns: { x: { type: number } } } }\ntests: { command: make test }\ngates: { rules: { acc: ">= 0.8" } }\ncontainer: { dockerfile: Dockerfile }\ndeployments:\n  live: { target: docker }\nmonitor:\n  deployment: live\n  accuracy: { min: 0.7 }\n  alerts: [{ on: latency }]\nretrain: { on: drift }\n');
  const { config: c } = readProject(dir);
  assert.equal(c.model.name, 'p');
  assert.equal(c.datasets[0].storage, schemaDefault('datasets', '*', 'storage'));
  assert.deepEqual([c.datasets[0].columns[0].nullable, c.datasets[0].columns[0].unique], [true, false]);
  assert.equal(c.tests?.cwd, '.');
  assert.deepEqual(c.gates?.metrics, [schemaDefault('gates', 'metrics')]);
  assert.deepEqual(c.gates?.metrics, ['metrics.json']);
  assert.deepEqual([c.container?.context, c.container?.port, c.container?.health], ['.', 8080, '/health']);
  assert.deepEqual([c.deployments[0].predict, c.deployments[0].strategy], ['/predict', 'rolling']);
  assert.deepEqual([c.monitor?.drift.method, c.monitor?.drift.share, c.monitor?.accuracy?.metric, c.monitor?.accuracy?.threshold], ['auto', 0.5, 'accuracy', 0.5]);
  assert.deepEqual(c.monitor?.alerts.map((a) => [a.on, a.webhook, a.command]), [['latency', undefined, undefined]]);
  assert.deepEqual([c.retrain?.on, c.retrain?.mode], [['drift'], 'ask']);
  assert.equal(c.monitor?.drift.at.method, undefined, 'a default has no position');
});

test('no ponte.yaml: the directory names the project and dvc.yaml is the pipeline', () => {
  const dir = project();
  const { config, diagnostics } = loadProject(dir);
  assert.deepEqual(diagnostics, []);
  assert.equal(config.file, undefined);
  assert.equal(config.project, basename(dir));
  assert.equal(config.model.name, basename(dir));
  assert.equal(config.pipeline, join(dir, 'dvc.yaml'));
  assert.deepEqual([config.datasets, config.deployments, config.tests, config.monitor], [[], [], undefined, undefined]);
});

test('ponte.yml is read when there is no ponte.yaml', () => {
  const dir = project();
  writeFileSync(join(dir, 'ponte.yml'), 'version: 1\nproject: from-yml\n');
  assert.equal(readProject(dir).config.project, 'from-yml');
});

test('loadProject stops at the first error, with the code and position validate gives', () => {
  const yaml = 'version: 1\nproject: p\ntests:\n  comand: make test\n';
  const dir = project(yaml);
  const [first] = validateText(yaml, { file: 'ponte.yaml', kind: 'ponte' }).filter((d) => d.severity === 'error');
  assert.throws(
    () => loadProject(dir),
    (e: unknown) =>
      e instanceof PonteError && e.code === first.code && e.line === first.range.start.line + 1 && e.column === first.range.start.character + 1 && /ponte validate/.test(e.hint ?? '') && /and 1 more error/.test(e.message),
  );
  // readProject itself never throws on content: the extension shows the diagnostics instead.
  assert.ok(readProject(dir).diagnostics.some((d) => d.code === 'key.unknown'));
});

test('fuzz: 2,000 mutated ponte.yaml files give a typed config, never an exception', () => {
  const dir = join('test', 'fixtures', 'project', 'broken');
  const texts = [readFileSync(join(example, 'ponte.yaml'), 'utf8'), ...readdirSync(dir).filter((f) => f.endsWith('.ponte.yaml')).map((f) => readFileSync(join(dir, f), 'utf8'))];
  const rand = seededRandom(11);
  const options = { root: '/p', resolve: (p: string) => join('/p', p), dirName: 'p' };
  for (let i = 0; i < 2000; i++) {
    const text = mutate(texts[Math.floor(rand() * texts.length)], rand);
    const c = buildPonteConfig(parseYamlSource(text, 'ponte.yaml'), options);
    assert.equal(typeof c.project, 'string', text);
    assert.ok(c.model.name === c.project || c.model.at.name !== undefined, `model.name comes from the file or the project: ${text}`);
    for (const d of c.datasets) assert.ok(['dvc', 'git-lfs'].includes(d.storage), text);
    for (const r of c.gates?.rules ?? []) assert.equal(typeof r.text, 'string', text);
  }
});

test('a deployment on another engine with resource limits: the target as written, memory in bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-deploy-config-'));
  writeFileSync(join(dir, 'ponte.yaml'), 'version: 1\nproject: p\ndeployments:\n  edge:\n    target: docker://10.0.0.5:2375\n    resources: { cpus: 1.5, memory: 512m }\n  local: { target: docker }\n');
  const { diagnostics, config } = readProject(dir);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const [edge, local] = config.deployments;
  assert.equal(edge.target, 'docker://10.0.0.5:2375');
  assert.deepEqual([edge.resources?.cpus, edge.resources?.memoryBytes], [1.5, 512 * 1024 * 1024]);
  assert.deepEqual([local.target, local.resources], ['docker', undefined]);
});
