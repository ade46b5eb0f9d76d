// The backend in the editor: the connection on `ctx.backend`, a status bar item whose click
// shows details and actions, the backend commands, and tree refreshes from the event stream.
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { BackendConnection, TOKEN_SECRET } from './connection';
import { statusText } from './state';

export { BackendConnection } from './connection';
export type { BackendState } from './state';

export function registerBackend(ctx: PonteContext): void {
  const backend = new BackendConnection(ctx);
  ctx.backend = backend;
  const item = vscode.window.createStatusBarItem('ponte.backend', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Ponte Backend';
  item.command = 'ponte.backend.showStatus';
  const render = () => {
    const s = statusText(backend.state);
    item.text = s.text;
    item.tooltip = s.tooltip;
    item.backgroundColor = backend.state.kind === 'unreachable' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  render();
  item.show();
  ctx.subscriptions.push(
    backend,
    item,
    backend.onDidChangeState(render),
    backend.onEvent((e) => {
      // Trees refresh from the stream; refresh() is debounced and queued, so bursts are cheap.
      if (e.type.startsWith('run.') || e.type === 'model.registered' || e.type === 'model.alias') void ctx.trees?.experiments.refresh();
      if (e.type === 'deployment.changed' || e.type.startsWith('alert.') || e.type === 'window.recorded') void ctx.trees?.deployments.refresh();
      if (e.type === 'dataset.registered') void ctx.trees?.datasets.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ponte.backend.url')) void backend.stop();
    }),
  );
}

/** `ponte.backend.start`: connects, starting the local server when there is none. */
export async function startBackend(ctx: PonteContext): Promise<void> {
  await ctx.backend.api();
}

/** `ponte.backend.stop`: stops the local server this window started. */
export async function stopBackend(ctx: PonteContext): Promise<void> {
  await ctx.backend.stop();
}

/** `ponte.backend.setToken`: keeps the remote backend's token in SecretStorage. */
export async function setBackendToken(ctx: PonteContext): Promise<void> {
  const token = await vscode.window.showInputBox({
    title: 'Ponte: Set Backend Token',
    prompt: 'The bearer token of the Ponte backend (kept in VS Code secret storage; empty removes it)',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return;
  if (token.trim() === '') await ctx.extension.secrets.delete(TOKEN_SECRET);
  else await ctx.extension.secrets.store(TOKEN_SECRET, token.trim());
  if (ctx.backend.state.mode === 'remote' && ctx.backend.state.kind !== 'off') await ctx.backend.retry();
}

interface Action extends vscode.QuickPickItem {
  run?: () => unknown;
}

/** `ponte.backend.showStatus` (the status bar item): details, then what can be done now. */
export async function showBackendStatus(ctx: PonteContext): Promise<void> {
  const s = ctx.backend.state;
  const details: Action[] = [
    { label: `$(pulse) ${statusText(s).text.replace(/^\$\([^)]+\) /, '')}`, detail: statusText(s).tooltip },
  ];
  if (s.url) details.push({ label: `$(link) ${s.url}`, description: s.mode === 'remote' ? 'remote (ponte.backend.url)' : 'local' });
  if (s.pid) details.push({ label: `$(server-process) pid ${s.pid}`, description: s.startedHere ? 'started by this window' : 'started elsewhere; reused' });
  const actions: Action[] = [];
  if (s.kind === 'off') actions.push({ label: '$(play) Start Backend', run: () => startBackend(ctx) });
  if (s.kind === 'unreachable') actions.push({ label: '$(refresh) Retry', run: () => ctx.backend.retry() });
  if (s.kind === 'ready' && s.startedHere) actions.push({ label: '$(debug-stop) Stop Backend', run: () => stopBackend(ctx) });
  if (s.mode === 'remote') actions.push({ label: '$(key) Set Backend Token', run: () => setBackendToken(ctx) });
  actions.push(
    { label: '$(settings-gear) Backend Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'ponte.backend') },
    { label: '$(output) Show Output', run: () => ctx.log.show(true) },
  );
  const pick = await vscode.window.showQuickPick<Action>(
    [...details, { label: 'Actions', kind: vscode.QuickPickItemKind.Separator }, ...actions],
    { title: 'Ponte Backend', placeHolder: 'Backend details and actions' },
  );
  await pick?.run?.();
}
