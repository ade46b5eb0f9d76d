// What the spec core may read around a pipeline file while the user edits it: open editors'
// unsaved text first, then the disk below the file's folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { editorFileAccess } from './editor-file-access';
import { nodeFileAccess, type SpecFileAccess } from './spec';

/** The unsaved text of an open editor on `file`, if any. */
export function openText(file: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.fileName === file)?.getText();
}

export function fileAccessFor(file: string): SpecFileAccess {
  const dir = path.dirname(file);
  return editorFileAccess(dir, openText, nodeFileAccess(dir));
}
