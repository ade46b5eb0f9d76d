// The data commands: Track with Ponte (Explorer), Status, Checkout Version, Push, Pull and
// Compare Versions. Each gathers its input from the row or a quick pick, calls core/data under
// a cancellable progress notification, and refreshes the model; errors show once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataCompareOutput } from '../../core/cli-json';
import { addData, checkoutData, dataLog, pullData, pushData, type DataVersion, type JobControl, type TransferResult } from '../../core/data/index';
import { comparisonMarkdown } from '../../core/versions';
import { isPonteError, PonteError } from '../../core/errors';
import type { CommandHandler } from '../commands';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import type { DataModel } from './model';
import { targetOf, type DataTarget } from './rows';

export interface DataFeature {
  ctx: PonteContext;
  model: DataModel;
}

function progressOf(report: (message: string) => void): JobControl['onProgress'] {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct !== last) report(`${pct}%`);
    last = pct;
  };
}

function rootOf(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    throw new PonteError('data.outside_workspace', `${uri.fsPath} is not in an open workspace folder`, {
      file: uri.fsPath,
      hint: 'open the folder of your project first',
    });
  }
  return folder.uri.fsPath;
}

async function afterChange(f: DataFeature): Promise<void> {
  await f.model.now();
  await f.ctx.trees.datasets.refresh();
}

/**
 * A data job under a cancellable progress notification. When the user pressed Cancel, whatever
 * the job threw (core's `data.cancelled`, an aborted child process) becomes the abort's own
 * reason, the `cancelled` error the command wrapper does not show: a cancel is no failure.
 */
export function dataJob<T>(f: Pick<DataFeature, 'ctx'>, title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return f.ctx.withProgress(title, async (signal, report) => {
    try {
      return await task(signal, report);
    } catch (e) {
      throw signal.aborted ? signal.reason : e;
    }
  });
}

/** Asks before discarding changes to `rel` that the cache does not hold; true when the user agrees. */
async function confirmDiscard(rel: string, then: string): Promise<boolean> {
  const button = 'Discard and Check Out';
  const choice = await vscode.window.showWarningMessage(`${rel} has changes that are not saved in the cache. Discard them and ${then}?`, { modal: true }, button);
  return choice === button;
}

/** A target from the clicked row, else the user picks one of the tracked paths. */
async function pickTarget(f: DataFeature, node: PonteNode | undefined, title: string): Promise<DataTarget | undefined> {
  const fromNode = targetOf(node);
  if (fromNode) return fromNode;
  await f.model.now();
  const items = f.model.all().map((s) => ({ label: s.rel, description: s.status.replace(/_/g, ' '), target: { cwd: s.root, path: s.rel } }));
  if (items.length === 0) {
    throw new PonteError('data.nothing_tracked', 'no data is tracked in this workspace yet', { hint: 'right-click a file or folder in the Explorer: Track with Ponte' });
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'a tracked file or folder' }))?.target;
}

async function pickVersion(target: DataTarget, title: string, extra: { label: string; commit: string }[] = []): Promise<string | undefined> {
  const versions: DataVersion[] = (await dataLog({ cwd: target.cwd, path: target.path })).filter((v) => !v.deleted);
  const items = [
    ...extra.map((e) => ({ label: e.label, description: '', commit: e.commit })),
    ...versions.map((v) => ({ label: `${v.commit.slice(0, 7)} ${v.message}`, description: `${v.date.slice(0, 16).replace('T', ' ')} · ${v.author}`, commit: v.commit })),
  ];
  if (items.length === 0) {
    throw new PonteError('data.no_versions', `${target.path} has no committed versions yet`, { hint: 'commit its .dvc file with git first' });
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: target.path }))?.commit;
}

