// What an alert means for retraining, decided here so the editor only shows it: whether the
// alert starts a retrain by itself (`retrain.mode: auto` and its rule in `retrain.on`), offers
// one and asks (`ask`), or offers none; and the evidence a person reads before saying yes.
import type { Alert } from '../api';
import type { PonteConfig } from '../project';

export type RetrainOffer = 'auto' | 'ask' | 'none';

/** How the project's retrain block answers this alert; `none` when it cannot retrain that deployment. */
export function retrainOffer(alert: Pick<Alert, 'deployment' | 'rule' | 'kind'>, config: Pick<PonteConfig, 'retrain' | 'monitor' | 'deployments'> | undefined): RetrainOffer {
  const r = config?.retrain;
  if (!r || !alert.deployment) return 'none';
  const watched = r.promote ?? config?.monitor?.deployment;
  if (alert.deployment !== watched && alert.deployment !== config?.monitor?.deployment) return 'none';
  const event = alert.rule ?? alert.kind;
  if (r.mode === 'auto' && (r.on as string[]).includes(event)) return 'auto';
  return 'ask';
}

/** The alert's evidence in one paragraph: what fired, where, on which window, and when. */
export function alertEvidence(alert: Pick<Alert, 'deployment' | 'rule' | 'kind' | 'message' | 'windowId' | 'firedAt' | 'severity'>): string {
  const what = alert.rule ?? alert.kind;
  const where = alert.deployment ? ` on ${alert.deployment}` : '';
  const window = alert.windowId ? ` (window ${alert.windowId.slice(0, 8)})` : '';
  return `${alert.severity === 'critical' ? 'Critical: ' : ''}${what} alert${where}${window}: ${alert.message}. Fired ${alert.firedAt.slice(0, 19).replace('T', ' ')} UTC.`;
}
