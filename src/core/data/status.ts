// `data status`: each tracked path is unchanged, modified, missing or not in the cache.
// Unchanged files cost a stat each, thanks to the state cache; with `ponte data watch` running,
// nothing at all: the watcher already knows what did not change.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isInCache } from './cache';
import type { ManifestEntry } from './dir-manifest';
import { throwIfAborted, type HashKind, type JobControl } from './hash';
import { hashPath, type PathHash } from './hash-path';
import { findRepoRoot, openDataRepo, type DataRepo } from './repo';
import { listTracked, type TrackedOut } from './tracked';
import { statusFromWatcher } from './watch-client';

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

/** The verdict for one output given what its workspace holds now; `inCache` is asked only when it matters. */
export function statusEntry(t: TrackedOut, now: Pick<PathHash, 'md5'> | undefined, inCache: () => boolean): DataStatusEntry {
  const recorded = t.out.md5;
  const base = { path: t.rel, dvcFile: t.dvcRel, recorded };
  if (!now) return { ...base, status: 'missing' };
  if (now.md5 !== recorded) return { ...base, actual: now.md5, status: 'modified' };
  return { ...base, actual: now.md5, status: inCache() ? 'unchanged' : 'not_in_cache' };
}

export async function statusOfTracked(repo: DataRepo, tracked: TrackedOut[], control: JobControl = {}): Promise<DataStatusEntry[]> {
  const result: DataStatusEntry[] = [];
  for (const t of tracked) {
    throwIfAborted(control.signal);
    const now = await workspaceHash(repo, t, control);
    result.push(statusEntry(t, now, () => outInCache(repo, now!.md5, t.kind, now?.dir?.entries)));
  }
  await repo.state.flush();
  return result;
}

export interface StatusOptions extends JobControl {
  cwd: string;
  paths?: string[];
  /** Ask a running `ponte data watch` first (default); false reads the workspace here. */
  watcher?: boolean;
}

export async function dataStatus(options: StatusOptions): Promise<DataStatusEntry[]> {
  if (options.watcher !== false) {
    const root = findRepoRoot(options.cwd);
    if (root && existsSync(path.join(root, '.dvc'))) {
      const paths = options.paths?.length ? options.paths.map((p) => path.resolve(options.cwd, p)) : undefined;
      const answered = await statusFromWatcher(root, paths, { signal: options.signal, cwd: path.resolve(options.cwd) });
      if (answered) return answered;
    }
  }
  const repo = await openDataRepo(options.cwd);
  return statusOfTracked(repo, await listTracked(repo, options), options);
}