export async function trackWithPonte(f: DataFeature, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<void> {
  f.ctx.requireTrust('Tracking data with Ponte');
  let picked = uris && uris.length ? uris : uri ? [uri] : undefined;
  picked ??= await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, title: 'Track with Ponte' });
  if (!picked?.length) return;
  const root = rootOf(picked[0]);
  const paths = picked.map((u) => u.fsPath);
  const label = paths.length === 1 ? path.basename(paths[0]) : `${paths.length} paths`;
  const results = await dataJob(f, `Ponte: tracking ${label}`, (signal, report) =>
    addData({ cwd: root, paths, signal, onProgress: progressOf(report) }),
  );
  await afterChange(f);
  for (const w of new Set(results.flatMap((r) => r.warnings ?? []))) void vscode.window.showWarningMessage(`Ponte: ${w}`);
  void vscode.window.showInformationMessage(
    `Ponte: tracking ${results.map((r) => (r.storage === 'git-lfs' ? `${r.path} (git lfs)` : `${r.path} (${r.dvcFile})`)).join(', ')}`,
  );
}

export async function showDataStatus(f: DataFeature): Promise<void> {
  await f.ctx.withProgress('Ponte: data status', () => f.model.now());
  const states = f.model.all();
  for (const s of states) f.ctx.log.info(`data status: ${s.rel}: ${s.status}${s.pushed === false ? ' (not pushed)' : ''}`);
  const changed = states.filter((s) => s.status !== 'unchanged');
  const unpushed = states.filter((s) => s.pushed === false);
  const summary =
    states.length === 0
      ? 'no data is tracked in this workspace'
      : changed.length === 0
        ? `all ${states.length} tracked paths are unchanged${unpushed.length ? `; ${unpushed.length} not pushed` : ''}`
        : changed.map((s) => `${s.rel}: ${s.status.replace(/_/g, ' ')}`).join(', ');
  void vscode.window.showInformationMessage(`Ponte: ${summary}`);
}

export async function checkoutVersion(f: DataFeature, node?: PonteNode): Promise<void> {
  f.ctx.requireTrust('Checking out data');
  const target = await pickTarget(f, node, 'Checkout Version');
  if (!target) return;
  const rev = target.commit ?? (await pickVersion(target, `Checkout a version of ${target.path}`));
  if (!rev) return;
  const go = (force: boolean) =>
    dataJob(f, `Ponte: checking out ${target.path} at ${rev.slice(0, 7)}`, (signal, report) =>
      checkoutData({ cwd: target.cwd, paths: [target.path], rev, force, signal, onProgress: progressOf(report) }),
    );
  try {
    await go(false);
  } catch (e) {
    if (!isPonteError(e) || e.code !== 'data.would_overwrite') throw e;
    if (!(await confirmDiscard(target.path, `check out ${rev.slice(0, 7)}`))) return;
    await go(true);
  }
  await afterChange(f);
}

const TRANSFERS = {
  push: { run: pushData, action: 'Pushing data', title: 'pushing', done: 'pushed', to: 'to', already: 'already there', missing: 'missing from the cache', fix: 'add or pull them first' },
  pull: { run: pullData, action: 'Pulling data', title: 'pulling', done: 'fetched', to: 'from', already: 'already cached', missing: 'not on the remote', fix: 'push them from where they were added' },
} as const;

