// `ponte export grafana`: a Grafana dashboard over Ponte's /metrics (a Prometheus data source
// chosen on import): per deployment (a template variable), the live request rate, latency
// percentiles and error rate through the proxy, then the latest window's latency, error rate,
// accuracy, drift per feature and drift share, with `monitor`'s thresholds drawn as lines.
import type { PonteConfig } from '../project';
import { MONITOR_METRICS, PROXY_METRICS, monitorThresholds, type Threshold } from './thresholds';
import type { ExportResult } from './prometheus-rules';

/** The subset of Grafana's dashboard model (@grafana/schema, `Dashboard`) written here. */
export interface GrafanaDashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  schemaVersion: number;
  editable: boolean;
  graphTooltip: number;
  refresh: string;
  time: { from: string; to: string };
  templating: { list: Record<string, unknown>[] };
  panels: GrafanaPanel[];
}

export interface GrafanaPanel {
  id: number;
  type: 'timeseries';
  title: string;
  description: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: 'prometheus'; uid: string };
  targets: { refId: string; expr: string; legendFormat: string; datasource: { type: 'prometheus'; uid: string } }[];
  fieldConfig: { defaults: Record<string, unknown>; overrides: [] };
  options: Record<string, unknown>;
}

/** Grafana 10 and 11 read it as is, and migrate it forward. */
const SCHEMA_VERSION = 39;
const DS = { type: 'prometheus', uid: '${datasource}' } as const;
const D = '{deployment="$deployment"}';

interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  queries: [expr: string, legend: string][];
  /** Lines drawn, colour by how the limit is crossed. */
  lines?: { limit: number; below: boolean }[];
  range?: { min: number; max?: number };
}

export function grafanaDashboard(config: PonteConfig): ExportResult<GrafanaDashboard> {
  const plan = monitorThresholds(config);
  const of = (event: Threshold['event']) => plan.thresholds.filter((t) => t.event === event).map((t) => ({ limit: t.limit, below: t.op === '<' }));
  const rate = (extra = '') => `rate(${PROXY_METRICS.requests}{deployment="$deployment"${extra}}[$__rate_interval])`;
  const quantile = (q: string) => `histogram_quantile(${q}, sum by (le) (rate(${PROXY_METRICS.duration}_bucket${D}[$__rate_interval]))) * 1000`;
  const driftLimit = config.monitor?.drift.threshold;
  const specs: PanelSpec[] = [
    { title: 'Request rate', description: 'Requests a second through the proxy, by status.', unit: 'reqps', queries: [[`sum by (status) (${rate()})`, '{{status}}']] },
    {
      title: 'Latency (live)', description: 'Percentiles of the latency through the proxy (model plus proxy).', unit: 'ms',
      queries: [['0.5', 'p50'], ['0.95', 'p95'], ['0.99', 'p99']].map(([q, l]) => [quantile(q), l]),
    },
    {
      title: 'Error rate (live)', description: 'Share of requests answered with a 5xx status through the proxy.', unit: 'percentunit', range: { min: 0, max: 1 },
      queries: [[`(sum(${rate(',status=~"5.."')}) or vector(0)) / sum(${rate()})`, 'errors']],
    },
    {
      title: 'Latency per window', description: 'Latency percentiles of the latest closed monitoring window; the lines are monitor.latency.', unit: 'ms',
      queries: [[`${MONITOR_METRICS.latency}${D}`, 'p{{quantile}}']], lines: of('latency'),
    },
    {
      title: 'Error rate per window', description: 'Share of failed requests in the latest closed window; the line is monitor.error_rate.max.', unit: 'percentunit',
      range: { min: 0, max: 1 }, queries: [[`${MONITOR_METRICS.errorRate}${D}`, 'error rate']], lines: of('error_rate'),
    },
    {
      title: 'Accuracy', description: 'Accuracy, precision, recall and f1 from the labels of the latest closed window; the line is monitor.accuracy.min.', unit: 'percentunit',
      range: { min: 0, max: 1 }, queries: [[`${MONITOR_METRICS.quality}${D}`, '{{metric}}']], lines: of('accuracy'),
    },
    {
      title: 'Drift per feature', description: 'The drift statistic of each feature in the latest closed window (its method in brackets)' + (driftLimit === undefined ? '.' : '; the line is monitor.drift.threshold.'),
      unit: 'none', queries: [[`${MONITOR_METRICS.driftScore}${D}`, '{{feature}} ({{method}})']], lines: driftLimit === undefined ? [] : [{ limit: driftLimit, below: false }],
    },
    {
      title: 'Drift share', description: 'Share of drifted features in the latest closed window; the line is monitor.drift.share.', unit: 'percentunit',
      range: { min: 0, max: 1 }, queries: [[`${MONITOR_METRICS.driftShare}${D}`, 'share']], lines: of('drift'),
    },
  ];
  const value: GrafanaDashboard = {
    uid: `ponte-${config.project}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 40),
    title: `Ponte: ${config.project}`,
    description: `Model monitoring of ${config.project}, written by ponte export grafana from ponte.yaml.`,
    tags: ['ponte', 'mlops'],
    schemaVersion: SCHEMA_VERSION,
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [
      { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', refresh: 1, hide: 0 },
      {
        name: 'deployment', label: 'Deployment', type: 'query', datasource: DS, refresh: 2, hide: 0, sort: 1,
        query: `label_values(${PROXY_METRICS.requests}, deployment)`,
        current: { text: plan.deployment, value: plan.deployment, selected: true },
      },
    ] },
    panels: specs.map((s, i) => panel(s, i)),
  };
  return { value, text: JSON.stringify(value, null, 2) + '\n', notes: plan.notes };
}

function panel(s: PanelSpec, i: number): GrafanaPanel {
  const lines = [...(s.lines ?? [])].sort((a, b) => a.limit - b.limit);
  // A step colours what lies at or above its value: a lower limit starts red and turns green at
  // it, an upper one starts green and turns red.
  const steps = lines.length && lines.every((l) => l.below)
    ? [{ color: 'red', value: null }, ...lines.map((l) => ({ color: 'green', value: l.limit }))]
    : [{ color: 'green', value: null }, ...lines.map((l) => ({ color: l.below ? 'green' : 'red', value: l.limit }))];
  return {
    id: i + 1,
    type: 'timeseries',
    title: s.title,
    description: s.description,
    gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
    datasource: DS,
    targets: s.queries.map(([expr, legendFormat], k) => ({ refId: String.fromCharCode(65 + k), expr, legendFormat, datasource: DS })),
    fieldConfig: {
      defaults: {
        unit: s.unit,
        ...(s.range ?? {}),
        thresholds: { mode: 'absolute', steps },
        custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'auto', spanNulls: true, thresholdsStyle: { mode: lines.length ? 'line' : 'off' } },
      },
      overrides: [],
    },
    options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] }, tooltip: { mode: 'multi', sort: 'none' } },
  };
}
