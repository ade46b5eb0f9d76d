// A directory's `.dir` manifest, byte for byte as DVC writes it: entries sorted by relpath in
// UTF-8 byte order, serialised like Python's json.dumps(list, sort_keys=True) (ensure_ascii).
// Its md5 plus `.dir` is the directory's hash, and the same bytes are its cache object. A manifest
// read back must list plain paths inside its directory.
import { createHash } from 'node:crypto';
import { PonteError } from '../errors';
import { protectedName } from '../workspace/path-guard';

export interface ManifestEntry {
  md5: string;
  /** `/`-separated path below the directory. */
  relpath: string;
}

/** Compares by UTF-8 bytes (= code points), not by JavaScript's UTF-16 code units. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortManifest(entries: ManifestEntry[]): ManifestEntry[] {
  // Without surrogates (astral characters), UTF-16 order is code point order: skip the buffers.
  if (entries.every((e) => !/[\ud800-\udfff]/.test(e.relpath))) {
    return [...entries].sort((a, b) => (a.relpath < b.relpath ? -1 : a.relpath > b.relpath ? 1 : 0));
  }
  const keyed = entries.map((e) => ({ e, k: Buffer.from(e.relpath, 'utf8') }));
  keyed.sort((x, y) => Buffer.compare(x.k, y.k));
  return keyed.map((x) => x.e);
}

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

/** A JSON string literal exactly as Python's json.dumps writes it with ensure_ascii=True. */
export function pythonJsonString(s: string): string {
  let out = '"';
  let plainFrom = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(plainFrom, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    plainFrom = i + 1;
  }
  return out + s.slice(plainFrom) + '"';
}

/** The manifest bytes (entries must already be sorted). */
export function serializeManifest(sorted: ManifestEntry[]): Buffer {
  const parts = sorted.map((e) => `{"md5": ${pythonJsonString(e.md5)}, "relpath": ${pythonJsonString(e.relpath)}}`);
  return Buffer.from(`[${parts.join(', ')}]`, 'utf8');
}

export interface DirHash {
  /** `<md5>.dir` */
  md5: string;
  bytes: Buffer;
  entries: ManifestEntry[];
}

export function hashManifest(entries: ManifestEntry[]): DirHash {
  const sorted = sortManifest(entries);
  const bytes = serializeManifest(sorted);
  return { md5: `${createHash('md5').update(bytes).digest('hex')}.dir`, bytes, entries: sorted };
}

/** Reads a manifest object back; `file` names it in errors. */
export function parseManifest(bytes: Uint8Array, file: string): ManifestEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new PonteError('data.bad_manifest', `${file} is not a valid directory manifest: ${(e as Error).message}`, {
      file,
      hint: 'the cache object is damaged: delete it and add or pull the directory again',
    });
  }
  if (!Array.isArray(data)) {
    throw new PonteError('data.bad_manifest', `${file} is not a list of entries`, { file, hint: 'the cache object is damaged' });
  }
  return data.map((e, i) => {
    const entry = e as Record<string, unknown>;
    if (typeof entry?.md5 !== 'string' || typeof entry.relpath !== 'string') {
      throw new PonteError('data.bad_manifest', `${file}: entry ${i} has no md5 or relpath`, { file, hint: 'the cache object is damaged' });
    }
    const bad = badRelpath(entry.relpath);
    if (bad) {
      throw new PonteError('data.bad_manifest', `entry ${i} has the relpath ${JSON.stringify(entry.relpath)}, which ${bad}`, {
        file,
        hint: 'DVC and Ponte list only paths inside the directory: this manifest was not written by them. Delete the object from the cache (and the remote) and add the directory again',
      });
    }
    return { md5: entry.md5, relpath: entry.relpath };
  });
}

/**
 * Why a manifest's relpath could write outside its directory or into `.git`/`.dvc`, if it could.
 * The manifest comes from the cache or a remote, so it is input like any other; the path guard
 * checks the final paths again when they are written.
 */
function badRelpath(relpath: string): string | undefined {
  const win = process.platform === 'win32';
  if (relpath === '' || relpath.startsWith('/') || (win && /^([a-zA-Z]:|\\)/.test(relpath))) return 'is not relative to the directory';
  if (relpath.includes('\0')) return 'holds a NUL character';
  // A backslash separates folders on Windows; elsewhere it is an ordinary character of a name.
  const parts = relpath.split(win ? /[\/\\]/ : '/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return 'has an empty, `.` or `..` component';
  const hit = parts.map(protectedName).find((p) => p !== undefined);
  return hit ? `names a path inside ${hit}` : undefined;
}
