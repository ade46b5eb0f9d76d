// Streaming md5 of one file, as DVC 3 records it (raw bytes), and DVC 2's md5-dos2unix for
// legacy entries (CRLF -> LF in every 1 MiB chunk when the file's first 512 bytes look like text). A file that changes or
// vanishes while it is read is an error, never a silently wrong hash.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { PonteError, fromSystemError } from '../errors';

/** `md5` is DVC 3 (raw bytes); `md5-dos2unix` is DVC 2, used for entries without `hash:`. */
export type HashKind = 'md5' | 'md5-dos2unix';

export interface FileHash {
  md5: string;
  size: number;
}

/** Progress and cancellation for long jobs: bytes done out of the total, and an AbortSignal. */
export interface JobControl {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** DVC reads in 1 MiB chunks; md5-dos2unix judges and converts each chunk on its own. */
export const CHUNK_SIZE = 1 << 20;
const YIELD_EVERY = 8;

// Shared by the synchronous small-file path, which never awaits while it holds the buffer.
let sharedBuffer: Buffer | undefined;

/** Throws the PonteError for a cancelled job when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PonteError('data.cancelled', 'the operation was cancelled', { hint: 'run it again to finish' });
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** DVC's istextblock: empty is text, a NUL means binary, else at most 30% outside printable ASCII + \n\r\t\f\b. */
export function isTextBlock(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let nontext = 0;
  for (let i = 0; i < block.length; i++) {
    const b = block[i];
    if (b === 0) return false;
    if ((b >= 32 && b <= 126) || b === 10 || b === 13 || b === 9 || b === 12 || b === 8) continue;
    nontext++;
  }
  return nontext / block.length <= 0.3;
}

/** CRLF -> LF inside one chunk (a pair split across chunks stays as it is, as in DVC 2). */
export function dos2unix(chunk: Uint8Array): Uint8Array {
  if (chunk.indexOf(13) < 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] === 13 && i + 1 < chunk.length && chunk[i + 1] === 10) continue;
    out[n++] = chunk[i];
  }
  return out.subarray(0, n);
}

/** md5-dos2unix judges the whole file by its first 512 bytes (DVC 2's istextfile, dvc-data's HashStreamFile). */
export const TEXT_SNIFF_SIZE = 512;

/**
 * Feeds a file's chunks, in order, to an md5. For md5-dos2unix the first chunk decides, from its
 * first 512 bytes, whether the file is text; if so every chunk has its CRLFs turned into LFs.
 */
function chunkHasher(kind: HashKind): { update(chunk: Uint8Array): void; hash: Hash } {
  const hash = createHash('md5');
  let text: boolean | undefined = kind === 'md5' ? false : undefined;
  return {
    hash,
    update(chunk) {
      text ??= isTextBlock(chunk.subarray(0, TEXT_SNIFF_SIZE));
      hash.update(text ? dos2unix(chunk) : chunk);
    },
  };
}

/** md5 of bytes in memory, for manifests and tests. */
export function hashBytes(data: Uint8Array, kind: HashKind = 'md5'): string {
  const h = chunkHasher(kind);
  if (data.length === 0) h.update(data);
  for (let off = 0; off < data.length; off += CHUNK_SIZE) h.update(data.subarray(off, off + CHUNK_SIZE));
  return h.hash.digest('hex');
}

function readFull(fd: number, buf: Buffer, file: string): number {
  let n = 0;
  while (n < buf.length) {
    let got: number;
    try {
      got = readSync(fd, buf, n, buf.length - n, null);
    } catch (e) {
      throw fromSystemError(e, file, 'read');
    }
    if (got === 0) break;
    n += got;
  }
  return n;
}

function changedWhileHashing(file: string, what: string): PonteError {
  return new PonteError('data.changed_while_hashing', `${what} while it was being hashed`, {
    file,
    hint: 'wait until whatever writes the file has finished, then run the command again',
  });
}

/** After reading, the path must still name the same, unchanged file. */
function checkUnchanged(file: string, before: Stats, bytesRead: number): void {
  let after: Stats;
  try {
    after = statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw changedWhileHashing(file, 'was deleted');
    throw fromSystemError(e, file, 'stat');
  }
  if (after.ino !== before.ino || after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ctimeMs !== before.ctimeMs || bytesRead !== before.size) {
    throw changedWhileHashing(file, 'changed');
  }
}

function openForHash(file: string): { fd: number; st: Stats } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fromSystemError(e, file, 'open');
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new PonteError('data.not_a_file', 'is a directory', { file, hint: 'hash it with hashPath' });
  }
  return { fd, st };
}

export interface HashFileOptions extends JobControl {
  kind?: HashKind;
  /** Also feed every chunk here (used to copy into the cache in the same pass). */
  onChunk?: (chunk: Uint8Array) => void;
  /** Progress is reported relative to these, when the file is part of a larger job. */
  progressBase?: number;
  progressTotal?: number;
}

/**
 * Streams one file through md5 in 1 MiB chunks, yielding to the event loop every few MiB so
 * an editor stays responsive and cancellation is noticed.
 */
export async function hashFile(file: string, options: HashFileOptions = {}): Promise<FileHash & { stats: Stats }> {
  const kind = options.kind ?? 'md5';
  throwIfAborted(options.signal);
  const { fd, st } = openForHash(file);
  const hasher = chunkHasher(kind);
  let done = 0;
  try {
    const small = st.size < CHUNK_SIZE;
    const buf = small ? (sharedBuffer ??= Buffer.allocUnsafe(CHUNK_SIZE)) : Buffer.allocUnsafe(CHUNK_SIZE);
    for (let i = 1; ; i++) {
      const n = readFull(fd, buf, file);
      if (n === 0 && done > 0) break;
      const chunk = buf.subarray(0, n);
      hasher.update(chunk);
      options.onChunk?.(chunk);
      done += n;
      if (n < CHUNK_SIZE) break;
      if (i % YIELD_EVERY === 0) {
        options.onProgress?.((options.progressBase ?? 0) + done, options.progressTotal ?? st.size);
        await yieldToEventLoop();
        throwIfAborted(options.signal);
      }
    }
  } finally {
    closeSync(fd);
  }
  checkUnchanged(file, st, done);
  options.onProgress?.((options.progressBase ?? 0) + done, options.progressTotal ?? st.size);
  return { md5: hasher.hash.digest('hex'), size: done, stats: st };
}
