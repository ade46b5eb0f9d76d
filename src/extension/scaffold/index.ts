// "Ponte: Create ponte.yaml" (offered by the empty views) and "Ponte: Open ponte.yaml".
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import { starterPonteYaml, writeNewFile } from './starter';

/** Writes a starter ponte.yaml in the chosen workspace folder and opens it; never overwrites. */
export async function createPonteYaml(ctx: PonteContext): Promise<void> {
  const root = await pickRoot(ctx, 'Create ponte.yaml in which folder?');
  if (!root) return;
  const file = path.join(root, 'ponte.yaml');
  if (existsSync(file)) {
    void vscode.window.showInformationMessage('ponte.yaml already exists here; it was left as it is.');
  } else {
    await writeNewFile(file, starterPonteYaml({ project: path.basename(root), hasDvcYaml: existsSync(path.join(root, 'dvc.yaml')) }));
    ctx.log.info(`created ${file}`);
    void ctx.project.refresh();
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}

/** Opens the ponte.yaml of the (chosen) workspace folder. */
export async function openPonteYaml(ctx: PonteContext): Promise<void> {
  const withFile = ctx.project.models().filter((m) => m.ponteFile);
  if (withFile.length === 0) {
    throw new PonteError('spec.noPonteFile', 'no ponte.yaml in this workspace', { hint: 'run "Ponte: Create ponte.yaml"' });
  }
  const pick =
    withFile.length === 1
      ? withFile[0]
      : (await vscode.window.showQuickPick(withFile.map((m) => ({ label: path.basename(m.root), description: m.root, m }))))?.m;
  if (pick?.ponteFile) await vscode.window.showTextDocument(vscode.Uri.file(path.resolve(pick.root, pick.ponteFile)));
}

async function pickRoot(ctx: PonteContext, title: string): Promise<string | undefined> {
  const roots = ctx.roots();
  if (roots.length === 0) {
    throw new PonteError('workspace.noFolder', 'no folder is open', { hint: 'open the folder of your ML project first (File: Open Folder)' });
  }
  if (roots.length === 1) return roots[0];
  return (await vscode.window.showQuickPick(roots.map((r) => ({ label: path.basename(r), description: r })), { title }))?.description;
}
