// Diagnostics as you type for ponte.yaml / dvc.yaml (and *.ponte.yaml, *dvc.yaml): each change
// re-validates that document after a pause (ponte.validation.debounceMs), through the spec core.
// Closing or deleting a file clears its diagnostics. "Ponte: Validate Workspace" checks every file.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { ignoredFolderGlob, pipelineFileGlob } from '../project';
import { detectKind, validateText, type Diagnostic } from '../spec';
import { toDiagnostic } from '../spec-convert';
import { fileAccessFor } from '../documents';
import { KeyedDebounce } from '../keyed-debounce';

/** What a context has published: the editor's collection, and the core diagnostics behind it. */
interface Published {
  collection: vscode.DiagnosticCollection;
  /** Per document URI; quick fixes read the suggestions here. */
  byUri: Map<string, Diagnostic[]>;
}
const published = new WeakMap<PonteContext, Published>();

/** The core diagnostics last published for a document (with their suggestions). */
export function publishedDiagnostics(ctx: PonteContext, uri: vscode.Uri): Diagnostic[] {
  return published.get(ctx)?.byUri.get(uri.toString()) ?? [];
}

export function registerDiagnostics(ctx: PonteContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('ponte');
  const state: Published = { collection: diagnostics, byUri: new Map() };
  published.set(ctx, state);
  const timers = new KeyedDebounce();
  // Resource-scoped: a folder of a multi-root workspace may turn validation off for itself.
  const settings = (uri: vscode.Uri) => vscode.workspace.getConfiguration('ponte.validation', uri);

  const clear = (uri: vscode.Uri) => {
    const key = uri.toString();
    timers.cancel(key);
    state.byUri.delete(key);
    diagnostics.delete(uri);
  };
  const validateNow = (doc: vscode.TextDocument) => {
    if (doc.isClosed) return;
    publish(state, doc.uri, validateDocument(ctx, doc.getText(), doc.fileName));
  };
  const schedule = (doc: vscode.TextDocument, immediately = false) => {
    const kind = detectKind(doc.fileName);
    if (!kind || doc.uri.scheme === 'git' || doc.uri.scheme === 'output') return;
    if (!settings(doc.uri).get<boolean>('enable', true)) return clear(doc.uri);
    const delay = immediately ? 0 : settings(doc.uri).get<number>('debounceMs', 250);
    timers.schedule(doc.uri.toString(), delay, () => validateNow(doc));
  };

  // A pipeline file's checks read its neighbours (params and vars files, the dvc.yaml a ponte.yaml
  // names), so a change to any of them re-checks the open pipeline files too.
  const scheduleOthers = (changed?: vscode.TextDocument) =>
    vscode.workspace.textDocuments.forEach((d) => d !== changed && detectKind(d.fileName) && schedule(d));
  const isNeighbour = (doc: vscode.TextDocument) => doc.uri.scheme === 'file' && /\.(ya?ml|json|toml|py)$/i.test(doc.fileName);

  // Deletions outside the editor (git checkout, rm) reach us only through a watcher.
  const deletions = vscode.workspace.createFileSystemWatcher(pipelineFileGlob, true, true, false);

  ctx.subscriptions.push(
    diagnostics,
    deletions,
    deletions.onDidDelete(clear),
    timers,
    vscode.workspace.onDidOpenTextDocument((doc) => schedule(doc, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      schedule(e.document);
      if (isNeighbour(e.document)) scheduleOthers(e.document);
    }),
    ctx.project.onDidChange(() => scheduleOthers()),
    vscode.workspace.onDidCloseTextDocument((doc) => clear(doc.uri)),
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(clear)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ponte.validation')) vscode.workspace.textDocuments.forEach((d) => schedule(d, true));
    }),
  );
  vscode.workspace.textDocuments.forEach((d) => schedule(d, true));
}

/** Validates one file's text; a throw in the core becomes one diagnostic, never a crash. */
function validateDocument(ctx: PonteContext, text: string, file: string): Diagnostic[] {
  const kind = detectKind(file);
  if (!kind) return [];
  try {
    return validateText(text, { file, kind, fs: fileAccessFor(file) });
  } catch (e) {
    ctx.log.error(`validating ${file} failed: ${e instanceof Error ? e.stack : String(e)}`);
    const zero = { line: 0, character: 0 };
    return [{ file, range: { start: zero, end: zero }, severity: 'error', code: 'internal', message: `Ponte could not validate this file: ${(e as Error)?.message ?? e}` }];
  }
}

function publish(target: Published, uri: vscode.Uri, found: Diagnostic[]): void {
  target.byUri.set(uri.toString(), found);
  target.collection.set(uri, found.map(toDiagnostic));
}

/** `ponte.validateWorkspace`: validates every pipeline file in the workspace (open editors' text wins). */
export async function validateWorkspace(ctx: PonteContext): Promise<void> {
  const target = published.get(ctx);
  if (!target) return;
  const totals = await ctx.withProgress('Ponte: validating pipeline files', async (signal, report) => {
    const files = await vscode.workspace.findFiles(pipelineFileGlob, ignoredFolderGlob);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    let errors = 0;
    let warnings = 0;
    for (const uri of files) {
      if (signal.aborted) break;
      report(vscode.workspace.asRelativePath(uri));
      const text = open.get(uri.toString())?.getText() ?? (await fs.readFile(uri.fsPath, 'utf8').catch(() => undefined));
      if (text === undefined) continue;
      const found = validateDocument(ctx, text, uri.fsPath);
      publish(target, uri, found);
      errors += found.filter((d) => d.severity === 'error').length;
      warnings += found.filter((d) => d.severity === 'warning').length;
    }
    return { files: files.length, errors, warnings };
  });
  const summary = `Ponte: ${totals.files} pipeline file(s) checked: ${totals.errors} error(s), ${totals.warnings} warning(s)`;
  ctx.log.info(summary);
  const action = totals.errors + totals.warnings > 0 ? await vscode.window.showInformationMessage(summary, 'Show Problems') : undefined;
  if (totals.errors + totals.warnings === 0) void vscode.window.showInformationMessage(summary);
  if (action === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}
