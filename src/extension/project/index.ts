// Keeps ctx.project (the parsed pipeline files) current: a first read on activation, then a
// debounced re-read when a pipeline file changes on disk or a workspace folder comes or goes.
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { paramsFileGlob, pipelineFileGlob, ProjectModels } from './models';

export { ProjectModels, pipelineFileGlob, ignoredFolderGlob } from './models';

export function registerProject(ctx: PonteContext): void {
  const models = new ProjectModels({ roots: () => ctx.roots(), log: ctx.log, delayMs: 300, onError: (e) => ctx.showError(e) });
  ctx.project = models;
  // A save fires the watchers too, so no separate onDidSaveTextDocument listener is needed.
  // params files count: foreach/matrix over a param expands into stages.
  const refresh = () => void models.refresh();
  for (const glob of [pipelineFileGlob, paramsFileGlob]) {
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    ctx.subscriptions.push(watcher, watcher.onDidCreate(refresh), watcher.onDidChange(refresh), watcher.onDidDelete(refresh));
  }
  ctx.subscriptions.push(models, vscode.workspace.onDidChangeWorkspaceFolders(refresh));
  void models.refreshNow();
}
