// Compare Runs: the runs selected in the Experiments view (or picked), side by side in a webview
// panel that a serializer restores after a reload from the run ids it remembered.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PonteApi } from '../../core/api';
import { PonteError } from '../../core/errors';
import { compareRuns } from '../../core/pipeline/compare-runs';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { comparisonHtml } from './compare-html';
import { projectOf } from './runs-tree';

export const COMPARE_VIEW = 'ponte.compareRuns';

export async function backendApi(ctx: PonteContext): Promise<PonteApi> {
  ctx.requireTrust('Reading runs');
  return ctx.backend.api();
}

function runIdOf(node: PonteNode | undefined): string | undefined {
  return (node?.data as { run?: { id: string } } | undefined)?.run?.id;
}

/** `ponte.compareRuns`: the selected runs (two or more), or runs picked from the latest ones. */
export async function compareRunsCommand(ctx: PonteContext, node?: PonteNode, selected?: PonteNode[]): Promise<void> {
  const client = await backendApi(ctx);
  let ids = (selected ?? []).map(runIdOf).filter((x): x is string => !!x);
  if (ids.length < 2) {
    const project = projectOf(ctx.project.models()[0] ?? { root: ctx.roots()[0] ?? 'project' });
    const page = await client.searchRuns({ project, limit: 100 });
    const first = runIdOf(node);
    const picks = page.items.map((r) => ({
      label: r.id.slice(0, 8), description: `${r.createdAt.replace('T', ' ').slice(0, 16)} · ${r.status}`,
      detail: Object.entries(r.metrics).slice(0, 4).map(([k, v]) => `${k} ${Number(v.toPrecision(6))}`).join(' · '), picked: r.id === first, id: r.id,
    }));
    const chosen = await vscode.window.showQuickPick(picks, { canPickMany: true, title: 'Ponte: Compare Runs', placeHolder: 'Pick two or more runs' });
    if (!chosen) return;
    ids = chosen.map((c) => c.id);
  }
  if (ids.length < 2) throw new PonteError('usage.compare_two', 'pick at least two runs to compare');
  const panel = vscode.window.createWebviewPanel(COMPARE_VIEW, `Compare ${ids.length} Runs`, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
  await renderComparison(ctx, panel, ids);
}

async function renderComparison(ctx: PonteContext, panel: vscode.WebviewPanel, ids: string[]): Promise<void> {
  const client = await backendApi(ctx);
  const runs = await Promise.all(ids.map((id) => client.getRun(id)));
  panel.webview.html = comparisonHtml(compareRuns(runs), { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource });
}

/** Restores Compare Runs panels after a reload, from the run ids the page remembered. */
export function registerCompareSerializer(ctx: PonteContext): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW, {
    async deserializeWebviewPanel(panel, saved: { ids?: string[] } | undefined) {
      panel.webview.options = { enableScripts: true, localResourceRoots: [] };
      if (saved?.ids?.length) await renderComparison(ctx, panel, saved.ids).catch((e) => ctx.showError(e));
    },
  });
}
