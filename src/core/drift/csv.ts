// A byte-level CSV reader: records are split in a Buffer read in chunks, numbers are parsed
// straight from the bytes and categories are hashed from the bytes, so no string is made per
// cell. Handles quotes, escaped quotes, CRLF, a BOM, blank lines and a maximum line length.
import { closeSync, openSync } from 'node:fs';
import { PonteError, fromSystemError } from '../errors';
import { ByteDictionary } from './byte-dictionary';
import { BATCH_ROWS, MISSING_TOKENS, type ColumnKind, type ColumnSink, type TypeOverrides } from './columns';
import { parseNumberBytes, parseNumberPrefix, prefix } from './number-parse';
import { COMMA, CR, QUOTE, RecordReader } from './record-reader';

// parseNumberBytes lives in number-parse.ts; re-exported for the readers' tests
export { parseNumberBytes } from './number-parse';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
// 1 MiB reads: as fast as larger ones here, and less memory per reader.
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
export const DEFAULT_SAMPLE_ROWS = 1000;

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

export function openForRead(file: string): number {
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
export function inferCsvKinds(file: string, options: CsvReadOptions = {}): { types: TypeOverrides; expectedRows: number; columns: string[] } {
  const fd = openForRead(file);
  try {
    const reader = new RecordReader(fd, file, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    const { plans, header } = planColumns(reader, options);
    const expectedRows = inferKinds(reader, plans, options.sampleRows ?? DEFAULT_SAMPLE_ROWS, header.length);
    const types: TypeOverrides = {};
    for (const p of plans) if (p.kind) types[p.name] = p.kind;
    return { types, expectedRows, columns: plans.map((p) => p.name) };
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
          e = prefix.end;
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
