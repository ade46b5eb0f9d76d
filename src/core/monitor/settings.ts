// A deployment's monitoring settings as the backend keeps them (`deployment.config.monitor`,
// the `monitor` block of ponte.yaml as `ponte deploy` wrote it, plus the reference profile's
// id), read into typed values. A bad value is a PonteError naming the field, never a guess.
import type { MonitorConfig } from '../project';
import type { Deployment, Json } from '../api';
import { PonteError } from '../errors';
import type { DriftConfig } from '../drift';
import { parseDuration } from '../formats';
import { ALERT_EVENTS, type AlertEvent, type RulePolicy, type Thresholds } from './alert-rules';
import type { AccuracyMetric } from './window';

export interface AlertRule {
  on: AlertEvent;
  webhook?: string;
  command?: string;
  policy: RulePolicy;
}

export interface MonitorSettings {
  deployment: string;
  window: { size: number } | { durationMs: number };
  features?: string[];
  drift?: DriftConfig;
  /** The class threshold for a probability (`monitor.accuracy.threshold`, default 0.5). */
  threshold: number;
  thresholds: Thresholds;
  rules: AlertRule[];
  /** The reference dataset's stored profile: `reference_profiles` (dataset, hash). */
  reference?: { dataset: string; hash: string };
}

export const DEFAULT_WINDOW_SIZE = 1000;
const ACCURACY_METRICS: readonly AccuracyMetric[] = ['accuracy', 'precision', 'recall', 'f1'];

type Obj = Record<string, Json>;

/** The settings of a deployment, or undefined when it has no `monitor` block (nothing to close). */
export function monitorSettingsOf(d: Deployment): MonitorSettings | undefined {
  const m = d.config.monitor;
  if (m === undefined || m === null) return undefined;
  const at = `deployment ${d.name}: config.monitor`;
  const o = object(m, at);
  const window = optObject(o.window, `${at}.window`);
  const accuracy = optObject(o.accuracy, `${at}.accuracy`);
  const latency = optObject(o.latency, `${at}.latency`);
  const errorRate = optObject(o.error_rate, `${at}.error_rate`);
  const reference = optObject(o.reference_profile, `${at}.reference_profile`);
  const thresholds: Thresholds = {};
  if (accuracy?.min !== undefined) {
    const metric = (accuracy.metric ?? 'accuracy') as AccuracyMetric;
    if (!ACCURACY_METRICS.includes(metric)) throw bad(`${at}.accuracy.metric`, `is ${JSON.stringify(accuracy.metric)}`, `one of ${ACCURACY_METRICS.join(', ')}`);
    thresholds.accuracy = { metric, min: number(accuracy.min, `${at}.accuracy.min`, 0, 1) };
  }
  if (latency) {
    thresholds.latency = {};
    for (const p of ['p50', 'p95', 'p99'] as const) if (latency[`${p}_ms`] !== undefined) thresholds.latency[`${p}Ms`] = number(latency[`${p}_ms`], `${at}.latency.${p}_ms`, 0);
  }
  if (errorRate) thresholds.errorRate = { max: number(errorRate.max, `${at}.error_rate.max`, 0, 1) };
  return {
    deployment: d.name,
    window: window?.duration !== undefined ? { durationMs: parseDuration(string(window.duration, `${at}.window.duration`), `${at}.window.duration`) } : { size: window?.size !== undefined ? integer(window.size, `${at}.window.size`) : DEFAULT_WINDOW_SIZE },
    features: o.features === undefined ? undefined : array(o.features, `${at}.features`).map((f, i) => string(f, `${at}.features[${i}]`)),
    drift: o.drift === undefined ? undefined : (object(o.drift, `${at}.drift`)),
    threshold: accuracy?.threshold === undefined ? 0.5 : number(accuracy.threshold, `${at}.accuracy.threshold`, 0, 1),
    thresholds,
    rules: (o.alerts === undefined ? [] : array(o.alerts, `${at}.alerts`)).map((r, i) => ruleOf(object(r, `${at}.alerts[${i}]`), `${at}.alerts[${i}]`)),
    reference: reference && { dataset: string(reference.dataset, `${at}.reference_profile.dataset`), hash: string(reference.hash, `${at}.reference_profile.hash`) },
  };
}

