// `ponte retrain --watch`: the loop closed without an editor open. It follows the backend's event
// stream; an alert that retrain.mode: auto answers (core/retrain's retrainOffer) starts a
// retrain, one at a time; with `ask` it prints the evidence and the command (or retrains, given
// --approve: the operator's consent given once for the watch). Ctrl-C cancels a running retrain
// and ends the watch.
import type { Alert, PonteApi, PonteEvent } from '../../core/api';
import { isPonteError } from '../../core/errors';
import type { PonteConfig } from '../../core/project';
import type { RetrainResult } from '../../core/retrain';
import { alertEvidence, retrainOffer, type RetrainOffer } from '../../core/retrain/alert-policy';

export interface WatchOptions {
  api: PonteApi;
  config: PonteConfig;
  /** --approve: alerts that `ask` retrain too. */
  approve: boolean;
  signal: AbortSignal;
  /** Runs one retrain of that deployment to its end (it honours `signal`). */
  retrain(deployment: string): Promise<RetrainResult>;
  /** What happened: a line for a person, or one JSON object a line for a log collector. */
  report(entry: WatchEntry): void;
}

export type WatchEntry =
  | { event: 'watching'; deployments: string[]; open: number }
  | { event: 'alert'; alert: Alert; offer: RetrainOffer; action: 'retrain' | 'queued' | 'ask' | 'none'; text: string }
  | { event: 'retrained'; result: RetrainResult }
  /** A retrain refused before its first step (another one holds the lock, ponte.yaml broke meanwhile). */
  | { event: 'refused'; deployment: string; code: string; message: string; hint?: string };

/** Follows alerts until `signal` aborts, then waits for a running retrain to stop; resolves with 130. */
export async function watchAlerts(o: WatchOptions): Promise<number> {
  const pending: string[] = [];
  let active: string | undefined;
  let running: Promise<void> | undefined;
  const deployments = [...new Set([o.config.retrain?.promote, o.config.monitor?.deployment].filter((d): d is string => !!d))];
  // Alerts open before the watch began are someone else's to act on; the ids seen since are
  // acted on once, whether they arrive as events or are found after a reconnection.
  const seen = new Set<string>();
  const listOpen = () => o.api.listAlerts({ status: 'open', limit: 100 }).then((p) => p.items);
  const before = await listOpen().catch(() => []);
  for (const a of before) seen.add(a.id);

  const next = () => {
    if (running || o.signal.aborted) return;
    const deployment = pending.shift();
    if (!deployment) return;
    active = deployment;
    running = o
      .retrain(deployment)
      .then(
        (result) => o.report({ event: 'retrained', result }),
        (e: unknown) => o.report({ event: 'refused', deployment, code: isPonteError(e) ? e.code : 'internal', message: (e as Error)?.message ?? String(e), hint: isPonteError(e) ? e.hint : undefined }),
      )
      .finally(() => {
        running = undefined;
        active = undefined;
        next();
      });
  };

  const onAlert = (alert: Alert) => {
    if (seen.has(alert.id) || o.signal.aborted) return;
    seen.add(alert.id);
    const offer = retrainOffer(alert, o.config);
    const evidence = alertEvidence(alert);
    const deployment = alert.deployment ?? '';
    if (offer === 'auto' || (offer === 'ask' && o.approve)) {
      // A second alert for a deployment retraining or queued adds nothing: a retrain exports
      // every window closed since the last one.
      const busy = active === deployment || pending.includes(deployment);
      o.report({ event: 'alert', alert, offer, action: busy ? 'queued' : 'retrain', text: `${evidence} ${busy ? `A retrain of ${deployment} is already under way or queued.` : `Retraining ${deployment}.`}` });
      if (!busy) {
        pending.push(deployment);
        next();
      }
      return;
    }
    const text = offer === 'ask' ? `${evidence} retrain.mode is ask: ponte retrain --deployment ${deployment} --approve (or watch with --approve).` : evidence;
    o.report({ event: 'alert', alert, offer, action: offer === 'ask' ? 'ask' : 'none', text });
  };

  let announced = false;
  const unsubscribe = o.api.subscribe(
    (event: PonteEvent) => {
      if (event.type === 'alert.fired') onAlert(event.alert);
    },
    (connected) => {
      if (!connected) return;
      if (!announced) {
        announced = true;
        o.report({ event: 'watching', deployments, open: before.length });
        return;
      }
      // Reconnected: what fired while the stream was down.
      void listOpen().then((alerts) => alerts.reverse().forEach(onAlert), () => undefined);
    },
  );
  try {
    await new Promise<void>((resolve) => {
      if (o.signal.aborted) return resolve();
      o.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await running;
    return 130;
  } finally {
    unsubscribe();
  }
}
