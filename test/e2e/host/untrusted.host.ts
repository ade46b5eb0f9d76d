// In-host checks for an UNTRUSTED workspace (Workspace Trust on, folder not trusted): Ponte
// still activates and validates, because it only reads there.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
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
