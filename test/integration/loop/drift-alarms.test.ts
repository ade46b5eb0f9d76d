// Drift alarms of the churn example as configured (examples/churn/ponte.yaml: windows of 300,
// KS and z-tests at 0.1% per feature, 3 of 6 features for dataset drift), on traffic from its own
// generator against its own reference: the false-alarm rate is measured on 1,000 undrifted windows
// and bounds the chance of any alarm in 20 of them under 1%; the 20 undrifted windows the issue
// names give none, every drifted window alarms, and through the real window closer on a real
// store the alert fires within one window of the injected drift and not before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitoredExample } from './lib/store';
import { churnCopy, monitorSettings, predictions, referenceProfile, sample, type Row } from './lib/churn';
import { windowPlan } from '../../../src/core/monitor';
import { ingest } from '../monitor/lib/traffic';

const WINDOWS = 1000;

type Drift = { datasetDrift: boolean; columns: { column: string; drifted: boolean }[] };

test('false alarms: measured per feature on 1,000 undrifted windows, bounded over 20; every drifted window alarms', async () => {
  const copy = churnCopy('ponte-loop-alarms-');
  try {
    const reference = await referenceProfile(copy);
    const { settings } = monitorSettings(copy);
    const size = (settings.window as { size: number }).size;
    const judge = (rows: Row[]): Drift => {
      const plan = windowPlan(settings, reference);
      plan.fold(predictions('production', rows, Date.now() - 3_600_000, 'w') as never);
      return plan.finish().drift as unknown as Drift;
    };
    const windowsOf = (rows: Row[]) => Array.from({ length: rows.length / size }, (_, i) => judge(rows.slice(i * size, (i + 1) * size)));

    const calm = windowsOf(sample(copy, WINDOWS * size, 2001, false));
    const perColumn = new Map<string, number>();
    for (const w of calm) for (const c of w.columns) perColumn.set(c.column, (perColumn.get(c.column) ?? 0) + Number(c.drifted));
    // k false alarms in n windows: (k + 3) / n is about the 95% upper confidence limit of the rate
    const rates = [...perColumn].map(([column, k]) => [column, k / WINDOWS, (k + 3) / WINDOWS] as const);
    console.log(`per-feature false-alarm rate over ${WINDOWS} undrifted windows of ${size}: ${rates.map(([c, r]) => `${c} ${r}`).join(', ')}`);
    assert.equal(rates.length, 6, 'all six features are checked');
    for (const [column, rate] of rates) assert.ok(rate <= 0.005, `${column}: false-alarm rate ${rate} (nominal 0.001)`);
    // dataset drift needs 3 of 6; only plan and monthly_charges depend on each other, so
    // P(alarm) <= 4 a^2 + 16 a^3 with a the largest per-feature rate; over 20 windows at most 20 times that
    const a = Math.max(...rates.map(([, , upper]) => upper));
    const bound20 = 20 * (4 * a ** 2 + 16 * a ** 3);
    console.log(`chance of any false alarm in 20 undrifted windows <= ${bound20.toFixed(4)} (a <= ${a})`);
    assert.ok(bound20 < 0.01, `bound ${bound20}`);
    const alarms = calm.filter((w) => w.datasetDrift).length;
    console.log(`dataset-drift windows: ${alarms} of ${WINDOWS} undrifted`);
    assert.equal(calm.slice(0, 20).filter((w) => w.datasetDrift).length, 0, '0 false alarms over 20 undrifted windows');
    assert.ok(alarms <= 1, `${alarms} false alarms in ${WINDOWS} windows`);

    const drifted = windowsOf(sample(copy, 20 * size, 3001, true));
    const fewest = Math.min(...drifted.map((w) => w.columns.filter((c) => c.drifted).length));
    console.log(`drifted windows: ${drifted.filter((w) => w.datasetDrift).length} of 20 alarm; the fewest drifted features in one: ${fewest} of 6`);
    assert.ok(drifted.every((w) => w.datasetDrift), 'every drifted window alarms');
  } finally {
    copy.remove();
  }
});

test('through the window closer: no alert in 20 undrifted windows, then one within one window of the drift', async () => {
  const m = await monitoredExample('ponte-loop-closer-');
  const { copy, store, closer, size } = m;
  try {
    await m.deploy(1);
    // the drift starts half way through window 21
    const calm = sample(copy, 20.5 * size, 4001, false);
    const drifted = sample(copy, 2.5 * size, 4002, true);
    const start = Date.now() - 3_600_000;
    await ingest(store, predictions('production', [...calm, ...drifted], start, 'p'));
    assert.equal(await closer.pass(), 23);
    const windows = (await store.listWindows('production', 100)).sort((x, y) => x.seq! - y.seq!);
    const verdicts = windows.map((w) => (w.stats.verdicts as Record<string, unknown>).drift);
    assert.deepEqual(verdicts.slice(0, 20).filter((v) => v !== false), [], 'the 20 undrifted windows are judged free of drift');
    const fired = (await store.listAlerts({ deployment: 'production' })).items.filter((x) => x.rule === 'drift');
    assert.equal(fired.length, 1, 'one alert, deduplicated');
    const seq = windows.find((w) => w.id === fired[0].windowId)!.seq!;
    const firstDrifted = windows[20].seq!;
    console.log(`drift injected in window ${firstDrifted}; the alert fired at window ${seq}: ${fired[0].message}`);
    assert.ok(seq >= firstDrifted && seq <= firstDrifted + 1, `fired at window ${seq}, the drift began in window ${firstDrifted}`);
  } finally {
    await m.close();
  }
});
