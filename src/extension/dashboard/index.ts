// The dashboard in the editor: the panel host on `ctx.dashboard` (dashboard, Compare Runs and the
// drift report all restore after a reload), "Ponte: Open Dashboard", "Open in Dashboard" on run,
// dataset and deployment rows (on the right tab, with that selection), acknowledging an alert,
// and a status bar item while an alert is open. Panel controllers load on first use.
import * as vscode from 'vscode';
import type { DashboardTab, PanelState } from '../../shared/webview-protocol';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { DashboardFeature } from './feature';

export { DashboardFeature } from './feature';

export function registerDashboard(ctx: PonteContext): void {
  const feature = new DashboardFeature(ctx);
  ctx.dashboard = feature;
  ctx.subscriptions.push(feature);
}

/** The state "Open in Dashboard" opens for a tree row, or undefined for a row it does not know. */
export function stateForRow(node: PonteNode | undefined): PanelState | undefined {
  const data = node?.data as { run?: { id?: string }; dataset?: { name?: string }; deployment?: { name?: string }; name?: string } | undefined;
  if (!node || !data) return undefined;
  const at = (tab: DashboardTab, extra: Partial<PanelState>): PanelState => ({ panel: 'dashboard', tab, ...extra });
  if (node.kind === 'ponte.run' && data.run?.id) return at('experiments', { runs: [data.run.id] });
  if (node.kind === 'ponte.dataset' && data.dataset?.name) return at('data', { dataset: data.dataset.name });
  if (node.kind === 'ponte.deployment') {
    const name = data.deployment?.name ?? data.name;
    if (name) return at('monitoring', { deployment: name });
  }
  return undefined;
}

/** `ponte.openDashboard`: the palette and every tree's toolbar. */
export function openDashboard(ctx: PonteContext, state?: PanelState): void {
  ctx.requireTrust('Opening the dashboard');
  ctx.dashboard.show(state && typeof state === 'object' && (state as { panel?: unknown }).panel === 'dashboard' ? state : { panel: 'dashboard' });
}

/** `ponte.openInDashboard`: a run, dataset or deployment row. */
export function openInDashboard(ctx: PonteContext, node?: PonteNode): void {
  ctx.requireTrust('Opening the dashboard');
  ctx.dashboard.show(stateForRow(node) ?? { panel: 'dashboard' });
}

/** `ponte.acknowledgeAlert`: an alert id (from the dashboard), or one picked among the open ones. */
export async function acknowledgeAlert(ctx: PonteContext, id?: string): Promise<void> {
  ctx.requireTrust('Acknowledging an alert');
  const api = await ctx.backend.api();
  let alertId = typeof id === 'string' ? id : undefined;
  if (!alertId) {
    const open = (await api.listAlerts({ status: 'open', limit: 100 })).items;
    if (open.length === 0) {
      void vscode.window.showInformationMessage('No open alert.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      open.map((a) => ({ label: `${a.deployment ?? ''} ${a.rule ?? a.kind}`.trim(), description: a.firedAt.replace('T', ' ').slice(0, 16), detail: a.message, id: a.id })),
      { title: 'Ponte: Acknowledge Alert' },
    );
    alertId = pick?.id;
  }
  if (alertId) await api.acknowledgeAlert(alertId);
}

export const dashboardCommands = {
  'ponte.openDashboard': openDashboard,
  'ponte.openInDashboard': openInDashboard,
  'ponte.acknowledgeAlert': acknowledgeAlert,
};
