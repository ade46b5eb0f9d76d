// `data log`: every version of a dataset, read from the git history of its `.dvc` file (or,
// for a Git-LFS dataset, of its LFS pointer).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError } from '../errors';
import { parseDvcFile } from './dvc-file';
import { commitsTouching, showAtRev, type Commit } from './git';
import { storageFor } from './lfs';
import { findRepoRoot, openDataRepo, resolveInRepo } from './repo';
import { dvcFileFor } from './tracked';

export interface DataVersion extends Commit {
  md5?: string;
  /** Git-LFS datasets: the sha256 object id from the pointer file. */
  oid?: string;
  size?: number;
  nfiles?: number;
  /** True for the commit that deleted the `.dvc` file. */
  deleted?: boolean;
}

/** `oid sha256:...` and `size N` from a Git-LFS pointer file. */
export function parseLfsPointer(text: string): { oid?: string; size?: number } {
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return { oid, size: size === undefined ? undefined : Number(size) };
}

async function lfsLog(root: string, rel: string): Promise<DataVersion[]> {
  const versions: DataVersion[] = [];
  for (const c of await commitsTouching(root, rel)) {
    try {
      const pointer = parseLfsPointer(await showAtRev(root, c.commit, rel));
      versions.push({ ...c, ...pointer });
    } catch {
      versions.push({ ...c, deleted: true });
    }
  }
  return versions;
}

export async function dataLog(options: { cwd: string; path: string }): Promise<DataVersion[]> {
  const root = findRepoRoot(options.cwd) ?? path.resolve(options.cwd);
  const target = resolveInRepo(root, options.path, options.cwd);
  if (storageFor(root, target.rel) === 'git-lfs') return lfsLog(root, target.rel);
  const repo = await openDataRepo(options.cwd);
  const dvcFile = dvcFileFor(repo, options.path, options.cwd);
  const rel = path.relative(repo.root, dvcFile).split(path.sep).join('/');
  const commits = await commitsTouching(repo.root, rel);
  if (commits.length === 0 && !existsSync(dvcFile)) {
    throw new PonteError('data.not_tracked', `${options.path} is not tracked: ${rel} does not exist and has no git history`, {
      file: dvcFile,
      hint: `track it with 'ponte data add ${options.path}', then commit the .dvc file`,
    });
  }
  const versions: DataVersion[] = [];
  for (const c of commits) {
    let text: string;
    try {
      text = await showAtRev(repo.root, c.commit, rel);
    } catch {
      versions.push({ ...c, deleted: true });
      continue;
    }
    const out = parseDvcFile(text, `${rel}@${c.commit.slice(0, 7)}`).outs[0];
    versions.push({ ...c, md5: out?.md5, size: out?.size, nfiles: out?.nfiles });
  }
  return versions;
}
