// `ponte gate --production-metrics FILE`, what the retrain's gate step passes: the relative rules
// compare with production's metrics measured on the run's own test set, not with those recorded
// when production was trained. Real embedded store, real CLI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBackend } from '../../../src/cli/backend-options';
import { json, ponte } from '../pipeline/lib/project';

const dir = mkdtempSync(join(tmpdir(), 'ponte-gate-production-metrics-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface GateJson {
  passed: boolean;
  production: string | null;
  rules: { metric: string; verdict: string; threshold: number; production: number }[];
}

test('the relative rule is judged against the measured metrics; a bad file is named', async () => {
  writeFileSync(join(dir, 'ponte.yaml'), 'version: 1\nproject: churn\ngates:\n  metrics: metrics.json\n  rules:\n    f1: ">= production - 0.02"\n');
  writeFileSync(join(dir, 'metrics.json'), '{"f1": 0.5}\n');
  writeFileSync(join(dir, 'same-test-set.json'), '{"f1": 0.51}\n');
  const { api } = await resolveBackend({ root: dir, env: {} });
  try {
    await api.registerModelVersion({ name: 'churn', uri: 'models/model.pkl', metrics: { f1: 0.9 } });
    await api.setAlias('churn', 'production', 1);
  } finally {
    await api.close();
  }
  const recorded = json<GateJson>(ponte(dir, 'gate', '--metrics', 'metrics.json', '--json'));
  assert.deepEqual([recorded.passed, recorded.rules[0].production], [false, 0.9]);

  const measured = json<GateJson>(ponte(dir, 'gate', '--metrics', 'metrics.json', '--production-metrics', 'same-test-set.json', '--json'));
  assert.deepEqual([measured.passed, measured.rules[0].production, measured.rules[0].verdict], [true, 0.51, 'pass']);
  assert.equal(measured.production, 'churn v1, scored on this run\'s test set (same-test-set.json)');

  writeFileSync(join(dir, 'broken.json'), '{"f1": ');
  const bad = ponte(dir, 'gate', '--metrics', 'metrics.json', '--production-metrics', 'broken.json', '--json');
  assert.notEqual(bad.code, 0);
  assert.match(json<{ error: { file: string } }>(bad).error.file, /broken\.json$/);
});
