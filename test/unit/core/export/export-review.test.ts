// Inputs an outside review tried on the exports: a project name with a line break (it would end
// the comment the rules file opens with), --out naming a directory, a folder without ponte.yaml,
// and a name Kubernetes cannot use, which must be said before any registry is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { emfOptions, kubernetesManifests, kubernetesSource, monitorThresholds, prometheusRules, writeExport } from '../../../../src/core/export';
import { PonteError } from '../../../../src/core/errors';
import { loadProject } from '../../../../src/core/project';
import { parseServeArgv } from '../../../../src/server/options';
import { FULL_YAML, tempProject } from './lib/project';

test('a project name with a line break stays inside the comment: the rules file holds groups and nothing else', () => {
  const p = tempProject(FULL_YAML.replace('project: shop', 'project: "shop\\ninjected: true\\r\\u2028x: 1"'));
  try {
    const text = prometheusRules(p.config).text;
    const doc = parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['groups']);
    assert.equal(text.split('\n')[1], 'groups:');
  } finally {
    p.remove();
  }
});

test('--out naming a directory: said so, with or without --force, and nothing written', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-export-dir-'));
  try {
    mkdirSync(join(root, 'monitoring'));
    for (const force of [false, true]) {
      await assert.rejects(
        writeExport('x\n', { root, out: 'monitoring', force, cwd: root, command: 'ponte export grafana', stdout: () => undefined }),
        (e: unknown) => e instanceof PonteError && e.code === 'export.out_is_directory' && e.file === 'monitoring' && /--out monitoring\//.test(e.hint ?? ''),
      );
    }
    assert.deepEqual(readdirSync(root), ['monitoring']);
    assert.deepEqual(readdirSync(join(root, 'monitoring')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder without ponte.yaml: the error says there is none, not that a block is missing from it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-export-none-'));
  try {
    const { config } = loadProject(dir);
    assert.throws(() => monitorThresholds(config), (e: unknown) => e instanceof PonteError && e.code === 'export.no_project' && /no ponte\.yaml/.test(e.message) && /root/.test(e.hint ?? ''));
    assert.throws(() => kubernetesSource(config, 'production'), (e: unknown) => e instanceof PonteError && e.code === 'export.no_project');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a project name Kubernetes cannot use is refused by kubernetesSource, the step before the registry', () => {
  const p = tempProject(FULL_YAML.replace('project: shop', 'project: Shöp'));
  try {
    assert.throws(() => kubernetesSource(p.config, 'production'), (e: unknown) => e instanceof PonteError && e.code === 'export.bad_name' && e.line === 2 && /project/.test(e.message));
  } finally {
    p.remove();
  }
});

test('a CloudWatch dimension named as a member Ponte writes, or given twice, is refused (it was overwritten or lost)', () => {
  const source = { namespace: '--cloudwatch-namespace', dimensions: '--cloudwatch-dimension' };
  for (const key of ['WindowSeq', 'WindowStart', 'Predictions', 'LatencyP95', 'DriftShare', 'Drift.age', 'F1']) {
    assert.throws(() => emfOptions(undefined, [`${key}=x`], source), (e: unknown) =>
      e instanceof PonteError && e.code === 'usage.bad_emf_dimension' && e.message.includes(key) && /--cloudwatch-dimension/.test(e.message) && !!e.hint, key);
  }
  assert.throws(() => emfOptions(undefined, ['Service=a', 'Service=b'], source), (e: unknown) =>
    e instanceof PonteError && e.code === 'usage.bad_emf_dimension' && /Service/.test(e.message) && /twice/.test(e.message));
  assert.deepEqual(emfOptions(undefined, ['Service=churn', 'Stage=prod'], source).dimensions, { Service: 'churn', Stage: 'prod' });
});

test('ponte serve: --cloudwatch-namespace or --cloudwatch-dimension without --cloudwatch-emf is bad usage, not silently nothing', () => {
  for (const argv of [['--cloudwatch-namespace', 'Ponte/Churn'], ['--cloudwatch-dimension', 'Service=churn']]) {
    assert.throws(() => parseServeArgv(argv, {}, 7777), (e: unknown) =>
      e instanceof PonteError && e.code === 'usage.bad_arguments' && e.message.includes(argv[0]) && /--cloudwatch-emf/.test(e.message));
  }
  assert.equal(parseServeArgv(['--cloudwatch-namespace', 'Ponte/Churn'], { PONTE_CLOUDWATCH_EMF: '-' }, 7777).cloudwatchEmf?.options.namespace, 'Ponte/Churn');
});

test('Kubernetes manifests hold no YAML anchors or aliases: the labels are written out where they are used', () => {
  const p = tempProject(FULL_YAML);
  try {
    const { text } = kubernetesManifests(p.config, { deployment: 'production', image: 'shop-model:3', modelName: 'shop', modelVersion: 3 });
    assert.doesNotMatch(text, /(^|\s)[&*][A-Za-z]\w*/m);
  } finally {
    p.remove();
  }
});

test('--out ending in a slash names a directory even when it does not exist: refused, no file of that name', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-export-slash-'));
  try {
    await assert.rejects(
      writeExport('x\n', { root, out: 'monitoring/', force: false, cwd: root, command: 'ponte export grafana', stdout: () => undefined }),
      (e: unknown) => e instanceof PonteError && e.code === 'export.out_is_directory' && /--out monitoring\/grafana\.json/.test(e.hint ?? ''),
    );
    assert.deepEqual(readdirSync(root), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
