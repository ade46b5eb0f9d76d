// Splits a CSV file into records over one Buffer read in chunks (refilled, and grown up to the
// maximum line length): field offsets per record for the generic path, and whole prepared lines
// for the one-pass fast path. Quotes, doubled quotes, CRLF/CR line ends and a BOM are handled here.
import { fstatSync, readSync } from 'node:fs';
import { PonteError } from '../errors';

export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const LF = 0x0a;
export const CR = 0x0d;

/** Splits a CSV file into records, refilling and growing one Buffer. */
export class RecordReader {
  buf: Buffer;
  private end = 0;
  /** Where the next record starts in `buf`. */
  pos = 0;
  private eof = false;
  private bytesRead = 0;
  private readonly size: number;
  /** Line number (1-based) where the current record starts. */
  line = 1;
  private nextLine = 1;
  recordStart = 0;
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);

  private filePos = 0;
  onProgress?: (read: number, total: number) => void;

  constructor(
    private readonly fd: number,
    readonly file: string,
    private readonly maxLine: number,
    chunk: number,
  ) {
    this.size = fstatSync(fd).size;
    this.buf = Buffer.allocUnsafe(Math.min(chunk, Math.max(this.size + 1, 1024)));
    this.rewind();
  }

  /** Back to the first byte (after a BOM), keeping the buffer: the sample pass and the main pass share it. */
  rewind(): void {
    this.quoteAt = -1;
    this.filePos = 0;
    this.end = 0;
    this.pos = 0;
    this.eof = false;
    this.bytesRead = 0;
    this.line = 1;
    this.nextLine = 1;
    this.recordStart = 0;
    this.fill();
    if (this.end >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.pos = 3;
  }

  get totalBytes(): number {
    return this.size;
  }

  /** Index of the LF ending the line at `pos` (or the data end on a last line without one), set by prepareLine. */
  lineEnd = 0;
  /** A quote at or after some earlier position (cached so a file without quotes is searched once per buffer). */
  private quoteAt = -1;

  /**
   * Makes the whole line starting at `pos` present in the buffer and sets `lineEnd`, for the fast
   * path; false at the end of the file, or when the line is too long (the generic path reports it).
   */
  prepareLine(): boolean {
    for (;;) {
      if (this.pos < this.end) {
        const lf = this.buf.indexOf(LF, this.pos);
        if (lf >= 0 && lf < this.end) {
          this.lineEnd = lf;
          return true;
        }
        if (this.eof) {
          this.lineEnd = this.end;
          return true;
        }
        if (this.end - this.pos >= this.maxLine) return false;
      } else if (this.eof) return false;
      this.recordStart = this.pos;
      this.fill();
    }
  }

  /** True when a quote occurs in [pos, lineEnd): such lines take the generic path. */
  quoteInLine(): boolean {
    if (this.quoteAt < this.pos) {
      const q = this.buf.indexOf(QUOTE, this.pos);
      this.quoteAt = q < 0 || q >= this.end ? this.end : q;
    }
    return this.quoteAt < this.lineEnd;
  }

  /** True when the record just read (the header) ended with LF or CRLF: CR-only files skip the fast path. */
  headerEndedWithLf(): boolean {
    return this.pos > 0 && this.buf[this.pos - 1] === LF;
  }

  /** Moves past the line prepared by prepareLine (the fast path consumed it). */
  skipLine(): void {
    this.recordStart = this.pos;
    this.line = this.nextLine++;
    this.pos = this.lineEnd + 1;
  }

  /** Bytes of the file consumed so far. */
  get consumed(): number {
    return this.bytesRead - (this.end - this.pos);
  }

  private fill(): void {
    if (this.eof) return;
    const start = this.recordStart;
    if (start > 0) {
      this.buf.copy(this.buf, 0, start, this.end);
      this.end -= start;
      this.pos -= start;
      this.recordStart = 0;
    } else if (this.end === this.buf.length) {
      if (this.buf.length >= this.maxLine) {
        throw new PonteError('drift.csv.line_too_long', `a record is longer than ${this.maxLine} bytes`, {
          file: this.file,
          line: this.line,
          column: 1,
          hint: 'check that the file is CSV and its quotes are balanced; raise the limit with --max-line-bytes if the record is real',
        });
      }
      const grown = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxLine));
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    this.quoteAt = -1;
    const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, this.filePos);
    this.filePos += n;
    if (n === 0) this.eof = true;
    this.end += n;
    this.bytesRead += n;
    this.onProgress?.(this.bytesRead, this.size);
  }

  private pushField(s: number, e: number, q: number): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.quoted = grow(this.quoted, (n) => new Uint8Array(n));
    }
    this.starts[this.count] = s;
    this.ends[this.count] = e;
    this.quoted[this.count] = q;
    this.count++;
  }

  /** Reads the next non-blank record; false at the end of the file. */
  next(): boolean {
    for (;;) {
      this.recordStart = this.pos;
      this.line = this.nextLine;
      const r = this.scan();
      if (r === 'more') {
        if (this.eof) return false;
        this.pos = this.recordStart;
        this.fill();
        continue;
      }
      if (r === 'done') {
        const blank = this.count === 1 && this.starts[0] === this.ends[0] && !this.quoted[0];
        if (blank) continue;
        return true;
      }
      return false;
    }
  }

  /** Scans one record from `pos`: 'done', 'more' (needs bytes) or 'eof' (no record left). */
  private scan(): 'done' | 'more' | 'eof' {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    let lines = 0;
    this.count = 0;
    if (p >= end) {
      if (!this.eof) return 'more';
      return 'eof';
    }
    for (;;) {
      if (p - this.recordStart > this.maxLine) this.tooLong();
      if (p < end && buf[p] === QUOTE) {
        const s = p + 1;
        const openedAt = lines;
        let q = s;
        for (;;) {
          while (q < end && buf[q] !== QUOTE) {
            if (buf[q] === LF) lines++;
            q++;
          }
          if (q >= end) {
            if (q - this.recordStart > this.maxLine) this.tooLong();
            if (!this.eof) return 'more';
            throw new PonteError('drift.csv.unterminated_quote', 'a quoted field is never closed', {
              file: this.file,
              line: this.line + openedAt,
              column: s - this.recordStart,
              hint: 'close the quote, or double a quote inside a quoted field ("")',
            });
          }
          if (q + 1 < end && buf[q + 1] === QUOTE) {
            q += 2;
            continue;
          }
          if (q + 1 >= end && !this.eof) return 'more';
          break;
        }
        this.pushField(s, q, 1);
        p = q + 1;
        if (p < end && buf[p] !== COMMA && buf[p] !== LF && buf[p] !== CR) {
          throw new PonteError('drift.csv.bad_quote', 'unexpected character after a closing quote', {
            file: this.file,
            line: this.line + lines,
            column: p - this.recordStart + 1,
            hint: 'a field that contains quotes must be quoted as a whole, with each inner quote doubled ("")',
          });
        }
      } else {
        const s = p;
        while (p < end) {
          const c = buf[p];
          if (c === COMMA || c === LF || c === CR) break;
          p++;
        }
        if (p - this.recordStart > this.maxLine) this.tooLong();
        if (p >= end && !this.eof) return 'more';
        this.pushField(s, p, 0);
      }
      if (p >= end) {
        this.pos = p;
        this.nextLine = this.line + lines + 1;
        return 'done';
      }
      const c = buf[p];
      if (c === COMMA) {
        p++;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= end && !this.eof) return 'more';
        p++;
        if (p < end && buf[p] === LF) p++;
      } else p++;
      this.pos = p;
      this.nextLine = this.line + lines + 1;
      return 'done';
    }
  }

  private tooLong(): never {
    throw new PonteError('drift.csv.line_too_long', `a record is longer than ${this.maxLine} bytes`, {
      file: this.file,
      line: this.line,
      column: 1,
      hint: 'check that the file is CSV and its quotes are balanced; raise the limit with --max-line-bytes if the record is real',
    });
  }

  /** 1-based column of field i in its line (approximate after a newline inside quotes). */
  columnOf(i: number): number {
    return this.starts[i] - this.quoted[i] - this.recordStart + 1;
  }

  text(i: number): string {
    const s = this.buf.toString('utf8', this.starts[i], this.ends[i]);
    return this.quoted[i] ? s.replace(/""/g, '"') : s;
  }
}
