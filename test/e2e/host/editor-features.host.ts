// In-host checks for issue 2, run inside the real extension host with the full `vscode` API:
// Ponte activates, its declared commands exist, a broken ponte.yaml gets its diagnostic, hovers
// explain keys, and completion offers keys and dataset names. The workspace holds the example
// plus test/fixtures/e2e/broken/ponte.yaml copied to broken/ponte.yaml.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner.js';
import { activePonte, completionLabels, documentIn, hoverText, waitForDiagnostics } from './vscode-helpers.js';

test('the Ponte extension is installed and activates', async () => {
  const ext = await activePonte();
  assert.equal(ext.isActive, true);
});

test('every command declared in package.json is registered', async () => {
  const ext = await activePonte();
  const manifest = ext.packageJSON as { contributes?: { commands?: { command: string }[] } };
  const declared = (manifest.contributes?.commands ?? []).map((c) => c.command);
  assert.ok(declared.length > 0, 'package.json declares no commands');
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
});

test('a mistyped key in broken/ponte.yaml gets an unknown-key diagnostic on its line', async () => {
  await activePonte();
  const doc = await documentIn('broken/ponte.yaml');
  await vscode.window.showTextDocument(doc);
  const diags = await waitForDiagnostics(doc.uri, (d) => d.range.start.line === 3);
  const onKey = diags.find((d) => d.range.start.line === 3)!;
  assert.equal(onKey.severity, vscode.DiagnosticSeverity.Error);
  assert.match(onKey.message, /datsets/);
  assert.match(onKey.message, /datasets/, 'the message should suggest "datasets"');
});

test('hovering a key shows its documentation', async () => {
  await activePonte();
  const doc = await documentIn('ponte.yaml');
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('datasets:'));
  assert.ok(line >= 0, 'ponte.yaml has no datasets: key');
  const text = await hoverText(doc.uri, new vscode.Position(line, 2));
  assert.ok(text.length > 10, `hover text is too short: ${JSON.stringify(text)}`);
  assert.match(text, /dataset/i);
});

test('completion at the top level of ponte.yaml offers its keys', async () => {
  await activePonte();
  const doc = await documentIn('broken/ponte.yaml');
  const labels = await completionLabels(doc.uri, new vscode.Position(5, 0));
  const topLevel = ['pipeline', 'tests', 'model', 'container', 'deployments', 'monitor', 'retrain'];
  assert.ok(topLevel.some((k) => labels.includes(k)), `no top-level key among ${JSON.stringify(labels.slice(0, 30))}`);
});

test('completion of monitor.reference offers the declared dataset names', async () => {
  await activePonte();
  const doc = await documentIn('ponte.yaml');
  const lines = doc.getText().split('\n');
  const monitor = lines.findIndex((l) => l.startsWith('monitor:'));
  const line = lines.findIndex((l, i) => i > monitor && /^ {2}reference:/.test(l));
  assert.ok(monitor >= 0 && line > monitor, 'ponte.yaml has no monitor.reference');
  const value = /^ {2}reference:\s*(\S+)/.exec(lines[line])?.[1];
  assert.ok(value, 'monitor.reference has no value');
  const labels = await completionLabels(doc.uri, new vscode.Position(line, lines[line].indexOf(value)));
  assert.ok(labels.includes(value), `no dataset ${value} among ${JSON.stringify(labels.slice(0, 30))}`);
});
