// The monitoring figures in /metrics, read from the store at scrape time so that every server
// process on one database reports the same values: per monitored deployment, the latest window's
// drift score per feature, drift share, accuracy metrics, latency, error rate and size; how many
// windows have closed; the unresolved alerts per rule.
import * as client from 'prom-client';
import type { Json, MonitoringWindow, PonteApi } from '../core/api';

interface Snapshot {
  latest: { deployment: string; window: MonitoringWindow }[];
  open: Record<string, Record<string, number>>;
}

const QUALITY = ['accuracy', 'precision', 'recall', 'f1'] as const;

export function registerMonitorMetrics(registry: client.Registry, api: PonteApi): void {
  // One read per scrape, shared by the gauges a scrape collects one after another.
  let cached: { at: number; snap: Promise<Snapshot> } | undefined;
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), snap: read(api) };
    return cached.snap;
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (g: client.Gauge<L>, s: Snapshot) => void) =>
    new client.Gauge<L>({
      name, help, labelNames, registers: [registry],
      async collect() {
        this.reset();
        fill(this, await snapshot());
      },
    });
  const each = (s: Snapshot, fn: (d: string, stats: Record<string, Json>, w: MonitoringWindow) => void) => s.latest.forEach(({ deployment, window }) => fn(deployment, window.stats, window));

  gauge('ponte_monitor_drift_score', 'Drift statistic of each feature in the latest closed window', ['deployment', 'feature', 'method'], (g, s) =>
    each(s, (deployment, stats) => {
      for (const c of ((stats.drift as { columns?: { column: string; method: string; statistic: number }[] } | null)?.columns ?? [])) g.set({ deployment, feature: c.column, method: c.method }, c.statistic);
    }));
  gauge('ponte_monitor_drift_share', 'Share of drifted features in the latest closed window', ['deployment'], (g, s) =>
    each(s, (deployment, stats) => {
      const share = (stats.drift as { share?: number } | null)?.share;
      if (typeof share === 'number') g.set({ deployment }, share);
    }));
  gauge('ponte_monitor_quality', 'Accuracy, precision, recall and f1 from the labels of the latest closed window', ['deployment', 'metric'], (g, s) =>
    each(s, (deployment, stats) => {
      for (const metric of QUALITY) if (typeof stats[metric] === 'number') g.set({ deployment, metric }, stats[metric]);
    }));
  gauge('ponte_monitor_latency_ms', 'Latency percentiles of the latest closed window', ['deployment', 'quantile'], (g, s) =>
    each(s, (deployment, stats) => {
      const lat = stats.latency as Record<string, number> | null;
      if (lat) for (const [q, k] of [['0.5', 'p50'], ['0.95', 'p95'], ['0.99', 'p99']]) g.set({ deployment, quantile: q }, lat[k]);
    }));
  gauge('ponte_monitor_error_rate', 'Share of failed requests in the latest closed window', ['deployment'], (g, s) =>
    each(s, (deployment, stats) => typeof stats.errorRate === 'number' && g.set({ deployment }, stats.errorRate)));
  gauge('ponte_monitor_window_predictions', 'Predictions in the latest closed window', ['deployment'], (g, s) => each(s, (deployment, _, w) => g.set({ deployment }, w.count)));
  gauge('ponte_monitor_windows_closed', 'Windows closed so far (the sequence number of the latest)', ['deployment'], (g, s) =>
    each(s, (deployment, _, w) => w.seq !== null && g.set({ deployment }, w.seq)));
  gauge('ponte_monitor_alerts_unresolved', 'Alerts fired by a rule and not yet resolved', ['deployment', 'rule'], (g, s) => {
    for (const [deployment, rules] of Object.entries(s.open)) for (const [rule, n] of Object.entries(rules)) g.set({ deployment, rule }, n);
  });
}

async function read(api: PonteApi): Promise<Snapshot> {
  const snap: Snapshot = { latest: [], open: {} };
  for (const d of await api.listDeployments()) {
    if (d.config.monitor === undefined) continue;
    const [window] = await api.listWindows(d.name, 1);
    if (window) snap.latest.push({ deployment: d.name, window });
    for (const a of (await api.listAlerts({ deployment: d.name, limit: 100 })).items) {
      if (a.rule && a.resolvedAt === null) ((snap.open[d.name] ??= {})[a.rule] = (snap.open[d.name][a.rule] ?? 0) + 1);
    }
  }
  return snap;
}
