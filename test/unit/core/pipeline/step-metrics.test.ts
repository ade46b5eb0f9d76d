import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendStepMetric, readStepMetrics } from '../../../../src/core/pipeline/step-metrics';
import { PonteError } from '../../../../src/core/errors';

test('step metrics round-trip through the file; torn and foreign lines are skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-steps-'));
  try {
    const file = join(dir, 'steps.jsonl');
    appendStepMetric(file, { key: 'loss', value: 0.5, step: 1 });
    appendStepMetric(file, { key: 'loss', value: 0.25, step: 2 });
    appendFileSync(file, '{"key": "loss", "value": NaN}\nnot json\n{"key": "acc", "value": "high"}\n{"key":"acc","val');
    const got = readStepMetrics(file).map((m) => [m.key, m.value, m.step]);
    assert.deepEqual(got, [['loss', 0.5, 1], ['loss', 0.25, 2]]);
    assert.throws(() => appendStepMetric(file, { key: 'loss', value: NaN }), (e: unknown) => e instanceof PonteError && e.code === 'metrics.not_a_number');
    assert.deepEqual(readStepMetrics(join(dir, 'missing.jsonl')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
