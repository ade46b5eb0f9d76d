// Copies a workspace folder to a temporary directory so e2e tests never dirty the repository.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from './paths.js';

/** examples/churn once it has its ponte.yaml; until then the small stand-in fixture. */
export function exampleFolder(): string {
  const example = join(repoRoot, 'examples', 'churn');
  return existsSync(join(example, 'ponte.yaml')) ? example : join(repoRoot, 'test', 'fixtures', 'e2e', 'churn-lite');
}

export function makeWorkDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `ponte-e2e-${name}-`));
}

const skipped = new Set(['.git', 'node_modules', '.venv', '__pycache__', '.pytest_cache', '.dvc-cache']);

/**
 * Copies `source` into workDir/workspace, then each `extra` entry (path inside the workspace ->
 * file or folder to copy there). Returns the workspace path.
 */
export function copyWorkspace(source: string, workDir: string, extra: Record<string, string> = {}): string {
  const workspace = join(workDir, 'workspace', basename(source));
  cpSync(source, workspace, { recursive: true, filter: (src) => !skipped.has(basename(src)) });
  for (const [target, from] of Object.entries(extra)) cpSync(from, join(workspace, target), { recursive: true });
  return workspace;
}