/** Push or pull the row's path (row menus), or everything without one (Push All Data / Pull All Data). */
export async function transferData(f: DataFeature, direction: keyof typeof TRANSFERS, node?: PonteNode): Promise<void> {
  const t = TRANSFERS[direction];
  f.ctx.requireTrust(t.action);
  const target = targetOf(node);
  const cwd = target?.cwd ?? f.ctx.roots()[0];
  if (!cwd) return;
  const transfer = () =>
    dataJob(f, `Ponte: ${t.title} data`, (signal, report) => t.run({ cwd, paths: target ? [target.path] : undefined, signal, onProgress: progressOf(report) }));
  let r: TransferResult;
  for (;;) {
    try {
      r = await transfer();
      break;
    } catch (e) {
      // Pull fetched, then met unsaved changes where it checks out (core names one path, never
      // forcing the others): ask about that path alone, check it out, and pull again.
      const rel = direction === 'pull' && isPonteError(e) && e.code === 'data.would_overwrite' ? e.file : undefined;
      if (!rel) throw e;
      if (!(await confirmDiscard(rel, 'check out the pulled version'))) return afterChange(f);
      await dataJob(f, `Ponte: checking out ${rel}`, (signal, report) => checkoutData({ cwd, paths: [rel], force: true, signal, onProgress: progressOf(report) }));
    }
  }
  await afterChange(f);
  const summary = transferSummary(direction, r);
  void (r.missing.length ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
}

/** "Ponte: pushed 1 object to 'local', 0 already there"; missing objects name their data and what to do. */
export function transferSummary(direction: keyof typeof TRANSFERS, r: TransferResult): string {
  const t = TRANSFERS[direction];
  const of = r.missingPaths?.length ? ` (${r.missingPaths.join(', ')})` : '';
  const missing = r.missing.length ? `; ${r.missing.length} ${t.missing}${of}: ${t.fix}` : '';
  return `Ponte: ${t.done} ${r.transferred} ${r.transferred === 1 ? 'object' : 'objects'} ${t.to} '${r.remote}', ${r.skipped} ${t.already}${missing}`;
}

export async function compareVersionsCommand(f: DataFeature, node?: PonteNode): Promise<void> {
  f.ctx.requireTrust('Comparing data versions');
  const target = await pickTarget(f, node, 'Compare Versions');
  if (!target) return;
  const from = target.commit ?? (await pickVersion(target, `Compare ${target.path}: from which version?`));
  if (!from) return;
  const to = await pickVersion(target, `Compare ${target.path} at ${from.slice(0, 7)} with…`, [{ label: '$(file) Workspace (the file on disk)', commit: 'workspace' }]);
  if (!to) return;
  // Through the CLI: the comparison needs the column loaders, which stay out of this bundle.
  const { value } = await dataJob(f, `Ponte: comparing ${target.path}`, (signal) =>
    f.ctx.cli.json<DataCompareOutput>(['data', 'compare', target.path, '--from', from, '--to', to, '--json'], { cwd: target.cwd, cancel: signal }),
  );
  const markdown = comparisonMarkdown(value);
  // A file in the extension's storage, not an untitled editor that would ask to be saved.
  const dir = vscode.Uri.joinPath(f.ctx.extension.globalStorageUri, 'compare');
  await vscode.workspace.fs.createDirectory(dir);
  const report = vscode.Uri.joinPath(dir, `${path.basename(target.path)}.${from.slice(0, 7)}-${to.slice(0, 9)}.md`);
  await vscode.workspace.fs.writeFile(report, Buffer.from(markdown, 'utf8'));
  await vscode.commands.executeCommand('markdown.showPreview', report);
}

/** The command ids and their handlers, merged into the extension's command table. */
export function dataCommandTable(feature: () => DataFeature): Record<string, CommandHandler> {
  return {
    'ponte.data.track': (_ctx, uri?: vscode.Uri, uris?: vscode.Uri[]) => trackWithPonte(feature(), uri instanceof vscode.Uri ? uri : undefined, uris),
    'ponte.data.status': () => showDataStatus(feature()),
    'ponte.data.checkoutVersion': (_ctx, node?: PonteNode) => checkoutVersion(feature(), node),
    'ponte.data.push': (_ctx, node?: PonteNode) => transferData(feature(), 'push', node),
    'ponte.data.pull': (_ctx, node?: PonteNode) => transferData(feature(), 'pull', node),
    // The view title's and the palette's: VS Code hands a view-title command the tree's focused
    // row, so "everything" needs commands of its own that ignore their arguments.
    'ponte.data.pushAll': () => transferData(feature(), 'push'),
    'ponte.data.pullAll': () => transferData(feature(), 'pull'),
    'ponte.data.compareVersions': (_ctx, node?: PonteNode) => compareVersionsCommand(feature(), node),
  };
}
