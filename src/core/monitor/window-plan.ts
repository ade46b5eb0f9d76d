// What the store needs to close one window of a deployment, built from its monitoring settings
// and the reference profile: a fresh accumulator per window, the window's verdicts kept in its
// stats (so later decisions read the history without judging again), and the alert changes the
// rules decide from that history.
import type { Alert, AlertChange, Json, MonitoringWindow, RescorePlan, WindowPlan } from '../api';
import type { DatasetProfile } from '../drift';
import { ALERT_EVENTS, decide, judgeWindow, type AlertEvent, type Verdict } from './alert-rules';
import type { AlertRule, MonitorSettings } from './settings';
import { WindowAccumulator, type WindowStats } from './window';

/** Predictions this young are left for the next look (the proxy's recorder flushes every 200 ms). */
export const SETTLE_MS = 2_000;
/**
 * After each page the closer rests this many times as long as the page took: a window is not
 * urgent, and on a small machine the proxy's ingest shares the cores with it.
 */
export const PACE = 1;

export function windowPlan(settings: MonitorSettings, reference: DatasetProfile | undefined, settleMs = SETTLE_MS): WindowPlan {
  const acc = new WindowAccumulator({ features: settings.features, reference, drift: settings.drift, threshold: settings.threshold });
  return {
    ...('size' in settings.window ? { size: settings.window.size } : { durationMs: settings.window.durationMs }),
    settleMs,
    fold: (page) => page.forEach((p) => acc.add(p)),
    pace: (ms) => new Promise((r) => setTimeout(r, ms * PACE)),
    finish: () => {
      const stats = acc.finish();
      const verdicts = judgeWindow(stats, settings.thresholds);
      // null, not undefined, for "cannot tell": JSON keeps it.
      const kept = Object.fromEntries(ALERT_EVENTS.map((e) => [e, verdicts[e] ?? null]));
      return { ...(JSON.parse(JSON.stringify(stats)) as Record<string, Json>), verdicts: kept };
    },
    alerts: (history, open, lastFired, now) => alertChanges(settings.rules, history, open, lastFired, now),
  };
}

/** Accuracy and its verdict scored again from a closed window's labelled predictions (late labels). */
export function rescorePlan(settings: MonitorSettings): RescorePlan {
  const acc = new WindowAccumulator({ threshold: settings.threshold });
  return {
    fold: (page) => page.forEach((p) => acc.add(p)),
    finish: (stats) => {
      const s = acc.finish();
      const scored = { labelled: s.labelled, accuracy: s.accuracy, precision: s.precision, recall: s.recall, f1: s.f1 };
      const verdict = judgeWindow({ ...(stats as unknown as WindowStats), ...scored }, settings.thresholds).accuracy;
      return { ...scored, verdicts: { ...((stats.verdicts ?? {}) as Record<string, Json>), accuracy: verdict ?? null } };
    },
    alerts: (history, open, lastFired, now) => alertChanges(settings.rules, history, open, lastFired, now),
  };
}

/** One decision per event that has a rule: rules on the same event share one alert (the first rule's hysteresis and cooldown). */
export function alertChanges(rules: AlertRule[], history: MonitoringWindow[], open: Alert[], lastFired: Record<string, string>, now: number): AlertChange[] {
  const changes: AlertChange[] = [];
  const seen = new Set<AlertEvent>();
  for (const rule of rules) {
    if (seen.has(rule.on)) continue;
    seen.add(rule.on);
    const verdicts = history.map((w) => verdictOf(w, rule.on));
    const current = open.find((a) => a.rule === rule.on);
    const last = lastFired[rule.on] === undefined ? undefined : Date.parse(lastFired[rule.on]);
    const d = decide(verdicts, current !== undefined, last, now, rule.policy);
    if (d.action === 'fire') {
      changes.push({ action: 'fire', rule: rule.on, severity: rule.on === 'error_rate' ? 'critical' : 'warning', message: d.reason, details: { window: history[0]?.id ?? null, seq: history[0]?.seq ?? null } });
    } else if (d.action === 'resolve') {
      changes.push({ action: 'resolve', alertId: current!.id, reason: d.reason });
    }
  }
  return changes;
}

function verdictOf(w: MonitoringWindow, event: AlertEvent): Verdict {
  const v = (w.stats.verdicts as Record<string, Json> | undefined)?.[event];
  return typeof v === 'string' ? v : v === false ? false : undefined;
}
