// Small waits and lookups over the `vscode` API shared by the in-host test files.
import * as vscode from 'vscode';

export const ponteExtensionId = 'ponte.ponte';

export async function activePonte(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(ponteExtensionId);
  if (!ext) throw new Error(`extension ${ponteExtensionId} is not installed`);
  await ext.activate();
  return ext;
}

export async function documentIn(relativePath: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
}

/**
 * Resolves with the file's diagnostics once one matches (or, with `settled`, once the whole list
 * satisfies it, e.g. "the error is gone"); diagnostics are debounced, so this waits for events.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  match: (d: vscode.Diagnostic) => boolean,
  timeoutMs = 20_000,
  settled: (all: vscode.Diagnostic[]) => boolean = (all) => all.some(match),
): Promise<vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (settled(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      const have = vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line}: ${d.message}`);
      reject(new Error(`diagnostics of ${uri.fsPath} never matched in ${timeoutMs} ms; have: ${JSON.stringify(have)}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (!settled(diags)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(diags);
    });
  });
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .trim();
}

/** Labels of the completion items the providers give, leaving out VS Code's word-based guesses. */
export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items
    .filter((i) => i.kind !== vscode.CompletionItemKind.Text)
    .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}
