// The Ponte activity-bar views: Datasets, Experiments, Deployments. Each is a PonteTree whose
// first contributor reads ctx.project; later features add contributors through ctx.trees.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import { toRange } from '../spec-convert';
import type { Range } from '../spec';
import { PonteTree, type PonteTrees } from './tree';
import { datasetRows, nodeKinds, stagePathRows, stageRows } from './rows';

export { PonteTree, type PonteTrees, type PonteNode, type NodeContributor } from './tree';
export { nodeKinds } from './rows';

export const viewIds = { datasets: 'ponte.datasets', experiments: 'ponte.experiments', deployments: 'ponte.deployments' } as const;

export function registerViews(ctx: PonteContext): void {
  const onError = (e: unknown) => ctx.showError(e);
  const trees: PonteTrees = {
    datasets: new PonteTree(viewIds.datasets, onError),
    experiments: new PonteTree(viewIds.experiments, onError),
    deployments: new PonteTree(viewIds.deployments, onError),
  };
  ctx.trees = trees;
  showTrust(ctx, trees);
  // Rows wait for the first read, so an opening view shows rows rather than flashing its welcome.
  const models = async () => {
    await ctx.project.ready();
    return ctx.project.models();
  };
  ctx.subscriptions.push(
    trees.datasets,
    trees.experiments,
    trees.deployments,
    trees.datasets.addContributor(async (parent) => datasetRows(await models(), parent)),
    trees.experiments.addContributor(async (parent) => stageRows(await models(), parent)),
    trees.experiments.addContributor(stagePathRows, { childrenOf: [nodeKinds.stage] }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => showTrust(ctx, trees)),
    ctx.project.onDidChange(() => {
      void trees.datasets.refresh();
      void trees.experiments.refresh();
      void trees.deployments.refresh();
    }),
  );
}

/**
 * In Restricted Mode each view's title says so. (Not `view.message`: a message hides the welcome
 * view of an empty tree.)
 */
function showTrust(ctx: PonteContext, trees: PonteTrees): void {
  const description = ctx.isTrusted() ? undefined : 'Restricted Mode';
  for (const tree of [trees.datasets, trees.experiments, trees.deployments]) tree.view.description = description;
}

/** `ponte.refreshViews`: re-reads the pipeline files now; the trees follow through onDidChange. */
export async function refreshViews(ctx: PonteContext): Promise<void> {
  await ctx.project.refreshNow();
}

/** `ponte.revealDefinition` (rows call it with an absolute file): opens the file a row was declared in and selects the declaration. */
export async function revealDefinition(ctx: PonteContext, location?: { file: string; range: Range }): Promise<void> {
  if (!location) return;
  const selection = toRange(location.range);
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection, preserveFocus: false });
  } catch (e) {
    // The file went away since the view was drawn (a checkout, a rename): say so and redraw.
    void ctx.project.refresh();
    throw new PonteError('view.stale', `cannot open ${location.file}`, { file: location.file, hint: 'the file may have moved or been deleted; the views are being refreshed', cause: e });
  }
}

/** `ponte.openFile` (stage dep/out/metric rows): opens the file, or says it is not there yet. */
export async function openFile(_ctx: PonteContext, file?: string): Promise<void> {
  if (!file) return;
  if (!existsSync(file)) {
    void vscode.window.showInformationMessage(`${path.basename(file)} does not exist yet: a stage produces it when the pipeline runs.`);
    return;
  }
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
}
