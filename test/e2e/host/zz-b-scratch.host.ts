// SCRATCH (engineer B, not committed): in-host checks of quick fixes, reveal, create, validate.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { test } from './runner.js';
import { activePonte, documentIn, waitForDiagnostics } from './vscode-helpers.js';

test('quick fix replaces the mistyped key and the diagnostic goes away', async () => {
  await activePonte();
  const doc = await documentIn('broken/ponte.yaml');
  await vscode.window.showTextDocument(doc);
  const diags = await waitForDiagnostics(doc.uri, (d) => d.range.start.line === 3);
  const d = diags.find((x) => x.range.start.line === 3)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.title === "Replace with 'datasets'");
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.isPreferred, true);
  await vscode.workspace.applyEdit(fix.edit!);
  assert.match(doc.lineAt(3).text, /^datasets:/);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('diagnostic still there: ' + JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((x) => x.message)))), 10_000);
    const check = () => {
      if (!vscode.languages.getDiagnostics(doc.uri).some((x) => x.range.start.line === 3)) {
        clearTimeout(t);
        sub.dispose();
        resolve();
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    check();
  });
});

test('unknown stage in retrain.stages offers existing stages', async () => {
  const doc = await documentIn('ponte.yaml');
  const editor = await vscode.window.showTextDocument(doc);
  const line = doc.getText().split('\n').findIndex((l) => /stages: \[/.test(l));
  assert.ok(line >= 0, 'no stages: [ line');
  const text = doc.lineAt(line).text;
  const at = text.indexOf('train');
  await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 5), 'trian'));
  const diags = await waitForDiagnostics(doc.uri, (d) => d.range.start.line === line && /trian/.test(d.message));
  const d = diags.find((x) => x.range.start.line === line)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  assert.ok(actions.some((a) => a.title === "Replace with 'train'"), JSON.stringify(actions.map((a) => a.title)));
  await vscode.commands.executeCommand('undo');
});

test('ponte.revealDefinition opens the file at the range', async () => {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const file = `${folder}/dvc.yaml`;
  const range = { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } };
  await vscode.commands.executeCommand('ponte.revealDefinition', { file, range });
  const ed = vscode.window.activeTextEditor!;
  assert.equal(ed.document.fileName, file);
  assert.equal(ed.selection.start.line, 2);
  assert.equal(ed.selection.end.character, 6);
});

test('Create ponte.yaml leaves an existing file untouched', async () => {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const before = readFileSync(`${folder}/ponte.yaml`, 'utf8');
  await vscode.commands.executeCommand('ponte.createPonteYaml');
  assert.equal(readFileSync(`${folder}/ponte.yaml`, 'utf8'), before);
});

test('Validate Workspace runs and Refresh runs', async () => {
  await vscode.commands.executeCommand('ponte.validateWorkspace');
  await vscode.commands.executeCommand('ponte.refreshViews');
});

test('completion offers stage names in retrain.stages', async () => {
  const doc = await documentIn('ponte.yaml');
  const line = doc.getText().split('\n').findIndex((l) => /stages: \[/.test(l));
  const col = doc.lineAt(line).text.indexOf('[') + 1;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, col));
  const labels = list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('train') && labels.includes('prepare'), JSON.stringify(labels));
});
