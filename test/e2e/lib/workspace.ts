// Copies a workspace folder to a temporary directory so e2e tests never dirty the repository.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { repoRoot } from './paths.js';

/** The example every feature is shown and tested on. */
export function exampleFolder(): string {
  return join(repoRoot, 'examples', 'churn');
}

export function makeWorkDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `ponte-e2e-${name}-`));
}

// Never copied: VCS and tool state, caches (a DVC cache can be large and is rebuilt from data).
const skipped = new Set(['.git', 'node_modules', '.venv', '__pycache__', '.pytest_cache']);
const skippedInside = [join('.dvc', 'cache'), join('.dvc', 'tmp')];

/**
 * Copies `source` into workDir/workspace, then each `extra` entry (path inside the workspace ->
 * file or folder to copy there). Returns the workspace path.
 */
export function copyWorkspace(source: string, workDir: string, extra: Record<string, string> = {}): string {
  const workspace = join(workDir, 'workspace', basename(source));
  const keep = (src: string) => !skipped.has(basename(src)) && !skippedInside.includes(relative(source, src));
  cpSync(source, workspace, { recursive: true, filter: keep });
  for (const [target, from] of Object.entries(extra)) cpSync(from, join(workspace, target), { recursive: true });
  return workspace;
}
