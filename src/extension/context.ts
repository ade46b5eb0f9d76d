// The one object every feature receives: the ExtensionContext, the log channel, the workspace
// roots, workspace trust, and the helpers that turn a core call into editor behaviour
// (progress + cancellation, one error message with "Show Output", a trust gate).
//
// Adding a feature (see docs/extension.md for the long version):
//   1. Make a folder src/extension/<feature>/ whose index.ts exports `register<Feature>(ctx)`.
//      It registers providers/watchers and pushes every disposable to `ctx.subscriptions`.
//   2. Call it from activate() in extension.ts (one line).
//   3. For each command: declare it in package.json `contributes.commands` (category "Ponte",
//      an icon when it sits in a view title), add `id: handler` to src/extension/commands.ts,
//      hide tree-item-only commands in `menus.commandPalette`. test/unit/extension/commands.test.ts
//      fails until package.json and the table agree both ways.
//   4. In Restricted Mode the command wrapper refuses every command not in `readOnlyCommands`
//      (commands.ts); code outside commands checks `ctx.isTrusted()`. Long work goes through
//      `ctx.withProgress`.
//   5. Trees: use `ctx.trees.<view>.addContributor(fn, { childrenOf: [kinds] })` to add rows (e.g.
//      dataset versions under `ponte.dataset` rows, which then expand), and
//      `ctx.trees.<view>.refresh()` — refreshes are debounced and queued.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isPonteError, PonteError } from '../core/errors';
import { describeError } from './error-message';
import type { PonteTrees } from './views/tree';
import type { ProjectModels } from './project/models';
import type { BackendConnection } from './backend/connection';
import type { CliBridge } from './cli-bridge';
import type { PipelineFeature } from './pipeline/feature';
import type { DeploymentsFeature } from './deployments/feature';
import type { DashboardFeature } from './dashboard/feature';

export interface PonteContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** Disposed on deactivate; everything registered goes here. */
  readonly subscriptions: vscode.Disposable[];
  /** Workspace folder paths, in order; empty when no folder is open. */
  roots(): string[];
  isTrusted(): boolean;
  /** Throws a `trust.required` PonteError (shown once by the command wrapper) when untrusted. */
  requireTrust(action: string): void;
  /** Runs a core call with a notification progress bar and a Cancel button wired to an AbortSignal. */
  withProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T>;
  /** Logs the error in full and shows it once, with its code, place and hint, "Open File" (at its line) and "Show Output". */
  showError(e: unknown): void;
  /** Parsed pipeline files per workspace root; set by registerProject. */
  project: ProjectModels;
  /** The three tree views; set by registerViews. */
  trees: PonteTrees;
  /** The backend (local or remote), opened on first `api()`; `onEvent` carries its event stream. Set by registerBackend. */
  backend: BackendConnection;
  /** The one way to run the `ponte` CLI; set by registerCliBridge. */
  cli: CliBridge;
  /** Runs, pipeline commands, the status bar; set by registerPipeline. */
  pipeline: PipelineFeature;
  /** Live deployments, their view and commands; set by registerDeployments. */
  deployments: DeploymentsFeature;
  /** The panel host (dashboard, Compare Runs, drift report); set by registerDashboard. */
  dashboard: DashboardFeature;
}

export function createPonteContext(extension: vscode.ExtensionContext): PonteContext {
  const log = vscode.window.createOutputChannel('Ponte', { log: true });
  extension.subscriptions.push(log);
  // Errors already shown: a failure that repeats on every keystroke or refresh shows once.
  const shown = new Set<string>();
  const ctx: PonteContext = {
    extension,
    log,
    subscriptions: extension.subscriptions,
    roots: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    isTrusted: () => vscode.workspace.isTrusted,
    requireTrust(action: string): void {
      if (vscode.workspace.isTrusted) return;
      throw new PonteError('trust.required', `${action} is disabled in an untrusted workspace`, {
        hint: 'Ponte reads and validates files here but runs nothing; trust the workspace (Workspaces: Manage Workspace Trust) to enable it',
      });
    },
    withProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
      return Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort(new PonteError('cancelled', `${title}: cancelled`)));
          const started = Date.now();
          log.info(`${title}: started`);
          return task(abort.signal, (message) => progress.report({ message })).finally(() => {
            sub.dispose();
            log.info(`${title}: finished in ${Date.now() - started} ms`);
          });
        }),
      );
    },
    showError(e: unknown): void {
      const text = describeError(e, (file) => vscode.workspace.asRelativePath(file));
      log.error(text);
      if (isPonteError(e) && e.cause !== undefined) log.error(e.cause instanceof Error ? (e.cause.stack ?? e.cause.message) : JSON.stringify(e.cause));
      else if (!isPonteError(e)) log.error(String((e as Error)?.stack ?? e));
      // Cancelled by the user; or the backend is down, which its connection already says once, with Retry.
      if (isPonteError(e) && (e.code === 'cancelled' || e.code === 'backend.unreachable')) return;
      if (shown.has(text)) return;
      shown.add(text);
      const file = isPonteError(e) ? e.file : undefined;
      void vscode.window.showErrorMessage(text, ...(file ? ['Open File'] : []), 'Show Output').then((choice) => {
        shown.delete(text);
        if (choice === 'Show Output') log.show(true);
        if (choice === 'Open File' && file && isPonteError(e)) void openAt(file, e.line, e.column).catch((err) => log.error(describeError(err)));
      });
    },
    project: undefined as unknown as ProjectModels,
    trees: undefined as unknown as PonteTrees,
    backend: undefined as unknown as BackendConnection,
    cli: undefined as unknown as CliBridge,
    pipeline: undefined as unknown as PipelineFeature,
    deployments: undefined as unknown as DeploymentsFeature,
    dashboard: undefined as unknown as DashboardFeature,
  };
  return ctx;
}

/** Opens an error's file at its line (1-based); a relative file is taken from the first workspace folder. */
async function openAt(file: string, line: number | undefined, column: number | undefined): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = path.isAbsolute(file) || !folder ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder, file);
  const at = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at), preview: false });
}
