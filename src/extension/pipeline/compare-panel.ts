// Compare Runs: the runs selected in the Experiments view (or picked), side by side in the
// compare panel of the webview host (src/extension/webview), which restores it after a reload.
import * as vscode from 'vscode';
import type { PonteApi } from '../../core/api';
import { PonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { projectOf } from './runs-tree';

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
  ctx.dashboard.show({ panel: 'compare', runs: ids });
}
