// /metrics carries the monitoring figures of the latest closed windows, read from the store: drift
// score per feature, drift share, accuracy, latency, error rate, window counters and unresolved
// alerts. A deployment with no monitor block shows none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { profileFromJson } from '../../../src/core/drift';
import { monitorSettingsOf, windowPlan } from '../../../src/core/monitor';
import { registerMonitorMetrics } from '../../../src/server/monitor-metrics';
import { startBackend } from '../server/lib/backends';
import { ingest, rows, storeReference, traffic } from './lib/traffic';

test('pglite: /metrics shows the latest window of each monitored deployment', async () => {
  const b = await startBackend('pglite');
  const dir = mkdtempSync(`${tmpdir()}/ponte-metrics-`);
  try {
    registerMonitorMetrics(b.server.registry, b.store);
    const ref = await storeReference(b.store, dir);
    const d = await b.store.upsertDeployment({ name: 'churn', target: 'docker', status: 'running', config: { monitor: { window: { size: 500 }, drift: { share: 0.3 }, accuracy: { min: 0.9 }, alerts: [{ on: 'drift' }], reference_profile: ref } } });
    await b.store.upsertDeployment({ name: 'unmonitored', target: 'docker', status: 'running' });
    const ps = traffic('churn', rows(1000, 5, 25000), Date.now() - 3_600_000, 'm');
    await ingest(b.store, ps);
    await b.store.addFeedback(ps.slice(0, 1000).map((p, i) => ({ predictionId: p.id, label: i % 4 === 0 ? 0 : 1 })));
    const settings = monitorSettingsOf(d)!;
    const stored = await b.store.getReferenceProfile(ref.dataset, ref.hash);
    const reference = profileFromJson(JSON.stringify(stored!.profile), 'ref');
    while (await b.store.closeWindow('churn', windowPlan(settings, reference)));
    const [latest] = await b.store.listWindows('churn', 1);

    const text = await (await fetch(`${b.server.url}/metrics`)).text();
    const value = (line: string) => {
      const m = text.split('\n').find((l) => l.startsWith(`${line} `));
      assert.ok(m, `${line} in /metrics`);
      return Number(m.slice(line.length + 1));
    };
    const income = (latest.stats.drift as { columns: { column: string; method: string; statistic: number }[] }).columns.find((c) => c.column === 'income')!;
    assert.equal(value(`ponte_monitor_drift_score{deployment="churn",feature="income",method="${income.method}"}`), income.statistic);
    assert.ok(income.statistic > 0.5, 'the shifted income shows');
    assert.equal(value('ponte_monitor_drift_share{deployment="churn"}'), (latest.stats.drift as { share: number }).share);
    assert.equal(value('ponte_monitor_quality{deployment="churn",metric="accuracy"}'), latest.stats.accuracy);
    assert.equal(value('ponte_monitor_windows_closed{deployment="churn"}'), 2);
    assert.equal(value('ponte_monitor_window_predictions{deployment="churn"}'), 500);
    assert.equal(value('ponte_monitor_latency_ms{deployment="churn",quantile="0.99"}'), (latest.stats.latency as { p99: number }).p99);
    assert.equal(value('ponte_monitor_alerts_unresolved{deployment="churn",rule="drift"}'), 1);
    assert.doesNotMatch(text, /deployment="unmonitored"/);
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
