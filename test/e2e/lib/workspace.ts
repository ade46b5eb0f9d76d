// Copies a workspace folder to a temporary directory so e2e tests never dirty the repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { repoRoot } from './paths.js';

/** The example every feature is shown and tested on. */
export function exampleFolder(): string {
  return join(repoRoot, 'examples', 'churn');
}

export function makeWorkDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `ponte-e2e-${name}-`));
}

/**
 * Copies `source` into workDir/workspace, then each `extra` entry (path inside the workspace ->
 * file or folder to copy there). Returns the workspace path.
 *
 * Inside a git repository only the files git would commit are copied (tracked, or new and not
 * ignored): outputs of a local `ponte run` (data/, models/, .ponte/) must not change what a
 * test sees, so a fresh clone and a used working tree give the same workspace.
 */
export function copyWorkspace(source: string, workDir: string, extra: Record<string, string> = {}): string {
  const workspace = join(workDir, 'workspace', basename(source));
  const files = filesGitWouldCommit(source);
  if (files) {
    for (const file of files) {
      const from = join(source, file);
      if (!existsSync(from)) continue; // tracked but deleted in the working tree
      mkdirSync(dirname(join(workspace, file)), { recursive: true });
      copyFileSync(from, join(workspace, file));
    }
  } else {
    cpSync(source, workspace, { recursive: true, filter: (src) => !skipped.has(basename(src)) });
  }
  for (const [target, from] of Object.entries(extra)) cpSync(from, join(workspace, target), { recursive: true });
  return workspace;
}

// Outside git: never copy VCS and tool state.
const skipped = new Set(['.git', 'node_modules', '.venv', '__pycache__', '.pytest_cache']);

function filesGitWouldCommit(dir: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = out.split('\0').filter(Boolean);
    return files.length > 0 ? files : undefined; // an ignored folder: copy it as it is
  } catch {
    return undefined; // not a git repository, or no git
  }
}
