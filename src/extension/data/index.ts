// The data feature in the editor: the Datasets tree's tracked paths and versions, Explorer and
// tree decorations (modified / missing / not in cache / not pushed), a watcher that refreshes
// them, and the data commands. Everything is read lazily: nothing runs until a view or a
// decoration asks.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { dataCommandTable, type DataFeature } from './commands';
import { DataDecorations } from './decorations';
import { DataModel } from './model';
import { dataKinds, trackedRows, versionRows } from './rows';
import { DataWatcherProcesses } from './watcher-process';

let feature: DataFeature | undefined;

/** The command handlers; they reach the feature registered by registerData. */
export const dataCommands = dataCommandTable(() => {
  if (!feature) throw new Error('the data feature is not registered');
  return feature;
});

export function registerData(ctx: PonteContext): void {
  const watchers = new DataWatcherProcesses(ctx);
  const model = new DataModel(ctx, watchers);
  feature = { ctx, model };
  const decorations = new DataDecorations(model);
  const declared = async () => {
    await ctx.project.ready();
    const set = new Set<string>();
    for (const m of ctx.project.models()) for (const d of m.datasets) set.add(path.resolve(m.root, d.path));
    return set;
  };
  const tree = ctx.trees.datasets;
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onFile = (uri: vscode.Uri) => {
    if (model.concerns(uri.fsPath)) void model.refresh();
  };
  ctx.subscriptions.push(
    watchers,
    model,
    decorations,
    watcher,
    vscode.window.registerFileDecorationProvider(decorations),
    watcher.onDidChange(onFile),
    watcher.onDidCreate(onFile),
    watcher.onDidDelete(onFile),
    model.onDidChange(() => void tree.refresh()),
    tree.view.onDidChangeVisibility((e) => {
      if (e.visible) model.ensureLoaded();
    }),
    tree.addContributor(async (parent) => {
      const roots = ctx.roots();
      if (parent === undefined && roots.length === 1) return trackedRows(model, await declared(), undefined);
      if (parent?.kind === 'ponte.root' && parent.id.startsWith('datasets:')) return trackedRows(model, await declared(), parent.id.slice('datasets:'.length));
      return [];
    }),
    tree.addContributor((parent) => (ctx.isTrusted() ? versionRows(parent) : []), { childrenOf: ['ponte.dataset', dataKinds.tracked] }),
  );
  if (tree.view.visible) model.ensureLoaded();
}
