// `data status`: each tracked path is unchanged, modified, missing or not in the cache.
// Unchanged files cost a stat each, thanks to the state cache.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { findObject, readManifestObject } from './cache';
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

/** The object names under one layout by prefix directory, listed once (cheaper than a stat each). */
function listObjects(cacheDir: string, kind: HashKind): Map<string, Set<string>> {
  const byPrefix = new Map<string, Set<string>>();
  const base = kind === 'md5' ? path.join(cacheDir, 'files', 'md5') : cacheDir;
  let prefixes: string[];
  try {
    prefixes = readdirSync(base).filter((p) => /^[0-9a-f]{2}$/.test(p));
  } catch {
    return byPrefix;
  }
  for (const p of prefixes) byPrefix.set(p, new Set(readdirSync(path.join(base, p))));
  return byPrefix;
}

/**
 * True when the recorded object (and, for a directory, every file in it) is in the cache.
 * `entries`: the directory's files when the caller already knows them (the workspace matched
 * the recorded hash), which saves reading the manifest back.
 */
export function outInCache(repo: DataRepo, md5: string, kind: HashKind, entries?: readonly ManifestEntry[]): boolean {
  if (!md5.endsWith('.dir')) return findObject(repo.cacheDir, md5, kind) !== undefined;
  if (entries) {
    if (!findObject(repo.cacheDir, md5, kind)) return false;
  } else {
    entries = readManifestObject(repo.cacheDir, md5, kind);
    if (!entries) return false;
  }
  if (entries.length < 2000) return entries.every((e) => findObject(repo.cacheDir, e.md5, kind) !== undefined);
  const first = listObjects(repo.cacheDir, kind);
  let other: Map<string, Set<string>> | undefined;
  const has = (m: Map<string, Set<string>>, h: string) => m.get(h.slice(0, 2))?.has(h.slice(2)) === true;
  return entries.every((e) => has(first, e.md5) || has((other ??= listObjects(repo.cacheDir, kind === 'md5' ? 'md5-dos2unix' : 'md5')), e.md5));
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
