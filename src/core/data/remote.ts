// `data push` / `data pull` against a local-directory remote laid out like DVC 3's
// (`<url>/files/md5/ab/...`; DVC 2 entries use `<url>/ab/...`). Only missing objects move, and
// every one is hashed as it is copied: a corrupt object reaches neither the remote (push) nor the
// cache (pull). Cloud remotes are later work.
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import { ensureDir, findObject, isInCache, layoutFor, objectPath, readManifestObject, storeBytes } from './cache';
import { checkoutTracked } from './checkout';
import { resolveRemote } from './config';
import type { ManifestEntry } from './dir-manifest';
import { throwIfAborted, type HashKind, type JobControl } from './hash';
import { openDataRepo, type DataRepo } from './repo';
import { outInCache } from './status';
import { withRepoLock } from './lock';
import { listTracked, type TrackedOut } from './tracked';
import { copyVerified, readVerifiedManifest, type ObjectHome, type ObjectRef } from './verified-copy';

export interface TransferOptions extends JobControl {
  cwd: string;
  paths?: string[];
  remote?: string;
}

export interface TransferResult {
  remote: string;
  /** Objects copied, objects already there, objects missing on the source side. */
  transferred: number;
  skipped: number;
  missing: string[];
  /** The tracked paths those missing objects belong to (repository-relative, each once). */
  missingPaths?: string[];
  /** pull: corrupt cache objects replaced by the remote's verified copies. */
  replaced?: string[];
}

function noteMissing(result: TransferResult, md5: string, t: TrackedOut): void {
  result.missing.push(md5);
  result.missingPaths ??= [];
  if (!result.missingPaths.includes(t.rel)) result.missingPaths.push(t.rel);
}

/** The remote's directory; any URL with a scheme other than file:// is not supported yet. */
export function localRemoteDir(repo: DataRepo, name?: string): { name: string; dir: string } {
  const remote = resolveRemote(repo.config, repo.dvcDir, name);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote.url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'file') {
    throw new PonteError('data.remote_unsupported', `remote '${remote.name}' is ${scheme}:// (${remote.url}); Ponte supports local and mounted directories for now, ${scheme} remotes are later work`, {
      file: remote.file,
      hint: `use the dvc CLI for this remote ('dvc push -r ${remote.name}'), or mount it and point url at the mount`,
    });
  }
  const url = scheme === 'file' ? remote.url.replace(/^file:\/\//i, '') : remote.url;
  return { name: remote.name, dir: path.resolve(repo.dvcDir, url) };
}

interface NeededObject {
  md5: string;
  kind: HashKind;
  t: TrackedOut;
}

/** Every object the outputs need: files, and for directories the manifest then its files. */
function neededObjects(tracked: TrackedOut[], manifestOf: (md5: string, kind: HashKind) => ManifestEntry[] | undefined): NeededObject[] {
  const seen = new Set<string>();
  const out: NeededObject[] = [];
  const add = (md5: string, kind: HashKind, t: TrackedOut) => {
    if (seen.has(`${kind}:${md5}`)) return;
    seen.add(`${kind}:${md5}`);
    out.push({ md5, kind, t });
  };
  for (const t of tracked) {
    const md5 = t.out.md5;
    if (!md5) continue;
    add(md5, t.kind, t);
    if (md5.endsWith('.dir')) {
      for (const e of manifestOf(md5, t.kind) ?? []) add(e.md5, t.kind, t);
    }
  }
  return out;
}

/** Copies one object between the cache and a remote (both keep objects read-only), verified. */
async function copyObject(src: string, dest: string, ref: ObjectRef, from: ObjectHome, signal?: AbortSignal): Promise<void> {
  const action = from === 'cache' ? 'copy to the remote' : 'write the cache object';
  try {
    ensureDir(path.dirname(dest));
  } catch (e) {
    throw fromSystemError(e, dest, action);
  }
  await copyVerified(src, dest, ref, { mode: 0o444, home: from, signal, action });
}

export async function pushData(options: TransferOptions): Promise<TransferResult> {
  const repo = await openDataRepo(options.cwd);
  const remote = localRemoteDir(repo, options.remote);
  const tracked = await listTracked(repo, options);
  const needed = neededObjects(tracked, (md5, kind) => readManifestObject(repo.cacheDir, md5, kind));
  const result: TransferResult = { remote: remote.name, transferred: 0, skipped: 0, missing: [], missingPaths: [] };
  for (let i = 0; i < needed.length; i++) {
    throwIfAborted(options.signal);
    const { md5, kind, t } = needed[i];
    const dest = objectPath(remote.dir, md5, layoutFor(kind));
    if (existsSync(dest)) result.skipped++;
    else {
      const src = findObject(repo.cacheDir, md5, kind);
      if (!src) noteMissing(result, md5, t);
      else {
        await copyObject(src, dest, { md5, kind }, 'cache', options.signal);
        result.transferred++;
      }
    }
    options.onProgress?.(i + 1, needed.length);
  }
  return result;
}

