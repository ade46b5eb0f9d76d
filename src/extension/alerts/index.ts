// Alerts in the editor: each `alert.fired` of the backend's event stream becomes a notification
// (Open Dashboard, Retrain, Acknowledge; with retrain.mode: ask it shows the alert's evidence
// and asks), a status bar item stays while an alert is open, and with retrain.mode: auto an alert
// on a rule in retrain.on starts the retrain itself (the editor has the checkout and the Docker
// engine that a remote backend lacks). In an untrusted workspace nothing runs: no Retrain.
import * as vscode from 'vscode';
import type { Alert } from '../../core/api';
import { alertEvidence, retrainOffer } from '../../core/retrain/alert-policy';
import type { PonteContext } from '../context';
import type { CommandHandler } from '../commands';
import { retrainRoot, runRetrain } from './retrain-action';

export const OPEN_DASHBOARD = 'ponte.openDashboard';

/** Owns the open alerts, their status bar item, and the one retrain the editor runs at a time. */
class AlertsFeature implements vscode.Disposable {
  private readonly open = new Map<string, Alert>();
  private readonly item = vscode.window.createStatusBarItem('ponte.alerts', vscode.StatusBarAlignment.Left, 9);
  private retraining: Promise<unknown> | undefined;

  constructor(private readonly ctx: PonteContext) {
    this.item.name = 'Ponte Alerts';
    this.item.command = { command: OPEN_DASHBOARD, title: 'Open Monitoring', arguments: [{ panel: 'dashboard', tab: 'monitoring' }] };
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  onEvent(e: { type: string; alert?: Alert }): void {
    if (!e.alert) return;
    if (e.type === 'alert.fired') {
      this.open.set(e.alert.id, e.alert);
      void this.notify(e.alert);
    } else if (e.type === 'alert.acknowledged' || e.type === 'alert.resolved') {
      this.open.delete(e.alert.id);
    }
    this.render();
  }

  /** The alerts already open when the backend connects (fired before this window opened): the status bar only. */
  async loadOpen(): Promise<void> {
    try {
      const page = await (await this.ctx.backend.api()).listAlerts({ status: 'open', limit: 100 });
      this.open.clear();
      for (const a of page.items) this.open.set(a.id, a);
      this.render();
    } catch (e) {
      this.ctx.log.warn(`alerts: could not list the open alerts: ${(e as Error).message}`);
    }
  }

  private render(): void {
    const alerts = [...this.open.values()];
    if (alerts.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(warning) ${alerts.length === 1 ? `${alerts[0].rule ?? alerts[0].kind} alert` : `${alerts.length} alerts`}`;
    this.item.tooltip = alerts.map((a) => alertEvidence(a)).join('\n');
    this.item.show();
  }

  private async notify(alert: Alert): Promise<void> {
    const target = retrainRoot(this.ctx, alert.deployment ?? undefined);
    const model = this.ctx.project.models().find((m) => m.root === target?.root);
    const offer = this.ctx.isTrusted() && target ? retrainOffer(alert, model?.config) : 'none';
    if (offer === 'auto') {
      this.ctx.log.info(`alert ${alert.id} (${alert.rule ?? alert.kind} on ${alert.deployment}): retrain.mode is auto, retraining`);
      void vscode.window.showWarningMessage(`${alertEvidence(alert)} Retraining (retrain.mode: auto).`, 'Open Dashboard').then((c) => this.act(c, alert));
      void this.retrain(target!.root, alert.deployment ?? target!.deployment);
      return;
    }
    const actions = ['Open Dashboard', ...(offer === 'ask' ? ['Retrain'] : []), 'Acknowledge'];
    const text = offer === 'ask' ? `${alertEvidence(alert)} Retrain ${alert.deployment} on the new production data?` : alertEvidence(alert);
    const choice = await vscode.window.showWarningMessage(text, ...actions);
    if (choice === 'Retrain') void this.retrain(target!.root, alert.deployment ?? target!.deployment);
    else this.act(choice, alert);
  }

  private act(choice: string | undefined, alert: Alert): void {
    if (choice === 'Open Dashboard') void openDashboard(this.ctx);
    if (choice === 'Acknowledge') void this.acknowledge(alert);
  }

  private async acknowledge(alert: Alert): Promise<void> {
    try {
      await (await this.ctx.backend.api()).acknowledgeAlert(alert.id, process.env.USER || 'vscode');
      this.open.delete(alert.id);
      this.render();
    } catch (e) {
      this.ctx.showError(e);
    }
  }

  /** One retrain at a time from this editor; the CLI's lock refuses one started elsewhere. */
  retrain(root: string, deployment: string | undefined): Promise<unknown> {
    if (this.retraining) {
      void vscode.window.showInformationMessage('A retrain is already running; its progress is in the notification.');
      return this.retraining;
    }
    this.retraining = runRetrain(this.ctx, root, deployment)
      .catch((e) => this.ctx.showError(e))
      .finally(() => (this.retraining = undefined));
    return this.retraining;
  }

  dispose(): void {
    this.item.dispose();
  }
}

async function openDashboard(ctx: PonteContext): Promise<void> {
  try {
    await vscode.commands.executeCommand(OPEN_DASHBOARD);
  } catch (e) {
    ctx.log.error(`Open Dashboard: ${(e as Error).message}`);
    void vscode.window.showInformationMessage('The dashboard is not available in this build of Ponte.');
  }
}

/** The feature of each context, for the palette command (which receives only the context). */
const features = new WeakMap<PonteContext, AlertsFeature>();

export function registerAlerts(ctx: PonteContext): void {
  const f = new AlertsFeature(ctx);
  features.set(ctx, f);
  ctx.subscriptions.push(
    f,
    ctx.backend.onEvent((e) => f.onEvent(e)),
    ctx.backend.onDidChangeState((s) => {
      if (s.kind === 'ready') void f.loadOpen();
    }),
    { dispose: () => features.delete(ctx) },
  );
}

/** `ponte.retrain`: retrain a deployment now (the palette's way to what an alert's Retrain does). */
const retrainCommand: CommandHandler = async (ctx) => {
  const target = retrainRoot(ctx);
  if (!target) {
    void vscode.window.showWarningMessage('No ponte.yaml in this workspace has a retrain section.');
    return;
  }
  const feature = features.get(ctx);
  await (feature ? feature.retrain(target.root, target.deployment) : runRetrain(ctx, target.root, target.deployment));
};

export const alertCommands: Record<string, CommandHandler> = {
  'ponte.retrain': retrainCommand,
};
