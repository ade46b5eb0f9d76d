// A byte-level CSV reader: records are split in a Buffer read in chunks, numbers are parsed
// straight from the bytes and categories are hashed from the bytes, so no string is made per
// cell. Handles quotes, escaped quotes, CRLF, a BOM, blank lines and a maximum line length.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { PonteError, fromSystemError } from '../errors';
import { MISSING_TOKENS, type ColumnKind, type TypeOverrides } from './columns';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
// 1 MiB reads: as fast as larger ones here, and less memory per reader.
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
export const DEFAULT_SAMPLE_ROWS = 1000;
/** Rows parsed before the sink gets them, per column. */
export const BATCH_ROWS = 4096;

export interface CsvReadOptions {
  /** Load only these columns (all when absent). */
  columns?: string[];
  /** Kinds forced per column; the others are inferred from the first `sampleRows` rows. */
  types?: TypeOverrides;
  /** Kinds decided from the reference file, so this side is read alike (named so in errors). */
  referenceKinds?: TypeOverrides;
  sampleRows?: number;
  /** A record longer than this is an error, so a 2 GB line never lands in memory. */
  maxLineBytes?: number;
  chunkBytes?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Receives cells a batch of rows at a time, column by column; the exact loader fills arrays, the
 * sketch loader folds them. Batches, not a call per cell: a double passed to a call that is not
 * inlined is boxed on the heap, and per-cell calls made the garbage collector a tenth of the work.
 */
export interface ColumnSink {
  /** `expectedRows` is an estimate from the file size, for sizing arrays once. */
  begin(columns: { name: string; kind: ColumnKind }[], expectedRows: number): void;
  /** `count` cells of a numeric column; NaN marks a missing (or non-finite) cell. */
  numbers(column: number, values: Float64Array, count: number): void;
  /** `count` cells of a categorical column as dictionary codes; -1 marks a missing cell. */
  categories(column: number, codes: Int32Array, count: number): void;
  /** Called once at the end with each categorical column's dictionary. */
  end(rows: number, dictionaries: (string[] | undefined)[]): void;
}

/** Splits a CSV file into records, refilling and growing one Buffer. */
class RecordReader {
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

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses a decimal number from bytes [s, e). NaN when the bytes are not a number.
 * Up to 15 significant digits and a power of ten within 1e±22 the result is one correctly
 * rounded operation (Clinger's fast path); anything longer goes through Number().
 */
export function parseNumberBytes(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === 0x20 || b[s] === 0x09)) s++;
  while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0x09)) e--;
  if (s >= e) return NaN;
  const v = parseNumberPrefix(b, s, e);
  if (prefixDigits === 0) return prefixEnd === e || s + 1 >= e ? NaN : parseSpecial(b, s, e);
  if (prefixEnd !== e) return NaN;
  if (v === v) return v;
  // more than 15 significant digits, or a power of ten beyond 1e±22: let Number() round it
  return Number(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1'));
}

/** Where parseNumberPrefix stopped, and how many mantissa digits it saw. */
let prefixEnd = 0;
let prefixDigits = 0;

/**
 * Parses the plain decimal number at the start of [s, e) (sign, digits, fraction, exponent) and
 * sets `prefixEnd` where it stopped; NaN when there is no digit or the fast path cannot give a
 * correctly rounded result. The caller checks that a delimiter follows.
 */
function parseNumberPrefix(b: Uint8Array, s: number, e: number): number {
  prefixDigits = 0;
  let neg = false;
  if (s < e && (b[s] === 0x2d || b[s] === 0x2b)) {
    neg = b[s] === 0x2d;
    s++;
  }
  let mant = 0;
  let digits = 0;
  let sig = 0;
  let exp10 = 0;
  let d = 0;
  while (s < e && (d = b[s] - 0x30) >= 0 && d <= 9) {
    if (sig > 0 || d !== 0) sig++;
    mant = mant * 10 + d;
    digits++;
    s++;
  }
  if (s < e && b[s] === 0x2e) {
    s++;
    while (s < e && (d = b[s] - 0x30) >= 0 && d <= 9) {
      if (sig > 0 || d !== 0) sig++;
      mant = mant * 10 + d;
      exp10--;
      digits++;
      s++;
    }
  }
  if (s < e && (b[s] === 0x65 || b[s] === 0x45)) {
    s++;
    let eneg = false;
    if (s < e && (b[s] === 0x2d || b[s] === 0x2b)) {
      eneg = b[s] === 0x2d;
      s++;
    }
    let ex = 0;
    let exDigits = 0;
    while (s < e && (d = b[s] - 0x30) >= 0 && d <= 9) {
      if (ex < 100000) ex = ex * 10 + d;
      exDigits++;
      s++;
    }
    if (exDigits === 0) {
      prefixEnd = s;
      prefixDigits = 0; // "1e" is not a number
      return NaN;
    }
    exp10 += eneg ? -ex : ex;
  }
  prefixEnd = s;
  prefixDigits = digits;
  if (digits === 0 || sig > 15 || exp10 > 22 || exp10 < -22) return NaN;
  const v = exp10 === 0 ? mant : exp10 > 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
  return neg ? -v : v;
}