/** Copies one object from the remote into the cache, refusing it when it fails its hash. */
async function fetchObject(repo: DataRepo, remoteDir: string, o: NeededObject, signal?: AbortSignal): Promise<boolean> {
  const src = objectPath(remoteDir, o.md5, layoutFor(o.kind));
  if (!existsSync(src)) return false;
  if (o.md5.endsWith('.dir')) {
    storeBytes(repo.cacheDir, o.md5, readVerifiedManifest(src, o, 'remote').bytes, layoutFor(o.kind));
    return true;
  }
  await copyObject(src, objectPath(repo.cacheDir, o.md5, layoutFor(o.kind)), o, 'remote', signal);
  return true;
}

export async function fetchData(repo: DataRepo, tracked: TrackedOut[], options: TransferOptions): Promise<TransferResult> {
  const remote = localRemoteDir(repo, options.remote);
  // Checked when the first object is needed: a pull with everything cached never needs it.
  let remoteSeen = false;
  const fetchOne = (o: NeededObject): Promise<boolean> => {
    if (!remoteSeen && !existsSync(remote.dir)) {
      throw new PonteError('data.remote_missing', `remote '${remote.name}' is ${remote.dir}, which does not exist`, {
        file: remote.dir,
        hint: `mount it, or fix its url under ['remote "${remote.name}"'] in .dvc/config (or .dvc/config.local)`,
      });
    }
    remoteSeen = true;
    return fetchObject(repo, remote.dir, o, options.signal);
  };
  const result: TransferResult = { remote: remote.name, transferred: 0, skipped: 0, missing: [], missingPaths: [] };
  // Manifests first, so their files can be listed.
  for (const t of tracked) {
    const md5 = t.out.md5;
    if (md5?.endsWith('.dir') && !findObject(repo.cacheDir, md5, t.kind)) {
      if (await fetchOne({ md5, kind: t.kind, t })) result.transferred++;
    }
  }
  const needed = neededObjects(tracked, (md5, kind) => readManifestObject(repo.cacheDir, md5, kind)).filter((o) => !o.md5.endsWith('.dir'));
  for (let i = 0; i < needed.length; i++) {
    throwIfAborted(options.signal);
    const o = needed[i];
    if (findObject(repo.cacheDir, o.md5, o.kind)) result.skipped++;
    else if (await fetchOne(o)) result.transferred++;
    else noteMissing(result, o.md5, o.t);
    options.onProgress?.(i + 1, needed.length);
  }
  for (const t of tracked) {
    if (t.out.md5?.endsWith('.dir') && !readManifestObject(repo.cacheDir, t.out.md5, t.kind)) noteMissing(result, t.out.md5, t);
  }
  await repo.state.flush();
  return result;
}

/**
 * A corrupt cache object that the remote holds is removed, so the next fetch brings the remote's
 * copy (verified as it arrives). True when it was; each object is given one chance.
 */
function dropCorruptCached(repo: DataRepo, e: unknown, remoteName: string | undefined, dropped: string[]): boolean {
  if (!(e instanceof PonteError) || e.code !== 'data.corrupt_object' || !e.file || dropped.includes(e.file)) return false;
  const rel = path.relative(repo.cacheDir, e.file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  // A local remote has the cache's own layout.
  if (!existsSync(path.join(localRemoteDir(repo, remoteName).dir, rel))) return false;
  try {
    rmSync(e.file, { recursive: true, force: true });
  } catch (err) {
    throw fromSystemError(err, e.file, 'remove the corrupt object');
  }
  dropped.push(e.file);
  return true;
}

/**
 * fetch, then check out what arrived (never overwriting changed data). A corrupt cache object
 * found on the way is replaced by the remote's copy when the remote has one.
 */
export async function pullData(options: TransferOptions & { force?: boolean; lockWaitMs?: number }): Promise<TransferResult> {
  const repo = await openDataRepo(options.cwd);
  const tracked = await listTracked(repo, options);
  return withRepoLock(
    repo.dvcDir,
    'data pull',
    async () => {
      const replaced: string[] = [];
      for (;;) {
        try {
          const result = await fetchData(repo, tracked, options);
          const complete = tracked.filter((t) => t.out.md5 && outInCache(repo, t.out.md5, t.kind));
          await checkoutTracked(repo, complete, { cwd: options.cwd, force: options.force, signal: options.signal });
          return replaced.length ? { ...result, replaced } : result;
        } catch (e) {
          if (!dropCorruptCached(repo, e, options.remote, replaced)) throw e;
        }
      }
    },
    { waitMs: options.lockWaitMs },
  );
}

/** True when the remote holds the output's object (for a directory, its manifest and files). */
export function isPushed(repo: DataRepo, t: TrackedOut, remoteName?: string): boolean {
  // A local remote has the cache's own layout, so the cache's check applies as it is.
  return t.out.md5 !== undefined && isInCache(localRemoteDir(repo, remoteName).dir, t.out.md5, t.kind);
}