function ruleOf(r: Obj, at: string): AlertRule {
  const on = string(r.on, `${at}.on`) as AlertEvent;
  if (!ALERT_EVENTS.includes(on)) throw bad(`${at}.on`, `is "${on}"`, `one of ${ALERT_EVENTS.join(', ')}`);
  return {
    on,
    webhook: r.webhook === undefined ? undefined : string(r.webhook, `${at}.webhook`),
    command: r.command === undefined ? undefined : string(r.command, `${at}.command`),
    policy: {
      fireAfter: r.after === undefined ? 1 : integer(r.after, `${at}.after`),
      resolveAfter: r.resolve_after === undefined ? 2 : integer(r.resolve_after, `${at}.resolve_after`),
      cooldownMs: r.cooldown === undefined ? 0 : parseDuration(string(r.cooldown, `${at}.cooldown`), `${at}.cooldown`),
    },
  };
}

function bad(field: string, what: string, want: string): PonteError {
  return new PonteError('monitor.bad_settings', `${field} ${what}`, { hint: `it must be ${want}; fix the monitor block of ponte.yaml and deploy again` });
}
function object(v: Json | undefined, at: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(at, `is ${JSON.stringify(v) ?? 'missing'}`, 'a mapping');
  return v;
}
const optObject = (v: Json | undefined, at: string) => (v === undefined || v === null ? undefined : object(v, at));
function array(v: Json | undefined, at: string): Json[] {
  if (!Array.isArray(v)) throw bad(at, `is ${JSON.stringify(v)}`, 'a list');
  return v;
}
function string(v: Json | undefined, at: string): string {
  if (typeof v !== 'string' || v === '') throw bad(at, `is ${JSON.stringify(v) ?? 'missing'}`, 'a non-empty string');
  return v;
}
function number(v: Json | undefined, at: string, min: number, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw bad(at, `is ${JSON.stringify(v) ?? 'missing'}`, `a number from ${min}${max === Infinity ? ' up' : ` to ${max}`}`);
  return v;
}
function integer(v: Json | undefined, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw bad(at, `is ${JSON.stringify(v) ?? 'missing'}`, 'a whole number of at least 1');
  return v;
}

/**
 * ponte.yaml's monitor block, as the typed project model holds it, in the form the backend keeps
 * with a deployment (`config.monitor`, ponte.yaml's own key names): `ponte deploy` sends it, so a
 * backend without the checkout closes windows, judges drift and fires alerts the same way.
 */
export function monitorBlock(m: MonitorConfig, reference?: { dataset: string; hash: string }): Obj {
  const out: Obj = { features: m.features };
  if (m.prediction) out.prediction = m.prediction;
  if (m.label) out.label = m.label;
  if (m.window?.size !== undefined) out.window = { size: m.window.size };
  else if (m.window?.duration !== undefined) out.window = { duration: m.window.duration };
  const drift: Obj = { method: m.drift.method, share: m.drift.share };
  if (m.drift.threshold !== undefined) drift.threshold = m.drift.threshold;
  if (m.drift.columns.length) {
    drift.columns = Object.fromEntries(m.drift.columns.map((c): [string, Json] => [c.name, { ...(c.method ? { method: c.method } : {}), ...(c.threshold !== undefined ? { threshold: c.threshold } : {}) }]));
  }
  out.drift = drift;
  if (m.accuracy && m.accuracy.metric !== 'auc') out.accuracy = { metric: m.accuracy.metric, min: m.accuracy.min, threshold: m.accuracy.threshold };
  if (m.latency) {
    const l: Obj = {};
    if (m.latency.p50Ms !== undefined) l.p50_ms = m.latency.p50Ms;
    if (m.latency.p95Ms !== undefined) l.p95_ms = m.latency.p95Ms;
    if (m.latency.p99Ms !== undefined) l.p99_ms = m.latency.p99Ms;
    out.latency = l;
  }
  if (m.errorRate) out.error_rate = { max: m.errorRate.max };
  out.alerts = m.alerts.map((a) => {
    const r: Obj = { on: a.on };
    if (a.webhook) r.webhook = a.webhook;
    if (a.command) r.command = a.command;
    if (a.cooldown) r.cooldown = a.cooldown;
    if (a.after !== undefined) r.after = a.after;
    if (a.resolveAfter !== undefined) r.resolve_after = a.resolveAfter;
    return r;
  });
  if (reference) out.reference_profile = reference;
  return out;
}
