// The Deployments feature's one owner of state: the live deployments the backend knows (with
// their request rates), refreshed from the backend's event stream, a channel for build and
// deploy logs, and the Deployments view's rows (declared in ponte.yaml, made live).
import * as vscode from 'vscode';
import type { Deployment } from '../../core/api';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { deploymentRows, nodeKinds } from '../views/rows';
import { deploymentChildRows, deploymentKinds, historyRows, liveRow, type DeploymentRowData, type LiveDeployment } from './rows';

/** How often request rates may be re-read while predictions stream in. */
const RATE_REFRESH_MS = 5000;

export class DeploymentsFeature implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Ponte Deployments');
  private live = new Map<string, LiveDeployment>();
  private loaded = false;
  private rateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: PonteContext) {}

  /** Re-reads the deployments from the backend, then redraws the view. */
  async reload(): Promise<void> {
    if (!this.ctx.isTrusted()) return;
    try {
      const api = await this.ctx.backend.api();
      const deployments = await api.listDeployments();
      const since = new Date(Date.now() - 60_000).toISOString();
      const next = new Map<string, LiveDeployment>();
      for (const d of deployments) {
        let rate: number | undefined;
        if (d.status === 'running') {
          const page = await api.listPredictions({ deployment: d.name, since, limit: 1000 }).catch(() => undefined);
          rate = page ? page.items.length / 60 : undefined;
        }
        next.set(d.name, { deployment: d, rate });
      }
      this.live = next;
      this.loaded = true;
    } catch (e) {
      this.ctx.log.warn(`deployments: ${(e as Error).message}`);
    }
    await this.ctx.trees.deployments.refresh();
  }

  /** A deployment changed: take it from the event at once (no read), and redraw. */
  changed(d: Deployment): void {
    this.live.set(d.name, { deployment: d, rate: this.live.get(d.name)?.rate });
    void this.ctx.trees.deployments.refresh();
  }

  /** Predictions arrived: rates are re-read at most every few seconds. */
  predictionsArrived(): void {
    this.rateTimer ??= setTimeout(() => {
      this.rateTimer = undefined;
      void this.reload();
    }, RATE_REFRESH_MS);
  }

  get(name: string): Deployment | undefined {
    return this.live.get(name)?.deployment;
  }

  /** The contributor: declared rows made live, live ones not declared, then containers and history. */
  async rows(parent: PonteNode | undefined): Promise<PonteNode[]> {
    await this.ctx.project.ready();
    const models = this.ctx.project.models();
    if (parent === undefined || parent.kind === nodeKinds.root) {
      if (!this.loaded && this.ctx.isTrusted()) void this.reload();
      const declared = deploymentRows(models, parent);
      const now = Date.now();
      const rows = declared.map((r) => {
        if (r.kind !== deploymentKinds.deployment) return r;
        const data = r.data as { root: string; deployment: { name: string } };
        return liveRow(r, data.deployment.name, this.live.get(data.deployment.name), now, data.root);
      });
      if (parent === undefined && models.length <= 1) {
        const names = new Set(rows.map((r) => (r.data as DeploymentRowData | undefined)?.name));
        for (const [name, live] of this.live) if (!names.has(name)) rows.push(liveRow(undefined, name, live, now, models[0]?.root));
      }
      return rows;
    }
    if (parent.kind === deploymentKinds.deployment) return deploymentChildRows(parent);
    if (parent.kind === deploymentKinds.history) {
      const { name } = parent.data as DeploymentRowData;
      const api = await this.ctx.backend.api();
      return historyRows(parent, (await api.deploymentHistory(name)).slice(0, 50));
    }
    return [];
  }

  dispose(): void {
    clearTimeout(this.rateTimer);
    this.channel.dispose();
  }
}