function parseSpecial(b: Uint8Array, s: number, e: number): number {
  const t = Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1').toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return NaN;
}

/** Hashes byte strings to dense codes; NA-like texts map to -1 (missing). */
class ByteDictionary {
  readonly values: string[] = [];
  private keys: Buffer[] = [];
  private keyCodes: number[] = [];
  private table = new Int32Array(64).fill(-1);
  private hashes: number[] = [];

  codeOf(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    h >>>= 0;
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const k = this.table[slot];
      if (k === -1) break;
      if (this.hashes[k] === h && this.same(this.keys[k], b, s, e)) return this.keyCodes[k];
      slot = (slot + 1) & mask;
    }
    const key = Buffer.from(b.subarray(s, e));
    const text = key.toString('utf8');
    const code = MISSING_TOKENS.has(text) ? -1 : this.values.push(text) - 1;
    const k = this.keys.length;
    this.keys.push(key);
    this.keyCodes.push(code);
    this.hashes.push(h);
    this.table[slot] = k;
    if (this.keys.length * 2 > this.table.length) this.rehash();
    return code;
  }

  private same(key: Buffer, b: Uint8Array, s: number, e: number): boolean {
    if (key.length !== e - s) return false;
    for (let i = 0; i < key.length; i++) if (key[i] !== b[s + i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let k = 0; k < this.keys.length; k++) {
      let slot = this.hashes[k] & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = k;
    }
    this.table = table;
  }
}

function openForRead(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
}

interface Plan {
  field: number;
  name: string;
  kind: ColumnKind | undefined;
  forced: boolean;
  fromReference: boolean;
}

/** Reads the header and the first rows, and decides each selected column's kind. */
function planColumns(reader: RecordReader, options: CsvReadOptions): { header: string[]; plans: Plan[] } {
  if (!reader.next()) {
    throw new PonteError('drift.csv.empty', 'the file is empty: no header row', {
      file: reader.file,
      line: 1,
      column: 1,
      hint: 'a CSV dataset needs a header row naming its columns, then one row per record',
    });
  }
  const header: string[] = [];
  for (let i = 0; i < reader.count; i++) {
    let name = reader.text(i).trim();
    if (name === '') name = `Unnamed: ${i}`;
    if (header.includes(name)) {
      throw new PonteError('drift.csv.duplicate_column', `the column '${name}' appears twice in the header`, {
        file: reader.file,
        line: reader.line,
        column: reader.columnOf(i),
        hint: 'give every column a distinct name',
      });
    }
    header.push(name);
  }
  const wanted = options.columns ?? header;
  const plans: Plan[] = wanted.map((name) => {
    const field = header.indexOf(name);
    if (field < 0) {
      throw new PonteError('drift.columns.missing', `the column '${name}' is not in this file`, {
        file: reader.file,
        line: reader.line,
        column: 1,
        hint: `the header has: ${header.join(', ')}`,
      });
    }
    const declared = options.types?.[name];
    const fromReference = declared === undefined ? options.referenceKinds?.[name] : undefined;
    const forced = declared ?? fromReference;
    return { field, name, kind: forced, forced: forced !== undefined, fromReference: fromReference !== undefined };
  });
  return { header, plans };
}

