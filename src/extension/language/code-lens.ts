// "Run pipeline" / "Run stage" lenses in dvc.yaml, over the pipeline feature's commands. Only in a
// trusted workspace (running is what they do) and while ponte.codeLens.enable is on.
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { fileAccessFor } from '../documents';
import { toRange } from '../spec-convert';
import { stageLenses } from './stage-lenses';

export function registerStageLenses(ctx: PonteContext, guard: <T>(what: string, fn: () => T, fallback: T) => T): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(doc) {
      if (!ctx.isTrusted() || !vscode.workspace.getConfiguration('ponte.codeLens', doc.uri).get<boolean>('enable', true)) return [];
      const lenses = guard('code lenses', () => stageLenses(doc.getText(), doc.fileName, fileAccessFor(doc.fileName)), []);
      return lenses.map((l) => new vscode.CodeLens(toRange(l.range), { title: l.title, command: l.command, arguments: [l.argument] }));
    },
  };
  ctx.subscriptions.push(
    changed,
    vscode.languages.registerCodeLensProvider({ language: 'yaml', pattern: '**/*dvc.{yaml,yml}' }, provider),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ponte.codeLens') && changed.fire()),
  );
}
