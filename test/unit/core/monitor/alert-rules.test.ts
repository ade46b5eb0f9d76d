// Alert decisions: hysteresis (fire after N bad windows, resolve after M good ones), no second
// firing while open, the cooldown, windows that cannot tell (no labels) skipped; and the judging
// of a window's figures against the thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, judgeWindow } from '../../../../src/core/monitor/alert-rules';
import type { WindowStats } from '../../../../src/core/monitor/window';

const policy = { fireAfter: 2, resolveAfter: 3, cooldownMs: 60_000 };

test('fires after N bad windows in a row, not before; unmeasured windows are skipped', () => {
  assert.deepEqual(decide(['bad'], false, undefined, 0, policy), { action: 'none' });
  assert.deepEqual(decide(['bad', false], false, undefined, 0, policy), { action: 'none' });
  assert.deepEqual(decide(['worse', 'bad'], false, undefined, 0, policy), { action: 'fire', reason: 'worse' });
  assert.deepEqual(decide(['worse', undefined, 'bad'], false, undefined, 0, policy), { action: 'fire', reason: 'worse' });
});

test('does not fire again while open; resolves after M good windows; respects the cooldown', () => {
  assert.deepEqual(decide(['bad', 'bad', 'bad'], true, 0, 1, policy), { action: 'none' });
  assert.deepEqual(decide([false, false, 'bad'], true, 0, 1, policy), { action: 'none' });
  assert.deepEqual(decide([false, undefined, false, false], true, 0, 1, policy).action, 'resolve');
  assert.deepEqual(decide(['bad', 'bad'], false, 1_000, 30_000, policy), { action: 'none' }, 'within the cooldown');
  assert.equal(decide(['bad', 'bad'], false, 1_000, 61_001, policy).action, 'fire');
});

test('a hovering value does not flap: 0 alerts over windows alternating bad and good', () => {
  const history: (string | false)[] = [];
  let open = false;
  let fired = 0;
  for (let i = 0; i < 20; i++) {
    history.unshift(i % 2 ? 'bad' : false);
    const d = decide(history, open, undefined, i, policy);
    if (d.action === 'fire') {
      open = true;
      fired++;
    }
    if (d.action === 'resolve') open = false;
  }
  assert.equal(fired, 0);
});

const stats = (over: Partial<WindowStats>): WindowStats => ({
  count: 100, latency: { p50: 20, p95: 150, p99: 400, mean: 40 }, errorRate: 0.01, throughput: 10, labelled: 50,
  accuracy: 0.9, precision: 0.8, recall: 0.7, f1: 0.75, drift: null, ...over,
});

test('a window judged against the thresholds', () => {
  const t = { accuracy: { metric: 'accuracy' as const, min: 0.8 }, latency: { p95Ms: 200, p99Ms: 300 }, errorRate: { max: 0.05 } };
  assert.deepEqual(judgeWindow(stats({}), t), { drift: undefined, accuracy: false, latency: 'latency p99 400 ms > 300 ms', error_rate: false });
  const v = judgeWindow(stats({ accuracy: 0.7, errorRate: 0.2, labelled: 10, drift: { share: 0.6, datasetDrift: true, columns: [{ column: 'income', method: 'psi', statistic: 0.4, threshold: 0.2, drifted: true }], skipped: [] } }), t);
  assert.equal(v.accuracy, 'accuracy 0.7 < 0.8 (10 labels)');
  assert.equal(v.error_rate, 'error rate 0.2 > 0.05');
  assert.equal(v.drift, 'dataset drift: income drifted (share 0.6)');
  assert.equal(judgeWindow(stats({ labelled: 0, accuracy: null }), t).accuracy, undefined, 'no labels yet: cannot tell');
});
