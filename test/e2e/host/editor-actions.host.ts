// In-host checks of what the user does in pipeline files (first written by the extension
// engineer): quick fixes for a mistyped key and an unknown stage, stage-name completion, the
// reveal command, refresh, and a command that must not clobber files. Every edit is reverted, so the
// Playwright steps after these still see the workspace as copied.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { test } from './runner.js';
import { activePonte, completionLabels, documentIn, waitForDiagnostics } from './vscode-helpers.js';

async function quickFixTitles(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

/** Throws away unsaved edits to the document, as File: Revert File does. */
async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

function lineOf(doc: vscode.TextDocument, pattern: RegExp): number {
  const line = doc.getText().split('\n').findIndex((l) => pattern.test(l));
  assert.ok(line >= 0, `no line matching ${pattern} in ${doc.fileName}`);
  return line;
}

test('the quick fix replaces the mistyped key and its diagnostic goes away', async () => {
  await activePonte();
  const doc = await documentIn('broken/ponte.yaml');
  await vscode.window.showTextDocument(doc);
  const diags = await waitForDiagnostics(doc.uri, (d) => d.range.start.line === 3);
  const diag = diags.find((d) => d.range.start.line === 3)!;
  const actions = await quickFixTitles(doc.uri, diag.range);
  const fix = actions.find((a) => a.title === "Replace with 'datasets'");
  assert.ok(fix, `quick fixes: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(fix.isPreferred, true);
  try {
    await vscode.workspace.applyEdit(fix.edit!);
    assert.match(doc.lineAt(3).text, /^datasets:/);
    await waitForDiagnostics(doc.uri, () => true, 10_000, (all) => !all.some((d) => d.range.start.line === 3));
  } finally {
    await revert(doc);
  }
});

test('an unknown stage in retrain.stages offers the existing stages as quick fixes', async () => {
  await activePonte();
  const doc = await documentIn('ponte.yaml');
  const editor = await vscode.window.showTextDocument(doc);
  const line = lineOf(doc, /^ {2}stages: \[/);
  const at = doc.lineAt(line).text.indexOf('train');
  try {
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 'train'.length), 'trian'));
    const diags = await waitForDiagnostics(doc.uri, (d) => d.range.start.line === line && /trian/.test(d.message));
    const actions = await quickFixTitles(doc.uri, diags.find((d) => d.range.start.line === line)!.range);
    assert.ok(actions.some((a) => a.title === "Replace with 'train'"), `quick fixes: ${JSON.stringify(actions.map((a) => a.title))}`);
  } finally {
    await revert(doc);
  }
});

test('completion in retrain.stages offers the stage names of dvc.yaml', async () => {
  await activePonte();
  const doc = await documentIn('ponte.yaml');
  const line = lineOf(doc, /^ {2}stages: \[/);
  const labels = await completionLabels(doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('[') + 1));
  assert.ok(labels.includes('train') && labels.includes('prepare'), `completions: ${JSON.stringify(labels)}`);
});

test('ponte.revealDefinition opens the file with the range selected', async () => {
  await activePonte();
  const file = (await documentIn('dvc.yaml')).fileName;
  const range = { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } };
  await vscode.commands.executeCommand('ponte.revealDefinition', { file, range });
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor?.document.fileName, file);
  assert.equal(editor.selection.start.line, 2);
  assert.equal(editor.selection.end.character, 6);
});

test('Create ponte.yaml leaves an existing ponte.yaml untouched', async () => {
  await activePonte();
  const file = (await documentIn('ponte.yaml')).fileName;
  const before = readFileSync(file, 'utf8');
  await vscode.commands.executeCommand('ponte.createPonteYaml');
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('Refresh re-reads the pipeline files without an error', async () => {
  await activePonte();
  await vscode.commands.executeCommand('ponte.refreshViews');
});
