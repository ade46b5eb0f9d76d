// Extension entry: builds the context and registers each feature. Kept thin on purpose.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Ponte', { log: true });
  context.subscriptions.push(output);
}

export function deactivate(): void {}
