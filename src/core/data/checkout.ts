// `data checkout`: put the recorded data back from the cache, at a git revision if asked.
// Links are tried in the order of `cache.type`; each file lands under a temporary name and is
// renamed into place. Changed data is never overwritten without `force`, and that check is
// made for every path before anything is touched.
//
// The default is DVC's own, reflink then copy. A hardlink shares the cache object's inode: an
// in-place edit of the workspace file (by root, or any tool that chmods first) would silently
// corrupt the cache, so hardlinks are used only when `cache.type` asks for them.
//
// Every path written or removed goes through the path guard twice: for all outputs before
// anything is touched, and for each file right before it is written.
import { chmodSync, constants, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import { guardPath, prepareWrite, removeInRepo, type PathRequest } from '../workspace/path-guard';
import { ensureDir, findObject, readManifestObject } from './cache';
import { throwIfAborted, type HashKind, type JobControl } from './hash';
import type { ManifestEntry } from './dir-manifest';
import { hashPath, type PathHash } from './hash-path';
import { openDataRepo, type DataRepo } from './repo';
import { workspaceHash } from './status';
import { checkIsFile, copyVerified, isCorruptObjectError, publishLinked, tempBeside, type ObjectRef } from './verified-copy';
import { withRepoLock } from './lock';
import { listTracked, type TrackedOut } from './tracked';

export type LinkType = 'reflink' | 'hardlink' | 'copy';

export function linkTypes(repo: DataRepo): LinkType[] {
  const configured = repo.config.get('cache')?.get('type');
  if (!configured) return ['reflink', 'copy'];
  const types = configured.split(',').map((s) => s.trim()).filter((s): s is LinkType => s === 'reflink' || s === 'hardlink' || s === 'copy');
  return types.length ? types : ['copy'];
}

/**
 * Materialises one object at `dest` (a path from prepareWrite) by the first link type that works here. Whatever the type,
 * the bytes are hashed before the rename (a copy as it streams, a link or reflink once made): a
 * corrupt object stops the checkout and never reaches the workspace.
 */
export async function linkFromCache(object: string, dest: string, types: LinkType[], ref: ObjectRef, isexec = false, signal?: AbortSignal): Promise<LinkType> {
  try {
    ensureDir(path.dirname(dest));
  } catch (e) {
    throw fromSystemError(e, path.dirname(dest), 'create the folder for');
  }
  checkIsFile(object);
  let lastError: unknown;
  for (const type of types) {
    if (type === 'copy') {
      try {
        await copyVerified(object, dest, ref, { mode: isexec ? 0o755 : 0o644, signal, action: 'check out' });
        return type;
      } catch (e) {
        if (isCorruptObjectError(e)) throw e;
        lastError = e;
        continue;
      }
    }
    const tmp = tempBeside(dest);
    try {
      // Like DVC, an empty file is created rather than linked: every empty file shares one
      // object, and a file system allows only so many links to one inode (ext4: 65,000).
      if (type === 'hardlink' && statSync(object).size > 0) linkSync(object, tmp);
      else if (type === 'hardlink') writeFileSync(tmp, '', { mode: 0o444 });
      else {
        copyFileSync(object, tmp, constants.COPYFILE_FICLONE_FORCE);
        chmodSync(tmp, isexec ? 0o755 : 0o644);
      }
    } catch (e) {
      lastError = e;
      rmSync(tmp, { force: true });
      continue;
    }
    await publishLinked(tmp, dest, object, ref, signal);
    return type;
  }
  throw fromSystemError(lastError, dest, 'check out');
}

/** Removes what checkout replaces; a failure names the path instead of escaping as a bug. */
function remove(abs: string, recursive: boolean): void {
  try {
    if (recursive) rmSync(abs, { recursive: true, force: true });
    else unlinkSync(abs);
  } catch (e) {
    throw fromSystemError(e, abs, 'remove');
  }
}

function asked(t: TrackedOut, action: string): PathRequest {
  return { action, source: { file: t.dvcFile } };
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Each folder a directory's files go into, checked before anything is written (a link in the directory's place is replaced, so nothing below it is followed). */
function guardFolders(root: string, t: TrackedOut, entries: ManifestEntry[]): void {
  const folders = new Set(entries.map((e) => e.relpath.split('/').slice(0, -1).join('/')).filter((f) => f !== ''));
  for (const f of folders) guardPath(root, path.join(t.abs, ...f.split('/')), { ...asked(t, 'check out'), followLast: true });
}

export interface CheckoutOptions extends JobControl {
  cwd: string;
  paths?: string[];
  rev?: string;
  force?: boolean;
}

export interface CheckoutResult {
  path: string;
  action: 'unchanged' | 'restored';
  files: number;
}

interface Plan {
  t: TrackedOut;
  current?: Map<string, string>;
  currentMd5?: string;
  /** The cache objects to link: one for a file; for a directory, one per manifest entry. */
  objects: string[];
  entries?: ManifestEntry[];
}

function needObject(repo: DataRepo, md5: string, kind: HashKind, t: TrackedOut): string {
  const obj = findObject(repo.cacheDir, md5, kind);
  if (!obj) {
    throw new PonteError('data.not_in_cache', `${t.rel}: object ${md5} is not in the cache`, {
      file: t.dvcFile,
      hint: "fetch it with 'ponte data pull'",
    });
  }
  return obj;
}

function hashesInCache(repo: DataRepo, now: PathHash, kind: HashKind): boolean {
  if (now.files) return now.files.every((f) => findObject(repo.cacheDir, f.md5, kind) !== undefined);
  return findObject(repo.cacheDir, now.md5, kind) !== undefined;
}

/**
 * Replacing data is safe when what the workspace holds now is in the cache already. Checking
 * out a DVC 2 version (md5-dos2unix) over data that was re-added with DVC 3 looks for the raw
 * md5 too, since that is how the current content was stored.
 */
async function savedInCache(repo: DataRepo, t: TrackedOut, now: PathHash, signal?: AbortSignal): Promise<boolean> {
  if (hashesInCache(repo, now, t.kind)) return true;
  if (t.kind === 'md5') return false;
  const raw = await hashPath(t.abs, { root: repo.root, ignore: repo.ignore(), state: repo.state, kind: 'md5', signal });
  return hashesInCache(repo, raw, 'md5');
}

export async function checkoutTracked(repo: DataRepo, tracked: TrackedOut[], options: CheckoutOptions): Promise<CheckoutResult[]> {
  const plans: Plan[] = [];
  for (const t of tracked) {
    throwIfAborted(options.signal);
    if (!t.out.md5) continue;
    guardPath(repo.root, t.abs, asked(t, 'check out'));
    const now = await workspaceHash(repo, t, { signal: options.signal });
    const plan: Plan = { t, currentMd5: now?.md5, objects: [] };
    if (now && now.md5 !== t.out.md5 && !options.force && !(await savedInCache(repo, t, now, options.signal))) {
      throw new PonteError('data.would_overwrite', 'has changes that are not in the cache; checkout would lose them', {
        file: t.rel,
        hint: "commit it with 'ponte data add' first, or pass --force to discard the changes",
      });
    }
    if (now?.files) plan.current = new Map(now.files.map((f) => [f.rel, f.md5]));
    // Every object is found before anything is touched, so a missing one changes nothing.
    const md5 = t.out.md5;
    if (now?.md5 !== md5 && !md5.endsWith('.dir')) plan.objects = [needObject(repo, md5, t.kind, t)];
    else if (now?.md5 !== md5) {
      plan.entries = readManifestObject(repo.cacheDir, md5, t.kind);
      if (!plan.entries) needObject(repo, md5, t.kind, t);
      plan.objects = plan.entries!.map((e) => needObject(repo, e.md5, t.kind, t));
      if (!isLink(t.abs)) guardFolders(repo.root, t, plan.entries!);
    }
    plans.push(plan);
  }
  const results: CheckoutResult[] = [];
  const types = linkTypes(repo);
  for (const { t, current, currentMd5, objects, entries } of plans) {
    if (currentMd5 === t.out.md5) {
      results.push({ path: t.rel, action: 'unchanged', files: 0 });
      continue;
    }
    if (!entries) {
      // A file replaces a file (or a link) by rename; only a directory in its way is removed first.
      if (current) removeInRepo(repo.root, t.abs, asked(t, 'replace'));
      await linkFromCache(objects[0], prepareWrite(repo.root, t.abs, asked(t, 'check out')), types, { md5: t.out.md5!, kind: t.kind }, t.out.isexec, options.signal);
      results.push({ path: t.rel, action: 'restored', files: 1 });
      continue;
    }
    const dir = prepareWrite(repo.root, t.abs, asked(t, 'check out'));
    // A link in the directory's place is replaced, never written through: what it holds is not this output.
    const kept = isLink(dir) ? undefined : current;
    if (!kept && (existsSync(dir) || isLink(dir))) remove(dir, false);
    try {
      if (!existsSync(dir)) mkdirSync(dir); // an empty directory has no file to create it
    } catch (e) {
      throw fromSystemError(e, t.abs, 'create');
    }
    let written = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (kept?.get(e.relpath) === e.md5) continue;
      await linkFromCache(objects[i], prepareWrite(repo.root, path.join(t.abs, ...e.relpath.split('/')), asked(t, 'check out')), types, { md5: e.md5, kind: t.kind }, false, options.signal);
      written++;
      options.onProgress?.(i + 1, entries.length);
      if (i % 500 === 0) throwIfAborted(options.signal);
    }
    const wanted = new Set(entries.map((e) => e.relpath));
    for (const rel of kept?.keys() ?? []) {
      if (!wanted.has(rel)) removeInRepo(repo.root, path.join(t.abs, ...rel.split('/')), asked(t, 'remove'));
    }
    results.push({ path: t.rel, action: 'restored', files: written });
  }
  return results;
}

export async function checkoutData(options: CheckoutOptions & { lockWaitMs?: number }): Promise<CheckoutResult[]> {
  const repo = await openDataRepo(options.cwd);
  const tracked = await listTracked(repo, options);
  return withRepoLock(repo.dvcDir, 'data checkout', () => checkoutTracked(repo, tracked, options), { waitMs: options.lockWaitMs });
}
