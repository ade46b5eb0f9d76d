// Alerts beyond the event stream, after the window that caused them has committed: each rule of
// the alert's event gets its webhook (retries, backoff, timeout) and its command (alert JSON on
// stdin, no shell). What still fails is written to the audit log as `alert.dead_letter` with the
// whole payload, so nothing is lost and a person can replay it; a failure never undoes a window.
import type { Alert, Json, PonteApi } from '../core/api';
import { deliverWebhook, runAlertCommand, type AlertRule } from '../core/monitor';
import type { Logger } from './log';

export interface DeliveryOptions {
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Where alert commands run (the workspace root of a local server). */
  cwd?: string;
}

export async function deliverAlert(api: Pick<PonteApi, 'appendAudit'>, log: Logger, rules: AlertRule[], alert: Alert, state: 'fired' | 'resolved', o: DeliveryOptions = {}): Promise<void> {
  const payload = { state, alert } as unknown as Record<string, Json>;
  for (const rule of rules.filter((r) => r.on === alert.rule)) {
    if (rule.webhook) {
      const r = await deliverWebhook(rule.webhook, payload, o);
      if (!r.ok) await deadLetter(api, log, alert, { to: 'webhook', url: rule.webhook, attempts: r.attempts, last: r.last, payload });
    }
    if (rule.command) {
      const r = await runAlertCommand(rule.command, payload, { cwd: o.cwd, timeoutMs: o.timeoutMs }).catch((e: Error) => ({ ok: false, code: null, stderr: e.message }));
      if (!r.ok) await deadLetter(api, log, alert, { to: 'command', command: rule.command, exitCode: r.code, last: r.stderr, payload });
    }
  }
}

async function deadLetter(api: Pick<PonteApi, 'appendAudit'>, log: Logger, alert: Alert, details: Record<string, Json>): Promise<void> {
  log.warn('alert.dead_letter', { alert: alert.id, to: details.to, last: details.last });
  await api.appendAudit({ actor: 'ponte-serve', action: 'alert.dead_letter', target: alert.id, details }).catch((e: Error) => log.error('alert.dead_letter_failed', { alert: alert.id, message: e.message }));
}
