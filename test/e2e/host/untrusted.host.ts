// In-host checks for an UNTRUSTED workspace (Workspace Trust on, folder not trusted): Ponte
// still activates and validates, because it only reads there.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fileDigests } from '../lib/files.js';
import { test } from './runner.js';
import { activePonte, documentIn, waitForDiagnostics } from './vscode-helpers.js';

test('the workspace is not trusted', () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('Ponte activates in the untrusted workspace', async () => {
  const ext = await activePonte();
  assert.equal(ext.isActive, true);
});

test('validation still reports the mistyped key in broken/ponte.yaml', async () => {
  await activePonte();
  const doc = await documentIn('broken/ponte.yaml');
  await vscode.window.showTextDocument(doc);
  const diags = await waitForDiagnostics(doc.uri, (d) => d.range.start.line === 3);
  assert.match(diags.find((d) => d.range.start.line === 3)!.message, /datsets/);
});

// Tree-row commands are hidden from the palette, so untrusted.test.ts cannot run them from there:
// they run here, and that file reads their refusals in the notification center.
test('the commands hidden from the palette refuse too, and change no file', async () => {
  const ext = await activePonte();
  const manifest = ext.packageJSON as { contributes?: { menus?: { commandPalette?: { command: string; when?: string }[] } } };
  const palette = manifest.contributes?.menus?.commandPalette ?? [];
  const hidden = palette.filter((m) => m.when === 'false').map((m) => m.command);
  assert.ok(hidden.includes('ponte.deleteRun'), `hidden: ${hidden.join(', ')}`);
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const before = fileDigests(root);
  for (const id of hidden) await vscode.commands.executeCommand(id);
  assert.deepEqual(fileDigests(root), before);
});
