// `data log`: every version of a dataset, read from the git history of its `.dvc` file (or,
// for a Git-LFS dataset, of its LFS pointer).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError } from '../errors';
import { parseDvcFile } from './dvc-file';
import { commitsTouching, gitAt, showAtRev, type Commit } from './git';
import { datasetStorage } from './lfs';
import { loadProject } from '../project';
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

/** The blobs below `rel` at `rev` (one for a file): path and object id. */
async function blobsAt(root: string, rev: string, rel: string): Promise<{ path: string; oid: string }[]> {
  const listing = await gitAt(root).raw(['ls-tree', '-r', '-z', '--end-of-options', rev, '--', rel]);
  return listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      return { path: file, oid: meta.split(' ')[2] };
    });
}

/** The texts of these blobs, read in one `git cat-file --batch`. */
function readBlobs(root: string, oids: string[]): string[] {
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd: root, input: `${oids.join('\n')}\n`, maxBuffer: 1 << 30 });
  const out = r.stdout ?? Buffer.alloc(0);
  const texts: string[] = [];
  for (let at = 0; at < out.length && texts.length < oids.length; ) {
    const eol = out.indexOf(10, at);
    const size = Number(out.subarray(at, eol).toString('latin1').split(' ')[2]);
    texts.push(out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return texts;
}

/**
 * Versions of a Git-LFS dataset from the pointer files in history: for a file its sha256 oid
 * and size; for a directory the number of files and their total size.
 */
async function lfsLog(root: string, rel: string): Promise<DataVersion[]> {
  const versions: DataVersion[] = [];
  for (const c of await commitsTouching(root, rel)) {
    const blobs = await blobsAt(root, c.commit, rel);
    if (blobs.length === 0) {
      versions.push({ ...c, deleted: true });
      continue;
    }
    const pointers = readBlobs(root, blobs.map((b) => b.oid)).map(parseLfsPointer);
    if (blobs.length === 1 && blobs[0].path === rel) versions.push({ ...c, ...pointers[0] });
    else versions.push({ ...c, size: pointers.reduce((n, p) => n + (p.size ?? 0), 0), nfiles: blobs.length });
  }
  return versions;
}

export async function dataLog(options: { cwd: string; path: string }): Promise<DataVersion[]> {
  const root = findRepoRoot(options.cwd) ?? path.resolve(options.cwd);
  const target = resolveInRepo(root, options.path, options.cwd);
  if (datasetStorage(loadProject(root).config, target.rel) === 'git-lfs') return lfsLog(root, target.rel);
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
