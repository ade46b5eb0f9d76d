// When an alert fires and when it resolves. Each closed window is judged per event (drift,
// accuracy, latency, error rate): bad, good, or not measurable (no labels yet). A rule fires after
// `fireAfter` bad windows in a row and resolves after `resolveAfter` good ones (hysteresis, so a
// value hovering at the threshold does not flap); it does not fire again while firing
// (deduplication), nor within `cooldown` of its last firing. The decision reads only the window
// history and the open alert, both in the store, so any server process reaches the same answer.
import type { WindowStats } from './window';

export const ALERT_EVENTS = ['drift', 'accuracy', 'latency', 'error_rate'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface Thresholds {
  accuracy?: { metric: 'accuracy' | 'precision' | 'recall' | 'f1'; min: number };
  latency?: { p50Ms?: number; p95Ms?: number; p99Ms?: number };
  errorRate?: { max: number };
}

/** Why a window is bad for an event (a sentence), `false` when it is good, `undefined` when it cannot tell. */
export type Verdict = string | false | undefined;

export function judgeWindow(stats: WindowStats, t: Thresholds): Record<AlertEvent, Verdict> {
  const drift: Verdict = !stats.drift ? undefined : stats.drift.datasetDrift
    ? `dataset drift: ${stats.drift.columns.filter((c) => c.drifted).map((c) => c.column).join(', ')} drifted (share ${round(stats.drift.share)})`
    : false;
  let accuracy: Verdict;
  if (t.accuracy) {
    const value = stats[t.accuracy.metric];
    accuracy = value === null || stats.labelled === 0 ? undefined : value < t.accuracy.min ? `${t.accuracy.metric} ${round(value)} < ${t.accuracy.min} (${stats.labelled} labels)` : false;
  }
  let latency: Verdict;
  if (t.latency && stats.latency) {
    const over = (['p50', 'p95', 'p99'] as const)
      .filter((p) => t.latency![`${p}Ms`] !== undefined && stats.latency![p] > t.latency![`${p}Ms`]!)
      .map((p) => `${p} ${round(stats.latency![p])} ms > ${t.latency![`${p}Ms`]} ms`);
    latency = over.length ? `latency ${over.join(', ')}` : false;
  }
  const errorRate: Verdict = t.errorRate && stats.count ? (stats.errorRate > t.errorRate.max ? `error rate ${round(stats.errorRate)} > ${t.errorRate.max}` : false) : undefined;
  return { drift, accuracy, latency, error_rate: errorRate };
}

export interface RulePolicy {
  fireAfter: number;
  resolveAfter: number;
  cooldownMs: number;
}

export const DEFAULT_POLICY: RulePolicy = { fireAfter: 1, resolveAfter: 2, cooldownMs: 0 };

export type Decision = { action: 'fire'; reason: string } | { action: 'resolve'; reason: string } | { action: 'none' };

/**
 * `verdicts`: this event's verdicts of the deployment's windows, newest first (the window just
 * closed first). `open`: whether an alert of this event is open. `lastFiredAt`: when one last fired.
 */
export function decide(verdicts: Verdict[], open: boolean, lastFiredAt: number | undefined, now: number, policy: RulePolicy = DEFAULT_POLICY): Decision {
  const measured = verdicts.filter((v) => v !== undefined);
  if (!open) {
    const streak = measured.slice(0, policy.fireAfter);
    if (streak.length < policy.fireAfter || !streak.every((v) => typeof v === 'string')) return { action: 'none' };
    if (lastFiredAt !== undefined && now - lastFiredAt < policy.cooldownMs) return { action: 'none' };
    return { action: 'fire', reason: streak[0] };
  }
  const calm = measured.slice(0, policy.resolveAfter);
  if (calm.length < policy.resolveAfter || !calm.every((v) => v === false)) return { action: 'none' };
  return { action: 'resolve', reason: `${policy.resolveAfter} good window${policy.resolveAfter > 1 ? 's' : ''} in a row` };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
