// Runs the real `ponte` CLI (dist/cli.js) in a temporary git repository, for the data tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../../../dist/cli.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function ponte(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PONTE_DEBUG: '' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A fresh git repository with an identity, so commits work. */
export function tempGitRepo(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.org');
  git(dir, 'config', 'user.name', 'Ponte Test');
  return dir;
}

/** A test body run in a fresh git repository, which is removed afterwards. */
export function inRepo(prefix: string, fn: (repo: string) => void): () => void {
  return () => {
    const repo = tempGitRepo(prefix);
    try {
      fn(repo);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  };
}

/** Every file below `dir`, relative, sorted. */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((p) => statSync(join(dir, p)).isFile())
      .sort();
  } catch {
    return [];
  }
}