/** Decides kinds from the first rows; returns an estimate of the file's row count. */
function inferKinds(reader: RecordReader, plans: Plan[], sampleRows: number, width: number): number {
  const open = plans.filter((p) => !p.forced);
  const headerEnd = reader.consumed;
  let rows = 0;
  while (rows < sampleRows && reader.next()) {
    rows++;
    if (reader.count !== width) break; // the main pass reports it with its position
    for (const p of open) {
      if (p.kind === 'categorical') continue;
      const s = reader.starts[p.field];
      const e = reader.ends[p.field];
      if (s === e) continue;
      const v = parseNumberBytes(reader.buf, s, e);
      if (Number.isNaN(v) && !MISSING_TOKENS.has(reader.text(p.field).trim())) p.kind = 'categorical';
      else if (p.kind === undefined) p.kind = 'numeric';
    }
  }
  if (rows === 0) return 0;
  const perRow = (reader.consumed - headerEnd) / rows;
  return Math.ceil(((reader.totalBytes - headerEnd) / Math.max(perRow, 1)) * 1.02) + 16;
}

/** The kinds `readCsv` would give each column, from the header and the first rows only, and a row estimate. */
export function inferCsvKinds(file: string, options: CsvReadOptions = {}): { types: TypeOverrides; expectedRows: number } {
  const fd = openForRead(file);
  try {
    const reader = new RecordReader(fd, file, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    const { plans, header } = planColumns(reader, options);
    const expectedRows = inferKinds(reader, plans, options.sampleRows ?? DEFAULT_SAMPLE_ROWS, header.length);
    const types: TypeOverrides = {};
    for (const p of plans) if (p.kind) types[p.name] = p.kind;
    return { types, expectedRows };
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams a CSV file into `sink`. Text in a column read as numeric (declared, or inferred from
 * the first rows) is an error naming the cell: numbers are never silently dropped.
 */
export function readCsv(file: string, sink: ColumnSink, options: CsvReadOptions = {}): void {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const fd = openForRead(file);
  try {
    const reader = new RecordReader(fd, file, maxLine, chunk);
    const { plans, header } = planColumns(reader, options);
    const width = header.length;
    const expectedRows = inferKinds(reader, plans, sampleRows, width);
    reader.rewind();
    reader.onProgress = options.onProgress;
    reader.next(); // header
    // A column empty in the whole sample stays undecided until its first value.
    const kinds: (ColumnKind | undefined)[] = plans.map((p) => p.kind);
    const dictionaries = plans.map(() => new ByteDictionary());
    sink.begin(plans.map((p) => ({ name: p.name, kind: p.kind ?? 'numeric' })), expectedRows);
    const fields = Int32Array.from(plans.map((p) => p.field));
    const n = plans.length;
    let rows = 0;
    // kinds as small integers in the hot loop: 0 undecided, 1 numeric, 2 categorical
    const kindCodes = Int8Array.from(kinds, (k) => (k === 'numeric' ? 1 : k === 'categorical' ? 2 : 0));
    const numbers = plans.map(() => new Float64Array(BATCH_ROWS));
    const codes = plans.map(() => new Int32Array(BATCH_ROWS));
    let b = 0; // rows in the current batch
    // an undecided column's cells so far are all missing: both arrays say so, whichever kind it gets
    const flush = () => {
      for (let c = 0; c < n; c++) {
        if (kindCodes[c] === 2) sink.categories(c, codes[c], b);
        else sink.numbers(c, numbers[c], b);
      }
      b = 0;
    };
    // The fast path handles a line with no quote in one pass: numbers parsed as the bytes are
    // scanned, no field offsets stored. Anything unusual (quotes, empty or non-numeric cells, a
    // ragged row, CR-only line ends) goes through the generic record path below, which also
    // produces every error with its position.
    const columnOfField = new Int32Array(width).fill(-1);
    plans.forEach((p, c) => (columnOfField[p.field] = c));
    const fast = reader.headerEndedWithLf();
    const generic = (): void => {
      if (reader.count !== width) raggedRow(reader, width);
      const buf = reader.buf;
      const starts = reader.starts;
      const ends = reader.ends;
      for (let c = 0; c < n; c++) {
        const f = fields[c];
        const s = starts[f];
        const e = ends[f];
        const kind = kindCodes[c];
        if (kind === 1) {
          if (s === e) {
            numbers[c][b] = NaN;
            continue;
          }
          const v = parseNumberBytes(buf, s, e);
          if (v - v === 0) numbers[c][b] = v;
          else if (v === v || MISSING_TOKENS.has(reader.text(f).trim())) numbers[c][b] = NaN;
          else notANumber(reader, f, plans[c], sampleRows);
        } else if (kind === 2) {
          if (reader.quoted[f] && hasEscapedQuote(buf, s, e)) {
            const unescaped = Buffer.from(reader.text(f));
            codes[c][b] = dictionaries[c].codeOf(unescaped, 0, unescaped.length);
          } else codes[c][b] = dictionaries[c].codeOf(buf, s, e);
        } else {
          if (s === e || MISSING_TOKENS.has(reader.text(f).trim())) {
            numbers[c][b] = NaN;
            codes[c][b] = -1;
            continue;
          }
          kinds[c] = Number.isNaN(parseNumberBytes(buf, s, e)) ? 'categorical' : 'numeric';
          kindCodes[c] = kinds[c] === 'numeric' ? 1 : 2;
          plans[c].kind = kinds[c];
          c--; // reprocess this cell with its kind decided
        }
      }
    };
    /** One quote-free line [p, stop) in a single pass; false to leave it to the generic path. */
    const fastLine = (buf: Buffer, p: number, stop: number): boolean => {
      let field = 0;
      for (;;) {
        if (field >= width) return false;
        const c = columnOfField[field];
        let e: number;
        if (c >= 0 && kindCodes[c] === 1) {
          const v = parseNumberPrefix(buf, p, stop);
          e = prefixEnd;
          if (v !== v || (e < stop && buf[e] !== COMMA)) return false;
          numbers[c][b] = v;
        } else {
          e = p;
          while (e < stop && buf[e] !== COMMA) e++;
          if (c >= 0) {
            if (kindCodes[c] !== 2 || e === p) return false;
            codes[c][b] = dictionaries[c].codeOf(buf, p, e);
          }
        }
        field++;
        if (e >= stop) return field === width;
        p = e + 1;
      }
    };
    for (;;) {
      if (fast && reader.prepareLine() && !reader.quoteInLine()) {
        const buf = reader.buf;
        const p = reader.pos;
        let stop = reader.lineEnd;
        if (stop > p && buf[stop - 1] === CR) stop--;
        if (p === stop) {
          reader.skipLine(); // blank line
          continue;
        }
        if (fastLine(buf, p, stop)) {
          reader.skipLine();
          rows++;
          if (++b === BATCH_ROWS) flush();
          continue;
        }
      }
      if (!reader.next()) break;
      rows++;
      generic();
      if (++b === BATCH_ROWS) flush();
    }
    flush();
    if (rows === 0) {
      throw new PonteError('drift.csv.no_rows', 'the file has a header but no rows', {
        file,
        line: 2,
        column: 1,
        hint: 'a drift comparison needs at least one row on each side',
      });
    }
    sink.end(
      rows,
      dictionaries.map((d, c) => (kinds[c] === 'categorical' ? d.values : undefined)),
    );
  } finally {
    closeSync(fd);
  }
}

function hasEscapedQuote(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] === QUOTE) return true;
  return false;
}

function raggedRow(reader: RecordReader, width: number): never {
  const n = reader.count;
  const column = n > width ? reader.columnOf(width) : reader.ends[n - 1] - reader.recordStart + 1 + reader.quoted[n - 1];
  throw new PonteError(
    'drift.csv.ragged_row',
    `this row has ${n} field${n === 1 ? '' : 's'} but the header has ${width}`,
    {
      file: reader.file,
      line: reader.line,
      column,
      hint: n > width ? 'quote fields that contain commas' : 'every row needs a value (possibly empty) for each column',
    },
  );
}

function notANumber(reader: RecordReader, field: number, plan: Plan, sampleRows: number): never {
  const why = plan.fromReference
    ? 'is numeric in the reference file'
    : plan.forced
      ? 'is declared numeric'
      : `was read as numeric from its first ${sampleRows} rows`;
  throw new PonteError('drift.csv.not_a_number', `column '${plan.name}' ${why}, but this cell holds '${reader.text(field).slice(0, 40)}'`, {
    file: reader.file,
    line: reader.line,
    column: reader.columnOf(field),
    hint: `fix the cell, or declare the column categorical: --type ${plan.name}=category, or in ponte.yaml datasets.<name>.schema.columns.${plan.name}.type: category`,
  });
}
