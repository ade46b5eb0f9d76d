// The git side of data versioning through simple-git: staging the `.dvc` and `.gitignore`
// files, and reading a `.dvc` file as it was at any revision.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { PonteError } from '../errors';

export function isGitRepo(root: string): boolean {
  let dir = root;
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return true;
    const up = path.dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

export function gitAt(root: string): SimpleGit {
  return simpleGit({ baseDir: root, maxConcurrentProcesses: 2 });
}

function gitError(e: unknown, what: string, file?: string): PonteError {
  const msg = (e as Error).message?.trim().split('\n')[0] ?? String(e);
  return new PonteError('data.git_failed', `git could not ${what}: ${msg}`, { file, hint: 'check `git status` in the repository', cause: e });
}

/**
 * `git add` these repository-relative paths (no-op outside a git repository). Paths a
 * `.gitignore` rule excludes are left out and returned, since git refuses to stage them.
 */
export async function stageFiles(root: string, rels: string[]): Promise<{ staged: string[]; ignored: string[] }> {
  if (rels.length === 0 || !isGitRepo(root)) return { staged: [], ignored: [] };
  const git = gitAt(root);
  let ignored: string[] = [];
  try {
    // check-ignore exits 1 when nothing is ignored; simple-git reports that as an empty answer.
    ignored = (await git.raw(['check-ignore', '--', ...rels]).catch(() => '')).split('\n').filter(Boolean);
    const staged = rels.filter((r) => !ignored.includes(r));
    if (staged.length) await git.add(staged);
    return { staged, ignored };
  } catch (e) {
    throw gitError(e, `stage ${rels.join(', ')}`, rels[0]);
  }
}

/** The text of `rel` at revision `rev`. */
export async function showAtRev(root: string, rev: string, rel: string): Promise<string> {
  if (!isGitRepo(root)) {
    throw new PonteError('data.not_a_git_repo', `--rev needs a git repository, and ${root} is not in one`, { file: root, hint: 'drop --rev' });
  }
  try {
    return await gitAt(root).show([`${rev}:${rel}`]);
  } catch (e) {
    throw new PonteError('data.not_at_rev', `${rel} does not exist at revision '${rev}'`, {
      file: rel,
      hint: `list its versions with 'ponte data log ${rel.replace(/\.dvc$/, '')}'`,
      cause: e,
    });
  }
}

export interface Commit {
  commit: string;
  date: string;
  author: string;
  message: string;
}

/** Commits that touched `rel`, newest first. */
export async function commitsTouching(root: string, rel: string): Promise<Commit[]> {
  if (!isGitRepo(root)) return [];
  try {
    const log = await gitAt(root).log({ file: rel });
    return log.all.map((c) => ({ commit: c.hash, date: c.date, author: c.author_name, message: c.message }));
  } catch (e) {
    if (/does not have any commits/.test((e as Error).message)) return [];
    throw gitError(e, `read the history of ${rel}`, rel);
  }
}
