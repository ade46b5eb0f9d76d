// Pipeline runs in the editor: the project's recorded runs in the Experiments view, the pipeline
// commands, a status bar item (up to date, stale, running); Compare Runs opens on the webview host. Every run
// goes through the `ponte` CLI (`ctx.cli`), so the editor and a terminal behave the same.
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { PipelineFeature } from './feature';
import { runKinds } from './run-rows';

export { pipelineCommands } from './commands';
export { runKinds } from './run-rows';

export function registerPipeline(ctx: PonteContext): void {
  const feature = new PipelineFeature(ctx);
  ctx.pipeline = feature;
  ctx.subscriptions.push(
    feature,
    ctx.trees.experiments.addContributor((parent) => feature.runs.rows(parent), { childrenOf: [runKinds.runs] }),
    ctx.backend.onEvent((e) => {
      if (e.type.startsWith('run.')) void feature.runs.reload();
    }),
    vscode.workspace.onDidSaveTextDocument(() => feature.status.request()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => feature.status.request()),
  );
  // The first check waits until the editor has settled: activation itself reads only the files.
  if (ctx.isTrusted()) {
    const t = setTimeout(() => feature.status.request(), 3000);
    ctx.subscriptions.push({ dispose: () => clearTimeout(t) });
  }
}
