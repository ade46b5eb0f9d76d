// Explorer and tree decorations for tracked data: M (modified), ! (missing), C (not in the
// cache), ↑ (not pushed to the remote). The same marks show on Datasets rows, which carry
// the data's path as their resource.
import * as vscode from 'vscode';
import type { DataModel, TrackedState } from './model';

export function decorationFor(s: TrackedState): vscode.FileDecoration | undefined {
  switch (s.status) {
    case 'modified':
      return new vscode.FileDecoration('M', 'Ponte: modified since it was recorded', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'));
    case 'missing':
      return new vscode.FileDecoration('!', 'Ponte: missing (ponte data checkout restores it)', new vscode.ThemeColor('gitDecoration.deletedResourceForeground'));
    case 'not_in_cache':
      return new vscode.FileDecoration('C', 'Ponte: not in the cache (ponte data pull fetches it)', new vscode.ThemeColor('gitDecoration.conflictingResourceForeground'));
    default:
      return s.pushed === false ? new vscode.FileDecoration('↑', 'Ponte: not pushed to the remote') : undefined;
  }
}

export class DataDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly model: DataModel) {
    this.sub = model.onDidChange((paths) => this.changed.fire(paths.map((p) => vscode.Uri.file(p))));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    this.model.ensureLoaded();
    const s = this.model.get(uri.fsPath);
    return s ? decorationFor(s) : undefined;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
