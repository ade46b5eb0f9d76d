// The content-addressed cache: `files/md5/ab/<30 hex>[.dir]` (DVC 3) and `ab/<30 hex>` (DVC 2,
// still read). Objects are written to a temporary file beside their final name, hashed in the
// same pass, made read-only and renamed: a killed process leaves only whole, correct objects.
// Durability against power loss comes from one `syncCache` before the `.dvc` file is written
// (an fsync per object made adding 20,000 small files take 21 s instead of 5 s).
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import type { ManifestEntry } from './dir-manifest';
import { hashFile, type HashKind, type JobControl } from './hash';
import { objectProblem, readVerifiedManifest } from './verified-copy';
import type { StateCache } from './state';

export type CacheLayout = 'v3' | 'legacy';

/** Where an object lives: DVC 3 under `files/md5/`, DVC 2 directly under the cache root. */
export function objectPath(cacheDir: string, md5: string, layout: CacheLayout = 'v3'): string {
  const sub = layout === 'v3' ? path.join(cacheDir, 'files', 'md5') : cacheDir;
  return path.join(sub, md5.slice(0, 2), md5.slice(2));
}

export function layoutFor(kind: HashKind): CacheLayout {
  return kind === 'md5' ? 'v3' : 'legacy';
}

/** The object's file, looked up in the layout for `kind` and then the other one. */
export function findObject(cacheDir: string, md5: string, kind: HashKind = 'md5'): string | undefined {
  const first = layoutFor(kind);
  for (const layout of [first, first === 'v3' ? 'legacy' : 'v3'] as CacheLayout[]) {
    const p = objectPath(cacheDir, md5, layout);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Reads a directory's manifest from the cache, or undefined when it is not there. It must hash
 * to its name and keep every relpath inside the folder, else it is reported as corrupt.
 */
export function readManifestObject(cacheDir: string, md5: string, kind: HashKind = 'md5'): ManifestEntry[] | undefined {
  const file = findObject(cacheDir, md5, kind);
  if (!file) return undefined;
  return readVerifiedManifest(file, { md5, kind }).entries;
}

/** The object names under one layout by prefix directory, listed once (cheaper than a stat each). */
function listObjects(cacheDir: string, layout: CacheLayout): Map<string, Set<string>> {
  const byPrefix = new Map<string, Set<string>>();
  const base = layout === 'v3' ? path.join(cacheDir, 'files', 'md5') : cacheDir;
  let prefixes: string[];
  try {
    prefixes = readdirSync(base).filter((p) => /^[0-9a-f]{2}$/.test(p));
  } catch {
    return byPrefix;
  }
  for (const p of prefixes) {
    try {
      byPrefix.set(p, new Set(readdirSync(path.join(base, p))));
    } catch (e) {
      throw fromSystemError(e, path.join(base, p), 'list the cache folder');
    }
  }
  return byPrefix;
}

/**
 * True when the object is in the cache; for a directory, its manifest and every file in it.
 * `entries`: the directory's files when the caller already knows them (its workspace matched
 * the hash), which saves reading the manifest back.
 */
export function isInCache(cacheDir: string, md5: string, kind: HashKind = 'md5', entries?: readonly ManifestEntry[]): boolean {
  if (!md5.endsWith('.dir')) return findObject(cacheDir, md5, kind) !== undefined;
  if (entries) {
    if (!findObject(cacheDir, md5, kind)) return false;
  } else {
    entries = readManifestObject(cacheDir, md5, kind);
    if (!entries) return false;
  }
  if (entries.length < 2000) return entries.every((e) => findObject(cacheDir, e.md5, kind) !== undefined);
  const first = layoutFor(kind);
  const listed = listObjects(cacheDir, first);
  let other: Map<string, Set<string>> | undefined;
  const has = (m: Map<string, Set<string>>, h: string) => m.get(h.slice(0, 2))?.has(h.slice(2)) === true;
  return entries.every((e) => has(listed, e.md5) || has((other ??= listObjects(cacheDir, first === 'v3' ? 'legacy' : 'v3')), e.md5));
}

function tmpName(final: string): string {
  return `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Moves a finished temporary file into place as a read-only object. */
function publish(tmp: string, final: string): void {
  try {
    chmodSync(tmp, 0o444);
    renameSync(tmp, final);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fromSystemError(e, final, 'write the cache object');
  }
}

/** mkdir -p, but reporting the real cause (recursive mkdir says ENOENT on a read-only disk). */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const missing: string[] = [];
    for (let d = dir; !existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) mkdirSync(d);
    throw e;
  }
}

function openTmp(final: string): { fd: number; tmp: string } {
  const tmp = tmpName(final);
  try {
    ensureDir(path.dirname(final));
    return { fd: openSync(tmp, 'wx', 0o644), tmp };
  } catch (e) {
    throw fromSystemError(e, path.dirname(final), 'write to the cache');
  }
}

/** Stores bytes whose md5 is already known (a directory manifest) as an object. */
export function storeBytes(cacheDir: string, md5: string, bytes: Uint8Array, layout: CacheLayout = 'v3'): string {
  const final = objectPath(cacheDir, md5, layout);
  if (existsSync(final)) return final;
  const { fd, tmp } = openTmp(final);
  try {
    writeSync(fd, bytes);
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw fromSystemError(e, final, 'write the cache object');
  }
  publish(tmp, final);
  return final;
}

export interface StoreFileOptions extends JobControl {
  /** When given, the copy must hash to this (else the file changed since it was hashed). */
  expectedMd5?: string;
  state?: StateCache;
  kind?: HashKind;
  progressBase?: number;
  progressTotal?: number;
}

/**
 * Copies a file into the cache, hashing what it copies. Returns the object's md5. A file
 * already in the cache (known through the state cache) costs nothing.
 */
export async function storeFile(cacheDir: string, file: string, options: StoreFileOptions = {}): Promise<{ md5: string; size: number }> {
  const kind = options.kind ?? 'md5';
  const layout = layoutFor(kind);
  if (options.expectedMd5 && existsSync(objectPath(cacheDir, options.expectedMd5, layout))) {
    return { md5: options.expectedMd5, size: -1 };
  }
  // The object's name is only known once the copy is hashed, so copy under a provisional name.
  const staging = objectPath(cacheDir, '00tmp', layout);
  const { fd, tmp } = openTmp(staging);
  let md5: string;
  let size: number;
  try {
    const h = await hashFile(file, {
      ...options,
      kind,
      onChunk: (chunk) => {
        try {
          writeSync(fd, chunk);
        } catch (e) {
          throw fromSystemError(e, tmp, 'write the cache object');
        }
      },
    });
    closeSync(fd);
    md5 = h.md5;
    size = h.size;
    options.state?.record(h.stats, kind, h.md5);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  if (options.expectedMd5 && options.expectedMd5 !== md5) {
    rmSync(tmp, { force: true });
    throw new PonteError('data.changed_while_hashing', 'changed while it was being added', {
      file,
      hint: 'wait until whatever writes the file has finished, then add it again',
    });
  }
  const final = objectPath(cacheDir, md5, layout);
  try {
    ensureDir(path.dirname(final));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fromSystemError(e, path.dirname(final), 'write to the cache');
  }
  if (existsSync(final)) rmSync(tmp, { force: true });
  else publish(tmp, final);
  return { md5, size };
}

/** Flushes the cache's file system (`sync -f`), so objects are on disk before a `.dvc` names them. */
export function syncCache(cacheDir: string): void {
  try {
    execFileSync('sync', ['-f', cacheDir], { stdio: 'ignore' });
  } catch {
    // No coreutils sync (or not Linux): the kernel writes the pages back soon enough.
  }
}

/** Re-hashes an object and compares it with its name (a manifest must also be sound). */
export async function verifyObject(file: string, md5: string, kind: HashKind = 'md5', options: JobControl = {}): Promise<boolean> {
  return (await objectProblem(file, { md5, kind }, options.signal)) === undefined;
}
