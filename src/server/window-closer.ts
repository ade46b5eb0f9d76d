// Closes every monitored deployment's windows in the server process: every second it asks the
// store to close each deployment's next window until none is complete, so a restart catches up
// (predictions settle for 2 s before a window takes them, so reacting to each ingest would gain
// nothing). The store's lock and cursor make a close happen once across every `ponte serve` on
// one database; this loop only decides when to ask. Late labels get their windows scored again.
// Alerts a window fires or resolves are delivered after its commit.
import type { ClosedWindow, Deployment, MonitoringWindow, PonteEvent } from '../core/api';
import { profileFromJson, type DatasetProfile } from '../core/drift';
import { monitorSettingsOf, rescorePlan, windowPlan, SETTLE_MS, type MonitorSettings } from '../core/monitor';
import type { SqlStore } from '../core/store';
import { deliverAlert, type DeliveryOptions } from './alert-delivery';
import type { Logger } from './log';

export interface WindowCloserOptions {
  intervalMs?: number;
  settleMs?: number;
  delivery?: DeliveryOptions;
  /** Told of each window this process closes (CloudWatch EMF); what it throws is logged, not fatal. */
  onClosed?: (window: MonitoringWindow) => void;
}

export interface WindowCloser {
  /** One pass over every deployment now; resolves with the windows closed (tests, shutdown). */
  pass(): Promise<number>;
  /** Resolves when the windows of the labels received so far are scored again. */
  rescored(): Promise<void>;
  /** Stops the timer and waits for the pass and deliveries under way. */
  stop(): Promise<void>;
}

export function startWindowCloser(store: SqlStore, log: Logger, o: WindowCloserOptions = {}): WindowCloser {
  const profiles = new Map<string, DatasetProfile>();
  const reported = new Set<string>();
  const deliveries = new Set<Promise<void>>();
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  const reference = async (s: MonitorSettings): Promise<DatasetProfile | undefined> => {
    if (!s.reference) return undefined;
    const key = `${s.reference.dataset}@${s.reference.hash}`;
    if (!profiles.has(key)) {
      const stored = await store.getReferenceProfile(s.reference.dataset, s.reference.hash);
      if (!stored) throw new Error(`the reference profile ${key} is not stored; run ponte deploy again to upload it`);
      profiles.set(key, profileFromJson(JSON.stringify(stored.profile), `reference profile ${key}`));
    }
    return profiles.get(key);
  };

  const closeAll = async (d: Deployment): Promise<number> => {
    const settings = monitorSettingsOf(d);
    if (!settings) return 0;
    const ref = await reference(settings);
    let closed = 0;
    for (;;) {
      const result = await store.closeWindow(d.name, windowPlan(settings, ref, o.settleMs ?? SETTLE_MS));
      if (!result) return closed;
      closed++;
      log.info('window.closed', { deployment: d.name, seq: result.window.seq, count: result.window.count });
      try {
        o.onClosed?.(result.window);
      } catch (e) {
        log.error('window.export_failed', { deployment: d.name, seq: result.window.seq, message: (e as Error).message });
      }
      deliver(settings, result);
    }
  };

  const deliver = (settings: MonitorSettings, result: ClosedWindow) => {
    for (const [alerts, state] of [[result.fired, 'fired'], [result.resolved, 'resolved']] as const) {
      for (const alert of alerts) {
        log.info(`alert.${state}`, { deployment: settings.deployment, alert: alert.id, rule: alert.rule, message: alert.message });
        const p = deliverAlert(store, log, settings.rules, alert, state, o.delivery).finally(() => deliveries.delete(p));
        deliveries.add(p);
      }
    }
  };

  const pass = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        for (const d of await store.listDeployments().catch(() => [] as Deployment[])) {
          try {
            total += await closeAll(d);
            reported.delete(d.name);
          } catch (e) {
            // Said once per deployment until it works again, not on every tick.
            if (!reported.has(d.name)) log.error('window.close_failed', { deployment: d.name, message: (e as Error).message });
            reported.add(d.name);
          }
        }
      } while (again && !stopped);
      return total;
    })().finally(() => (running = undefined));
    return running;
  };

  // Late labels: the windows they fall in are scored again, one after another.
  let rescoring = Promise.resolve();
  const rescore = (ids: string[]) => {
    rescoring = rescoring.then(async () => {
      const settings = new Map((await store.listDeployments()).map((d) => [d.name, d] as const));
      for (const id of ids) {
        let used: MonitorSettings | undefined;
        const result = await store.rescoreWindow(id, (name) => {
          const d = settings.get(name);
          used = d && monitorSettingsOf(d);
          return used && rescorePlan(used);
        });
        if (result && used) deliver(used, result);
      }
    }).catch((e: Error) => log.error('window.rescore_failed', { message: e.message }));
  };

  const onEvent = (e: PonteEvent) => {
    if (e.type === 'feedback.added' && e.windows.length && !stopped) rescore(e.windows);
    if (e.type === 'deployment.changed') profiles.clear();
  };
  const unsubscribe = store.subscribe(onEvent);
  const timer = setInterval(() => void pass(), o.intervalMs ?? 1_000);
  timer.unref();
  void pass();
  return {
    pass,
    rescored: () => rescoring,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
      await rescoring;
      await Promise.all([...deliveries]);
    },
  };
}
