// `ponte gate` judges relative rules against the production model registered under `model.name`
// (which defaults to the project's name): before issue 11 it looked up `project` and, with a
// model named otherwise, skipped every relative rule. Real embedded store, real CLI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBackend } from '../../../src/cli/backend-options';
import { json, ponte } from '../pipeline/lib/project';

const dir = mkdtempSync(join(tmpdir(), 'ponte-gate-model-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface GateJson {
  passed: boolean;
  production: string | null;
  rules: { metric: string; verdict: string }[];
}

test('the production lookup uses model.name, and model.name defaults to the project name', async () => {
  writeFileSync(join(dir, 'metrics.json'), '{"f1": 0.5}\n');
  const rules = 'gates:\n  metrics: metrics.json\n  rules:\n    f1: ">= production - 0.02"\n';
  const { api } = await resolveBackend({ root: dir, env: {} });
  try {
    await api.registerModelVersion({ name: 'churn-classifier', uri: 'models/model.pkl', metrics: { f1: 0.9 } });
    await api.setAlias('churn-classifier', 'production', 1);
  } finally {
    await api.close();
  }

  writeFileSync(join(dir, 'ponte.yaml'), `version: 1\nproject: churn\nmodel: { name: churn-classifier, path: metrics.json }\n${rules}`);
  const named = json<GateJson>(ponte(dir, 'gate', '--metrics', 'metrics.json', '--json'));
  assert.equal(named.production, 'churn-classifier v1');
  assert.deepEqual(named.rules.map((r) => [r.metric, r.verdict]), [['f1', 'fail']]);
  assert.equal(named.passed, false);

  // Without model.name the registry name is the project's: "churn-classifier" here.
  writeFileSync(join(dir, 'ponte.yaml'), `version: 1\nproject: churn-classifier\n${rules}`);
  const byProject = json<GateJson>(ponte(dir, 'gate', '--metrics', 'metrics.json', '--json'));
  assert.equal(byProject.production, 'churn-classifier v1');

  writeFileSync(join(dir, 'ponte.yaml'), `version: 1\nproject: churn-classifier\nmodel: { name: other, path: metrics.json }\n${rules}`);
  const other = json<GateJson>(ponte(dir, 'gate', '--metrics', 'metrics.json', '--json'));
  assert.equal(other.production, null);
  assert.deepEqual(other.rules.map((r) => r.verdict), ['skip']);
});
