// CloudWatch Embedded Metric Format: a closed monitoring window's figures as JSON log lines that
// the CloudWatch agent or Lambda turn into metrics. Spec: the root holds `_aws` {Timestamp (ms),
// CloudWatchMetrics: [{Namespace, Dimensions: [[keys]], Metrics: [{Name, Unit}]}]} and each
// dimension and metric as a top-level member; at most 100 metrics and 30 dimensions per line, so
// a window with many features is split over several lines that share the dimensions.
import type { Json, MonitoringWindow } from '../api';
import { PonteError } from '../errors';

export const EMF_MAX_METRICS = 100;
export const EMF_MAX_DIMENSIONS = 30;

export type EmfUnit = 'Count' | 'Milliseconds' | 'None' | 'Count/Second';

export interface EmfOptions {
  namespace: string;
  /** Fixed dimensions besides `Deployment` (service, environment...), in order. */
  dimensions: Record<string, string>;
}

export interface EmfRecord {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: EmfUnit }[] }[] };
  [member: string]: Json | EmfRecord['_aws'];
}

export interface EmfFigure {
  name: string;
  value: number;
  unit: EmfUnit;
}

/** The figures of a window that CloudWatch can chart, in a stable order; absent figures are left out. */
export function windowFigures(w: MonitoringWindow): EmfFigure[] {
  const s = w.stats;
  const out: EmfFigure[] = [{ name: 'Predictions', value: w.count, unit: 'Count' }];
  const num = (name: string, v: Json | undefined, unit: EmfUnit) => typeof v === 'number' && Number.isFinite(v) && out.push({ name, value: v, unit });
  const latency = s.latency as Record<string, Json> | null | undefined;
  if (latency) for (const p of ['p50', 'p95', 'p99']) num(`Latency${p.toUpperCase()}`, latency[p], 'Milliseconds');
  num('ErrorRate', s.errorRate, 'None');
  num('Throughput', s.throughput, 'Count/Second');
  num('Labelled', s.labelled, 'Count');
  for (const m of ['accuracy', 'precision', 'recall', 'f1']) num(m === 'f1' ? 'F1' : m[0].toUpperCase() + m.slice(1), s[m], 'None');
  const drift = s.drift as { share?: Json; columns?: { column: string; statistic: Json }[] } | null | undefined;
  if (drift) {
    num('DriftShare', drift.share, 'None');
    for (const c of drift.columns ?? []) num(`Drift.${c.column}`, c.statistic, 'None');
  }
  return out;
}

/** The EMF lines (no newline) of a window; the timestamp is the window's end. */
export function emfLines(w: MonitoringWindow, o: EmfOptions): string[] {
  const dims: Record<string, string> = { Deployment: w.deployment, ...o.dimensions };
  const keys = Object.keys(dims);
  const figures = windowFigures(w).filter((f) => !(f.name in dims) && f.name !== '_aws');
  const lines: string[] = [];
  for (let i = 0; i < figures.length; i += EMF_MAX_METRICS) {
    const part = figures.slice(i, i + EMF_MAX_METRICS);
    const record: EmfRecord = {
      _aws: {
        Timestamp: Date.parse(w.end),
        CloudWatchMetrics: [{ Namespace: o.namespace, Dimensions: [keys], Metrics: part.map((f) => ({ Name: f.name, Unit: f.unit })) }],
      },
      ...dims,
      WindowSeq: w.seq,
      WindowStart: w.start,
    };
    for (const f of part) record[f.name] = f.value;
    lines.push(JSON.stringify(record));
  }
  return lines;
}

/** The top-level members of a line besides the dimensions: a dimension of the same name would be overwritten. */
const PONTE_MEMBERS = new Set([
  'WindowSeq', 'WindowStart', 'Predictions', 'LatencyP50', 'LatencyP95', 'LatencyP99', 'ErrorRate', 'Throughput', 'Labelled',
  'Accuracy', 'Precision', 'Recall', 'F1', 'DriftShare',
]);

/**
 * Namespace and dimensions from flags or the environment, checked against CloudWatch's limits:
 * a namespace of 1–255 characters (letters, digits, `.-_/#:` and space, not starting with `:`),
 * `KEY=VALUE` dimensions, at most 29 besides Deployment.
 */
export function emfOptions(namespace: string | undefined, dimensions: string[], source: { namespace: string; dimensions: string }): EmfOptions {
  const ns = namespace ?? 'Ponte';
  if (!/^[A-Za-z0-9.\-_/#: ]{1,255}$/.test(ns) || ns.startsWith(':')) {
    throw new PonteError('usage.bad_emf_namespace', `${source.namespace} "${ns}" is not a CloudWatch namespace`, { hint: 'use 1 to 255 letters, digits, spaces and . - _ / # :, e.g. Ponte/Churn' });
  }
  const dims: Record<string, string> = {};
  for (const d of dimensions) {
    const eq = d.indexOf('=');
    const [k, v] = eq < 0 ? [d, ''] : [d.slice(0, eq).trim(), d.slice(eq + 1).trim()];
    if (eq < 0 || !k || !v || k.length > 250 || v.length > 1024 || k.startsWith(':') || k === 'Deployment' || k === '_aws') {
      throw new PonteError('usage.bad_emf_dimension', `${source.dimensions}: "${d}" is not a KEY=VALUE dimension`, {
        hint: 'e.g. Service=churn (non-empty, the key not Deployment, which Ponte sets, and not starting with :)',
      });
    }
    const taken = PONTE_MEMBERS.has(k) || k.startsWith('Drift.');
    if (taken || k in dims) {
      throw new PonteError('usage.bad_emf_dimension', `${source.dimensions}: "${k}" ${taken ? 'is a member Ponte writes on each line (a window figure or WindowSeq/WindowStart)' : 'is given twice'}`, {
        hint: taken ? 'name the dimension otherwise, e.g. Service=churn' : `give ${k} once`,
      });
    }
    dims[k] = v;
  }
  if (Object.keys(dims).length > EMF_MAX_DIMENSIONS - 1) {
    throw new PonteError('usage.bad_emf_dimension', `${source.dimensions}: ${Object.keys(dims).length} dimensions, CloudWatch takes at most ${EMF_MAX_DIMENSIONS} with Deployment`);
  }
  return { namespace: ns, dimensions: dims };
}
