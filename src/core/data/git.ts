// The git side of data versioning through simple-git: staging the `.dvc` and `.gitignore`
// files, and reading a `.dvc` file as it was at any revision.
import { spawnSync } from 'node:child_process';
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
 * The paths a `.gitignore` rule excludes. NUL-separated through stdin, so names come back as
 * given rather than C-quoted (a unicode name would otherwise never match).
 */
export function ignoredByGit(root: string, rels: string[]): string[] {
  const r = spawnSync('git', ['check-ignore', '-z', '--stdin'], { cwd: root, input: `${rels.join('\0')}\0`, encoding: 'utf8' });
  // Exit 1: nothing is ignored; anything but 0 or 1 is git failing, which staging reports.
  return r.status === 0 ? r.stdout.split('\0').filter(Boolean) : [];
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
    ignored = ignoredByGit(root, rels);
    const staged = rels.filter((r) => !ignored.includes(r));
    if (staged.length) await git.add(staged);
    return { staged, ignored };
  } catch (e) {
    throw gitError(e, `stage ${rels.join(', ')}`, rels[0]);
  }
}

function needGitRepo(root: string): void {
  if (!isGitRepo(root)) {
    throw new PonteError('data.not_a_git_repo', `--rev needs a git repository, and ${root} is not in one`, { file: root, hint: 'drop --rev' });
  }
}

/** Throws `data.unknown_rev` unless `rev` names a commit (a hash, branch, tag or `HEAD~n`). */
export async function verifyRev(root: string, rev: string): Promise<void> {
  needGitRepo(root);
  // simple-git resolves a failing command that printed nothing, so judge by the output.
  const ok = await gitAt(root)
    .raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])
    .then((out) => /^[0-9a-f]{40,64}$/.test(out.trim()), () => false);
  if (!ok) {
    throw new PonteError('data.unknown_rev', `'${rev}' is not a commit in this repository`, {
      file: root,
      hint: "name a commit, branch or tag ('git log --oneline' lists them)",
    });
  }
}

/** The text of `rel` at revision `rev`. */
export async function showAtRev(root: string, rev: string, rel: string): Promise<string> {
  needGitRepo(root);
  if (rev.startsWith('-')) await verifyRev(root, rev); // never let a revision reach git as an option
  try {
    // `./` makes the path relative to the DVC root, which may be a subdirectory of the git repository.
    return await gitAt(root).show([`${rev}:./${rel}`]);
  } catch (e) {
    await verifyRev(root, rev);
    throw new PonteError('data.not_at_rev', `${rel} does not exist at revision '${rev}'`, {
      file: rel,
      hint: `list its versions with 'ponte data log ${rel.replace(/\.dvc$/, '')}'`,
      cause: e,
    });
  }
}

/** Every `*.dvc` file committed at `rev` (repository-relative, sorted). */
export async function dvcFilesAtRev(root: string, rev: string): Promise<string[]> {
  await verifyRev(root, rev);
  let listing: string;
  try {
    listing = await gitAt(root).raw(['ls-tree', '-r', '-z', '--name-only', '--end-of-options', rev]);
  } catch (e) {
    throw gitError(e, `list the files at '${rev}'`);
  }
  return listing
    .split('\0')
    .filter((f) => f.endsWith('.dvc') && f.length > 4 && !f.startsWith('.dvc/') && !f.includes('/.dvc/'))
    .sort();
}

/** The repository-relative paths git tracks at or below `rel` (empty outside a git repository). */
export async function gitTrackedUnder(root: string, rel: string): Promise<string[]> {
  if (!isGitRepo(root)) return [];
  try {
    return (await gitAt(root).raw(['ls-files', '-z', '--', rel])).split('\0').filter(Boolean);
  } catch (e) {
    throw gitError(e, `list the files git tracks under ${rel}`, rel);
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
