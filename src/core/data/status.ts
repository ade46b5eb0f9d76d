// `data status`: each tracked path is unchanged, modified, missing or not in the cache.
// Unchanged files cost a stat each, thanks to the state cache.
import { existsSync } from 'node:fs';
import { isInCache } from './cache';
import type { ManifestEntry } from './dir-manifest';
import { throwIfAborted, type HashKind, type JobControl } from './hash';
import { hashPath, type PathHash } from './hash-path';
import { openDataRepo, type DataRepo } from './repo';
import { listTracked, type TrackedOut } from './tracked';

export type DataStatusKind = 'unchanged' | 'modified' | 'missing' | 'not_in_cache';

export interface DataStatusEntry {
  /** Repository-relative data path. */
  path: string;
  status: DataStatusKind;
  dvcFile: string;
  /** What the `.dvc` file records, and what the workspace holds now (when it exists). */
  recorded?: string;
  actual?: string;
}

/** True when the recorded object (and, for a directory, every file in it) is in the cache. */
export function outInCache(repo: DataRepo, md5: string, kind: HashKind, entries?: readonly ManifestEntry[]): boolean {
  return isInCache(repo.cacheDir, md5, kind, entries);
}

/** Hashes what the workspace holds for one tracked output (undefined when it is missing). */
export async function workspaceHash(repo: DataRepo, t: TrackedOut, control: JobControl = {}): Promise<PathHash | undefined> {
  if (!existsSync(t.abs)) return undefined;
  return hashPath(t.abs, { ...control, root: repo.root, ignore: repo.ignore(), state: repo.state, kind: t.kind });
}

export async function statusOfTracked(repo: DataRepo, tracked: TrackedOut[], control: JobControl = {}): Promise<DataStatusEntry[]> {
  const result: DataStatusEntry[] = [];
  for (const t of tracked) {
    throwIfAborted(control.signal);
    const recorded = t.out.md5;
    const base = { path: t.rel, dvcFile: t.dvcRel, recorded };
    const now = await workspaceHash(repo, t, control);
    if (!now) result.push({ ...base, status: 'missing' });
    else if (now.md5 !== recorded) result.push({ ...base, actual: now.md5, status: 'modified' });
    else result.push({ ...base, actual: now.md5, status: outInCache(repo, now.md5, t.kind, now.dir?.entries) ? 'unchanged' : 'not_in_cache' });
  }
  await repo.state.flush();
  return result;
}

export interface StatusOptions extends JobControl {
  cwd: string;
  paths?: string[];
}

export async function dataStatus(options: StatusOptions): Promise<DataStatusEntry[]> {
  const repo = await openDataRepo(options.cwd);
  return statusOfTracked(repo, await listTracked(repo, options), options);
}
