// Bytes leave the cache (or a remote) only once they hashed to the object's name: a copy streams
// through md5 into a temporary file beside its destination, renamed only on a match; a mismatch
// names the object, both md5s and the repair. A manifest must also parse and stay inside its folder.
import { chmodSync, closeSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PonteError, fromSystemError } from '../errors';
import { parseManifest, type ManifestEntry } from './dir-manifest';
import { hashBytes, hashFile, type HashKind } from './hash';

/** An object as a `.dvc` file or a manifest names it: its md5 (`.dir` for a manifest) and how it was hashed. */
export interface ObjectRef {
  md5: string;
  kind: HashKind;
}

/** Where the object lives: the repair differs. */
export type ObjectHome = 'cache' | 'remote';

const REPAIR: Record<ObjectHome, string> = {
  cache:
    "'ponte data pull' replaces it with the remote's copy when the remote has one; else run 'ponte data verify --repair' (it removes every corrupt object) and 'ponte data add' the path again where its data is intact",
  remote: "run 'ponte data verify --remote NAME --repair' (it removes the remote's corrupt objects), then 'ponte data push' from a machine whose cache is intact",
};

export function corruptObject(file: string, problem: string, home: ObjectHome = 'cache'): PonteError {
  return new PonteError(home === 'cache' ? 'data.corrupt_object' : 'data.remote_corrupt', `corrupt ${home} object: ${problem}`, {
    file,
    hint: REPAIR[home],
  });
}

export function isCorruptObjectError(e: unknown): boolean {
  return e instanceof PonteError && (e.code === 'data.corrupt_object' || e.code === 'data.remote_corrupt');
}

/** What stands where a regular file should: a directory or a link is never an object. */
export function typeProblem(file: string, st?: Stats): string | undefined {
  try {
    st ??= lstatSync(file);
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
  if (st.isDirectory()) return 'it is a directory, not a file';
  if (st.isSymbolicLink()) return 'it is a symbolic link, not a file';
  if (!st.isFile()) return 'it is not a regular file';
  return undefined;
}

/** Throws the corrupt-object error when `file` is not a regular file. */
export function checkIsFile(file: string, home: ObjectHome = 'cache'): void {
  const problem = typeProblem(file);
  if (problem) throw corruptObject(file, problem, home);
}

/** A manifest's md5 is of its raw bytes, whatever the kind of the files it lists. */
function hashTarget(ref: ObjectRef): { md5: string; kind: HashKind } {
  return ref.md5.endsWith('.dir') ? { md5: ref.md5.slice(0, -4), kind: 'md5' } : { md5: ref.md5, kind: ref.kind };
}

function mismatch(expected: string, actual: string, size: number): string {
  return `its md5 is ${actual} (${size} bytes), the name says ${expected}`;
}

const MD5 = /^[0-9a-f]{32}$/;

/** A manifest object's bytes and entries, or what is wrong with it. */
export function checkManifestFile(file: string, ref: ObjectRef): { problem: string } | { bytes: Buffer; entries: ManifestEntry[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
  const actual = hashBytes(bytes);
  const { md5 } = hashTarget(ref);
  if (actual !== md5) return { problem: mismatch(md5, actual, bytes.length) };
  let entries: ManifestEntry[];
  try {
    entries = parseManifest(bytes, file);
  } catch (e) {
    return { problem: (e as Error).message.replace(`${file} `, '').replace(`${file}: `, '') };
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    // parseManifest has refused relpaths that leave the folder or enter .git/.dvc (the path guard's rules).
    if (!MD5.test(e.md5)) return { problem: `entry ${i} has md5 '${e.md5}', not 32 hex digits` };
  }
  return { bytes, entries };
}

/** Reads and checks a manifest object; a damaged one throws the corrupt-object error. */
export function readVerifiedManifest(file: string, ref: ObjectRef, home: ObjectHome = 'cache'): { bytes: Buffer; entries: ManifestEntry[] } {
  checkIsFile(file, home);
  const checked = checkManifestFile(file, ref);
  if ('problem' in checked) throw corruptObject(file, checked.problem, home);
  return checked;
}

/** What is wrong with an object, or undefined when it hashes to its name. */
export async function objectProblem(file: string, ref: ObjectRef, signal?: AbortSignal): Promise<string | undefined> {
  return typeProblem(file) ?? (await contentProblem(file, ref, signal));
}

/** objectProblem for a path already known to be a regular file (a cache listing lstat'ed it). */
export async function contentProblem(file: string, ref: ObjectRef, signal?: AbortSignal): Promise<string | undefined> {
  if (ref.md5.endsWith('.dir')) {
    const checked = checkManifestFile(file, ref);
    return 'problem' in checked ? checked.problem : undefined;
  }
  const want = hashTarget(ref);
  const h = await hashFile(file, { kind: want.kind, signal });
  return h.md5 === want.md5 ? undefined : mismatch(want.md5, h.md5, h.size);
}

/** A temporary name beside `dest`, so the final rename never crosses a file system. */
export function tempBeside(dest: string): string {
  return `${dest}.${randomBytes(4).toString('hex')}.ponte-tmp`;
}

export interface VerifiedCopyOptions {
  /** The destination's permissions (the cache's objects are read-only, a checkout's are not). */
  mode: number;
  home?: ObjectHome;
  signal?: AbortSignal;
  /** How a failed write reads: "cannot <action> <dest>" (default "write"). */
  action?: string;
}

/**
 * Copies `object` to `dest`, hashing the bytes as they stream; `dest` appears only if they hash
 * to `ref`. The destination's folder must exist.
 */
export async function copyVerified(object: string, dest: string, ref: ObjectRef, options: VerifiedCopyOptions): Promise<void> {
  checkIsFile(object, options.home);
  const tmp = tempBeside(dest);
  const action = options.action ?? 'write';
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch (e) {
    throw fromSystemError(e, dest, action);
  }
  const want = hashTarget(ref);
  let h;
  try {
    try {
      h = await hashFile(object, {
        kind: want.kind,
        signal: options.signal,
        onChunk: (chunk) => {
          try {
            writeSync(fd, chunk);
          } catch (e) {
            throw fromSystemError(e, dest, action);
          }
        },
      });
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  if (h.md5 !== want.md5) {
    rmSync(tmp, { force: true });
    throw corruptObject(object, mismatch(want.md5, h.md5, h.size), options.home);
  }
  publish(tmp, dest, action, options.mode);
}

/**
 * For a hard link or a reflink already made at `tmp`: hashes what `tmp` holds and renames it to
 * `dest` only when it matches `ref`; else removes it and names `object` as corrupt.
 */
export async function publishLinked(tmp: string, dest: string, object: string, ref: ObjectRef, signal?: AbortSignal): Promise<void> {
  let problem: string | undefined;
  try {
    const want = hashTarget(ref);
    const h = await hashFile(tmp, { kind: want.kind, signal });
    if (h.md5 !== want.md5) problem = mismatch(want.md5, h.md5, h.size);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  if (problem) {
    rmSync(tmp, { force: true });
    throw corruptObject(object, problem);
  }
  publish(tmp, dest, 'check out');
}

function publish(tmp: string, dest: string, action: string, mode?: number): void {
  try {
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fromSystemError(e, dest, action);
  }
}
