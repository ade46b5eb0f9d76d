// The state cache: md5s of files already hashed, keyed by device, inode, mtime, ctime and size,
// so an unchanged file is never hashed twice. ctime is in the key because `rsync -t`, `cp -p` and
// `touch -r` put back mtime after changing the bytes; only ctime cannot be set back. An
// append-only log of fixed-shape lines: a kill -9 can at worst leave a torn last line, which
// fails the line check and is skipped on load.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-write';
import { fromSystemError } from '../errors';
import type { HashKind } from './hash';

const KEY = /^\d+\t\d+\t[0-9.e+-]+\t[0-9.e+-]+\t\d+\t(?:md5|md5-dos2unix)$/;
/** Lines start with the format's version; version 1 had no ctime, so its entries are stale. */
const VERSION = '2';
const MD5 = /^[0-9a-f]{32}$/;

/**
 * `2 TAB dev TAB ino TAB mtime TAB ctime TAB size TAB kind TAB md5` -> [key, md5], or undefined
 * for a torn, foreign or version-1 line (a torn line runs into the next one, so its fields never
 * fit this shape).
 */
export function parseLine(line: string): [string, string] | undefined {
  if (line[0] !== VERSION || line.charCodeAt(1) !== 9) return undefined;
  const last = line.lastIndexOf('\t');
  if (line.length - last !== 33) return undefined;
  const key = line.slice(2, last);
  const md5 = line.slice(last + 1);
  return MD5.test(md5) && KEY.test(key) ? [key, md5] : undefined;
}

function keyOf(st: Pick<Stats, 'dev' | 'ino' | 'mtimeMs' | 'ctimeMs' | 'size'>, kind: HashKind): string {
  return `${st.dev}\t${st.ino}\t${st.mtimeMs}\t${st.ctimeMs}\t${st.size}\t${kind}`;
}

export class StateCache {
  private readonly entries = new Map<string, string>();
  private pending: string[] = [];
  private lines = 0;

  private constructor(readonly file: string) {}

  /** Opens (or starts) the log at `file`; torn or foreign lines are skipped. */
  static open(file: string): StateCache {
    const state = new StateCache(file);
    let text = '';
    try {
      text = readFileSync(file, 'latin1');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fromSystemError(e, file, 'read');
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      state.lines++;
      const entry = parseLine(line);
      if (entry) state.entries.set(entry[0], entry[1]);
    }
    return state;
  }

  /** An in-memory state that never touches the disk. */
  static memory(): StateCache {
    return new StateCache('');
  }

  get size(): number {
    return this.entries.size;
  }

  lookup(st: Stats, kind: HashKind): string | undefined {
    return this.entries.get(keyOf(st, kind));
  }

  record(st: Stats, kind: HashKind, md5: string): void {
    const key = keyOf(st, kind);
    if (this.entries.get(key) === md5) return;
    this.entries.set(key, md5);
    this.pending.push(`${VERSION}\t${key}\t${md5}\n`);
  }

  /** Appends what was recorded since the last flush; compacts when the log is mostly stale. */
  async flush(): Promise<void> {
    if (!this.file || this.pending.length === 0) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.lines += this.pending.length;
    if (this.lines > 2 * this.entries.size + 10000) {
      const all = [...this.entries].map(([k, v]) => `${VERSION}\t${k}\t${v}\n`).join('');
      await writeFileAtomic(this.file, all);
      this.lines = this.entries.size;
    } else {
      try {
        const fd = openSync(this.file, 'a');
        try {
          writeSync(fd, this.pending.join(''));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (e) {
        // The state is only a speed-up: losing it costs a re-hash, never correctness.
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC' && (e as NodeJS.ErrnoException).code !== 'EROFS') {
          throw fromSystemError(e, this.file, 'write');
        }
      }
    }
    this.pending = [];
  }
}

