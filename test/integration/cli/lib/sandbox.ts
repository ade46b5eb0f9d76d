// A git repository with a `victim/` folder beside it (outside the repository), for the path
// guard tests: every trick aims at the victim, and the tests check it was never touched.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../../data/lib/ponte';

export { ponte, git } from '../../data/lib/ponte';

export function md5(text: string | Buffer): string {
  return createHash('md5').update(text).digest('hex');
}

/** Every file below `dir` with its content, for before/after comparisons. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = join(dir, rel);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isFile()) out[rel] = readFileSync(p, 'utf8');
  }
  return out;
}

/** A test body given a fresh git repository `repo/` and the folder `victim/` beside it. */
export function withVictim(fn: (repo: string, victim: string) => void): () => void {
  return () => {
    const top = realpathSync(mkdtempSync(join(tmpdir(), 'ponte-guard-')));
    const repo = join(top, 'repo');
    const victim = join(top, 'victim');
    mkdirSync(repo);
    mkdirSync(victim);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'test@example.org');
    git(repo, 'config', 'user.name', 'Ponte Test');
    try {
      fn(repo, victim);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  };
}
