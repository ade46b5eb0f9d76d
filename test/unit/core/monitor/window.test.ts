// A monitoring window folded from predictions: latency percentiles, error rate, throughput and
// accuracy checked against figures computed here by hand; drift against a reference profile
// agrees with the drift engine's own sketch comparison of the same rows as files, finds a shifted
// feature, and stays quiet on rows drawn like the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Prediction } from '../../../../src/core/api';
import { profileDataset, runDrift, runLoadJob } from '../../../../src/core/drift';
import { toClass, WindowAccumulator } from '../../../../src/core/monitor/window';
import { csv, rows } from '../../../fixtures/monitor/generated-rows';


function predictions(rs: ReturnType<typeof rows>): Prediction[] {
  return rs.map((features, i) => ({
    id: `p${i}`, deployment: 'prod', timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), features,
    prediction: { churn_probability: 0 }, latencyMs: (i % 100) + 1, status: i % 50 === 0 ? 503 : 200,
  }));
}

test('latency percentiles, error rate, throughput and accuracy as computed by hand', () => {
  const w = new WindowAccumulator({ threshold: 0.5 });
  const ps = predictions(rows(1000, 1)).map((p, i) => ({ ...p, prediction: i % 4 === 0 ? 0.9 : 0.1, label: i % 2 === 0 ? 1 : 0 }));
  for (const p of ps) w.add(p);
  const s = w.finish();
  assert.equal(s.count, 1000);
  assert.deepEqual(s.latency && [s.latency.p50, s.latency.p95, s.latency.p99, s.latency.mean], [50, 95, 99, 50.5]);
  assert.equal(s.errorRate, 20 / 1000);
  assert.equal(s.throughput, 1000 / 999);
  // errors carry no score: 980 labelled; predicted positive every 4th, actually positive every 2nd
  const scored = ps.filter((p) => p.status < 400);
  const tp = scored.filter((p) => p.prediction === 0.9 && p.label === 1).length;
  const tn = scored.filter((p) => p.prediction === 0.1 && p.label === 0).length;
  const fp = scored.filter((p) => p.prediction === 0.9 && p.label === 0).length;
  assert.equal(s.labelled, scored.length);
  assert.equal(s.accuracy, (tp + tn) / scored.length);
  assert.equal(s.precision, tp / (tp + fp));
  assert.equal(s.drift, null);
});

test('drift against a reference profile agrees with the engine on the same rows, finds the shift, stays quiet otherwise', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-window-'));
  try {
    writeFileSync(join(dir, 'ref.csv'), csv(rows(5000, 7)));
    const reference = await profileDataset(join(dir, 'ref.csv'), { threads: false, inThread: runLoadJob });
    const drifted = rows(2000, 8, 20000);
    writeFileSync(join(dir, 'cur.csv'), csv(drifted));
    const engine = await runDrift(reference, join(dir, 'cur.csv'), { mode: 'sketch', threads: false, inThread: runLoadJob });

    const w = new WindowAccumulator({ reference });
    for (const p of predictions(drifted)) w.add(p);
    const d = w.finish().drift!;
    assert.equal(d.datasetDrift, engine.summary.dataset_drift);
    for (const c of engine.columns) {
      const mine = d.columns.find((x) => x.column === c.column)!;
      assert.equal(mine.method, c.method, c.column);
      assert.ok(Math.abs(mine.statistic - c.statistic) < 1e-9, `${c.column}: ${mine.statistic} vs ${c.statistic}`);
      assert.equal(mine.drifted, c.drifted, c.column);
    }
    assert.equal(d.columns.find((c) => c.column === 'income')?.drifted, true);

    const calm = new WindowAccumulator({ reference, features: ['age', 'income', 'plan', 'customer_id'] });
    for (const p of predictions(rows(2000, 9))) calm.add(p);
    const q = calm.finish().drift!;
    assert.equal(q.datasetDrift, false);
    assert.deepEqual(q.columns.filter((c) => c.drifted).map((c) => c.column), []);
    assert.deepEqual(q.skipped, [{ column: 'customer_id', reason: 'not in the reference dataset' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a column that identifies rows is skipped with a note, unless monitor.features names it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-window-id-'));
  try {
    const ref = rows(500, 3);
    const [header, ...lines] = csv(ref).trimEnd().split('\n');
    writeFileSync(join(dir, 'ref.csv'), `customer_id,${header}\n${lines.map((l, i) => `C${i},${l}`).join('\n')}\n`);
    const reference = await profileDataset(join(dir, 'ref.csv'), { threads: false, inThread: runLoadJob });
    assert.equal(reference.columns.find((c) => c.name === 'customer_id')?.kind, 'categorical');
    const traffic = predictions(rows(300, 4)).map((p, i) => ({ ...p, features: { ...p.features, customer_id: `N${i}` } }));

    const w = new WindowAccumulator({ reference });
    for (const p of traffic) w.add(p);
    const d = w.finish().drift!;
    assert.deepEqual(d.columns.map((c) => c.column).sort(), ['age', 'income', 'plan']);
    assert.match(d.skipped.find((s) => s.column === 'customer_id')!.reason, /identifies rows.*monitor\.features/);
    assert.equal(d.datasetDrift, false);

    const named = new WindowAccumulator({ reference, features: ['customer_id', 'age'] });
    for (const p of traffic) named.add(p);
    assert.equal(named.finish().drift!.columns.find((c) => c.column === 'customer_id')?.drifted, true, 'checked when asked: every id is new');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a whole-number id column (order_no) is skipped too, and an empty monitor.features list means none listed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-window-numid-'));
  try {
    const [header, ...lines] = csv(rows(500, 5)).trimEnd().split('\n');
    writeFileSync(join(dir, 'ref.csv'), `order_no,${header}\n${lines.map((l, i) => `${90000 + i * 2},${l}`).join('\n')}\n`);
    const reference = await profileDataset(join(dir, 'ref.csv'), { threads: false, inThread: runLoadJob });
    assert.equal(reference.columns.find((c) => c.name === 'order_no')?.kind, 'numeric');
    const traffic = predictions(rows(300, 6)).map((p, i) => ({ ...p, features: { ...p.features, order_no: 200000 + i } }));
    // ponte.yaml without monitor.features sends features: []
    const w = new WindowAccumulator({ reference, features: [] });
    for (const p of traffic) w.add(p);
    const d = w.finish().drift!;
    assert.deepEqual(d.columns.map((c) => c.column).sort(), ['age', 'income', 'plan']);
    assert.match(d.skipped.find((s) => s.column === 'order_no')!.reason, /identifies rows.*monitor\.features/);
    assert.equal(d.datasetDrift, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classes from booleans, numbers against the threshold, and strings', () => {
  assert.deepEqual([true, 0.7, 0.3, '1', 'no', 'Yes', 'x', null].map((v) => toClass(v, 0.5)), [true, true, false, true, false, true, undefined, undefined]);
});
