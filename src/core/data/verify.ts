// `data verify`: re-hash every object of the cache (or of a local remote) against its name, in
// both layouts, and report the corrupt ones; `repair` removes them so `data pull` (or `data add`)
// can bring a good copy. `data status --verify` asks the same of the objects one output needs.
import { lstatSync, readdirSync, rmSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { fromSystemError } from '../errors';
import { findObject, readManifestObject } from './cache';
import { throwIfAborted, yieldToEventLoop, type HashKind, type JobControl } from './hash';
import { openDataRepo, type DataRepo } from './repo';
import { localRemoteDir } from './remote';
import { statusOfTracked, type DataStatusEntry, type DataStatusKind, type StatusOptions } from './status';
import { listTracked, type TrackedOut } from './tracked';
import { contentProblem, isCorruptObjectError, objectProblem, typeProblem } from './verified-copy';

export interface CorruptObject {
  /** The object's file, and the md5 its name says it holds. */
  file: string;
  md5: string;
  problem: string;
  /** Set when `repair` removed it. */
  removed?: boolean;
}

export interface VerifyReport {
  /** `cache`, or the remote's name. */
  target: string;
  dir: string;
  objects: number;
  bytes: number;
  corrupt: CorruptObject[];
}

interface ObjectFile {
  file: string;
  md5: string;
  kind: HashKind;
  size: number;
  stats: Stats;
}

const OBJECT_NAME = /^[0-9a-f]{30}(?:\.dir)?$/;

/** Every object under `dir`: DVC 3's `files/md5/ab/...` (md5) and DVC 2's `ab/...` (md5-dos2unix). */
function listObjectFiles(dir: string): ObjectFile[] {
  const out: ObjectFile[] = [];
  const layouts: [string, HashKind][] = [
    [path.join(dir, 'files', 'md5'), 'md5'],
    [dir, 'md5-dos2unix'],
  ];
  for (const [base, kind] of layouts) {
    let prefixes: string[];
    try {
      prefixes = readdirSync(base).filter((p) => /^[0-9a-f]{2}$/.test(p));
    } catch {
      continue;
    }
    for (const prefix of prefixes.sort()) {
      let names: string[];
      try {
        names = readdirSync(path.join(base, prefix));
      } catch (e) {
        throw fromSystemError(e, path.join(base, prefix), 'list the cache folder');
      }
      // Anything else (a `.tmp` a killed copy left behind) is not an object.
      for (const name of names.filter((n) => OBJECT_NAME.test(n)).sort()) {
        const file = path.join(base, prefix, name);
        const stats = lstatSync(file);
        out.push({ file, md5: prefix + name, kind, size: stats.isFile() ? stats.size : 0, stats });
      }
    }
  }
  return out;
}

export interface VerifyOptions extends JobControl {
  /** Remove each corrupt object once it is reported. */
  repair?: boolean;
}

/** Hashes every object under `dir`; progress is in bytes. */
export async function verifyObjects(dir: string, target: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const objects = listObjectFiles(dir);
  const total = objects.reduce((n, o) => n + o.size, 0);
  const report: VerifyReport = { target, dir, objects: objects.length, bytes: total, corrupt: [] };
  let done = 0;
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const problem = typeProblem(o.file, o.stats) ?? (await contentProblem(o.file, o, options.signal));
    if (problem) {
      const bad: CorruptObject = { file: o.file, md5: o.md5, problem };
      if (options.repair) {
        try {
          rmSync(o.file, { recursive: true, force: true });
        } catch (e) {
          throw fromSystemError(e, o.file, 'remove the corrupt object');
        }
        bad.removed = true;
      }
      report.corrupt.push(bad);
    }
    done += o.size;
    // hashFile yields inside a large object; many small ones yield every few dozen.
    if (i % 64 === 63) {
      options.onProgress?.(done, total);
      await yieldToEventLoop();
      throwIfAborted(options.signal);
    }
  }
  options.onProgress?.(done, total);
  return report;
}

/** `data verify`: the repository's cache, or with `remote` that remote's directory. */
export async function verifyData(options: VerifyOptions & { cwd: string; remote?: string }): Promise<VerifyReport> {
  const repo = await openDataRepo(options.cwd);
  if (options.remote === undefined) return verifyObjects(repo.cacheDir, 'cache', options);
  const remote = localRemoteDir(repo, options.remote);
  return verifyObjects(remote.dir, `remote '${remote.name}'`, options);
}

/**
 * The first problem of the cache objects an output needs (its file, or its manifest and every
 * file listed), or undefined when all hash to their names. Missing objects are not a problem here.
 */
export async function outputProblem(repo: DataRepo, t: TrackedOut, signal?: AbortSignal): Promise<CorruptObject | undefined> {
  const md5 = t.out.md5;
  if (!md5) return undefined;
  const refs = [{ md5, kind: t.kind }];
  const manifest = md5.endsWith('.dir') ? findObject(repo.cacheDir, md5, t.kind) : undefined;
  if (manifest) {
    // Checked first: a damaged manifest cannot be trusted to list the files.
    const problem = await objectProblem(manifest, refs[0], signal);
    if (problem) return { file: manifest, md5, problem };
    for (const e of readManifestObject(repo.cacheDir, md5, t.kind) ?? []) refs.push({ md5: e.md5, kind: t.kind });
  }
  for (const ref of refs) {
    const file = findObject(repo.cacheDir, ref.md5, ref.kind);
    if (!file) continue;
    const problem = await objectProblem(file, ref, signal);
    if (problem) return { file, md5: ref.md5, problem };
  }
  return undefined;
}

export interface VerifiedStatusEntry extends Omit<DataStatusEntry, 'status'> {
  /** `corrupt`: the recorded version's cache object does not hash to its name (whatever the workspace holds). */
  status: DataStatusKind | 'corrupt';
  corrupt?: CorruptObject;
}

/** `data status --verify`: the status, read here (not from a watcher), plus a hash of every cache object each output needs. */
export async function dataStatusVerified(options: StatusOptions): Promise<VerifiedStatusEntry[]> {
  const repo = await openDataRepo(options.cwd);
  const tracked = await listTracked(repo, options);
  const entries: VerifiedStatusEntry[] = [];
  for (const t of tracked) {
    let entry: VerifiedStatusEntry;
    try {
      [entry] = await statusOfTracked(repo, [t], options);
    } catch (e) {
      // A damaged manifest stops a plain status; here it is the answer.
      if (!isCorruptObjectError(e)) throw e;
      entry = { path: t.rel, dvcFile: t.dvcRel, recorded: t.out.md5, status: 'corrupt' };
    }
    const corrupt = await outputProblem(repo, t, options.signal);
    entries.push(corrupt ? { ...entry, status: 'corrupt', corrupt } : entry);
  }
  return entries;
}
