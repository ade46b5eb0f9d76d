// The alert thresholds of `monitor` in ponte.yaml as conditions over the gauges `/metrics` really
// exposes (src/server/monitor-metrics.ts): one list that both the Prometheus rules and the
// Grafana threshold lines are drawn from, so the two never disagree with the server's own alerts.
import { PonteError } from '../errors';
import { displayFromCwd } from '../project/read-project';
import type { MonitorConfig, PonteConfig } from '../project';

/** The gauges of the latest closed window, as named in /metrics. */
export const MONITOR_METRICS = {
  latency: 'ponte_monitor_latency_ms',
  errorRate: 'ponte_monitor_error_rate',
  quality: 'ponte_monitor_quality',
  driftShare: 'ponte_monitor_drift_share',
  driftScore: 'ponte_monitor_drift_score',
  windowPredictions: 'ponte_monitor_window_predictions',
  alertsUnresolved: 'ponte_monitor_alerts_unresolved',
} as const;

/** The proxy's live series, by deployment. */
export const PROXY_METRICS = {
  requests: 'ponte_deployment_requests_total',
  duration: 'ponte_deployment_request_duration_seconds',
} as const;

/** The `quantile` label of each percentile in ponte_monitor_latency_ms, as /metrics writes it. */
const QUANTILE = { p50: '0.5', p95: '0.95', p99: '0.99' } as const;

export interface Threshold {
  /** Ponte's alert event it mirrors. */
  event: 'latency' | 'error_rate' | 'accuracy' | 'drift';
  /** A name fit for an alert: `PonteLatencyP95High`. */
  alert: string;
  /** The gauge and the labels that pick the series, besides `deployment`. */
  metric: string;
  labels: Record<string, string>;
  /** Fires when `value op limit`, as the server judges a window. */
  op: '>' | '<' | '>=';
  limit: number;
  /** The key path in ponte.yaml the limit comes from, for messages and annotations. */
  field: string;
  unit: 'ms' | 'ratio';
  summary: string;
}

export interface ThresholdPlan {
  deployment: string;
  thresholds: Threshold[];
  /** What ponte.yaml asks that /metrics cannot show (said to the user, not dropped silently). */
  notes: string[];
}

/** The monitored deployment and its thresholds; a PonteError naming ponte.yaml when there is nothing to monitor. */
export function monitorThresholds(config: PonteConfig): ThresholdPlan {
  const m = monitorOf(config);
  const thresholds: Threshold[] = [];
  const notes: string[] = [];
  for (const p of ['p50', 'p95', 'p99'] as const) {
    const limit = m.latency?.[`${p}Ms`];
    if (limit === undefined) continue;
    thresholds.push({
      event: 'latency', alert: `PonteLatency${p.toUpperCase()}High`, metric: MONITOR_METRICS.latency, labels: { quantile: QUANTILE[p] },
      op: '>', limit, field: `monitor.latency.${p}_ms`, unit: 'ms', summary: `${p} latency above ${limit} ms`,
    });
  }
  if (m.errorRate) {
    thresholds.push({
      event: 'error_rate', alert: 'PonteErrorRateHigh', metric: MONITOR_METRICS.errorRate, labels: {},
      op: '>', limit: m.errorRate.max, field: 'monitor.error_rate.max', unit: 'ratio', summary: `error rate above ${m.errorRate.max}`,
    });
  }
  if (m.accuracy) {
    if (m.accuracy.metric === 'auc') notes.push('monitor.accuracy.metric is auc, which windows do not compute: no accuracy rule or line');
    else {
      const metric = m.accuracy.metric;
      thresholds.push({
        event: 'accuracy', alert: `Ponte${metric[0].toUpperCase()}${metric.slice(1)}Low`, metric: MONITOR_METRICS.quality, labels: { metric },
        op: '<', limit: m.accuracy.min, field: 'monitor.accuracy.min', unit: 'ratio', summary: `${metric} below ${m.accuracy.min}`,
      });
    }
  }
  if (m.reference) {
    thresholds.push({
      event: 'drift', alert: 'PonteDriftShareHigh', metric: MONITOR_METRICS.driftShare, labels: {},
      op: '>=', limit: m.drift.share, field: 'monitor.drift.share', unit: 'ratio', summary: `share of drifted features at or above ${m.drift.share}`,
    });
  } else notes.push('monitor.reference is not set, so windows measure no drift: no drift rule');
  return { deployment: m.deployment, thresholds, notes };
}

/** A PromQL selector: `metric{deployment="d",quantile="0.95"}`. */
export function selector(metric: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return `${metric}{${parts.join(',')}}`;
}

/** The exports read ponte.yaml: without one, say that (not that a block is missing from it). */
export function requireProjectFile(config: PonteConfig): void {
  if (config.file) return;
  throw new PonteError('export.no_project', `there is no ponte.yaml in ${config.root}`, {
    hint: 'run ponte export at the project root (the folder of ponte.yaml), or create ponte.yaml there',
  });
}

function monitorOf(config: PonteConfig): MonitorConfig {
  requireProjectFile(config);
  if (!config.monitor) {
    throw new PonteError('export.no_monitor', `${config.file ? 'ponte.yaml' : 'this project'} has no monitor block: there is nothing to alert on or chart`, {
      file: config.file && displayFromCwd(config.file), hint: 'add one, e.g. `monitor: { deployment: production, latency: { p95_ms: 200 } }` (see docs/observability.md)',
    });
  }
  return config.monitor;
}
