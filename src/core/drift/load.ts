// Loading a dataset file into a ColumnSink, whatever its format (CSV, JSON lines, Parquet),
// and the sink that keeps every value (exact mode). The format comes from the extension.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { PonteError, fromSystemError } from '../errors';
import {
  Float64Builder,
  Int32Builder,
  MISSING_TOKENS,
  StringDictionary,
  type Column,
  type ColumnKind,
  formatOf,
  BATCH_ROWS,
  type ColumnSink,
  type Table,
  type TypeOverrides,
} from './columns';
import { DEFAULT_MAX_LINE_BYTES, readCsv, type CsvReadOptions } from './csv';

export interface LoadOptions extends CsvReadOptions {
  /** The file's format when its name does not tell (a DVC cache object has no extension). */
  format?: Table['format'];
}


/** Keeps every value: Float64Array per numeric column, Int32Array codes per categorical one. */
export class ExactSink implements ColumnSink {
  /** `countCategories`: keep per-category counts, not a code per cell (4 bytes a row less per column). */
  constructor(private readonly options: { countCategories?: boolean } = {}) {}
  private names: string[] = [];
  private counts: number[][] = [];
  private kinds: ColumnKind[] = [];
  private builders: Float64Builder[] = [];
  private codes: Int32Builder[] = [];
  private missingCounts: number[] = [];
  columns: Column[] = [];
  rows = 0;

  begin(columns: { name: string; kind: ColumnKind }[], expectedRows: number): void {
    this.names = columns.map((c) => c.name);
    this.kinds = columns.map((c) => c.kind);
    const capacity = Math.max(expectedRows, 16);
    // an undecided CSV column may turn categorical later, so both builders exist
    this.builders = columns.map((c) => new Float64Builder(c.kind === 'numeric' ? capacity : 16));
    this.codes = columns.map((c) => new Int32Builder(c.kind === 'categorical' && !this.options.countCategories ? capacity : 16));
    this.counts = columns.map(() => []);
    this.missingCounts = columns.map(() => 0);
  }
  numbers(column: number, values: Float64Array, count: number): void {
    const builder = this.builders[column];
    let missing = 0;
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (v === v) builder.push(v);
      else missing++;
    }
    this.missingCounts[column] += missing;
  }
  categories(column: number, codes: Int32Array, count: number): void {
    const counts = this.counts[column];
    const builder = this.codes[column];
    let missing = 0;
    for (let i = 0; i < count; i++) {
      const code = codes[i];
      if (code < 0) missing++;
      else if (this.options.countCategories) counts[code] = (counts[code] ?? 0) + 1;
      else builder.push(code);
    }
    this.missingCounts[column] += missing;
  }
  end(rows: number, dictionaries: (string[] | undefined)[]): void {
    this.rows = rows;
    this.columns = this.names.map((name, c): Column => {
      const dictionary = dictionaries[c];
      if (dictionary) {
        const counts = this.options.countCategories ? Float64Array.from(dictionary, (_, k) => this.counts[c][k] ?? 0) : undefined;
        return { name, kind: 'categorical', codes: this.codes[c].finish(), dictionary, missing: this.missingCounts[c], ...(counts ? { counts } : {}) };
      }
      return { name, kind: 'numeric', values: this.builders[c].finish(), missing: this.missingCounts[c] };
    });
  }
}

/** Streams any supported file into a sink. */
export async function readTable(file: string, sink: ColumnSink, options: LoadOptions = {}): Promise<Table['format']> {
  try {
    statSync(file);
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
  const format = options.format ?? formatOf(file);
  if (format === 'csv') readCsv(file, sink, options);
  else if (format === 'jsonl') readJsonLines(file, sink, options);
  else await readParquet(file, sink, options);
  return format;
}

/** Loads a whole file into memory as typed columns. */
export async function loadTable(file: string, options: LoadOptions = {}): Promise<Table> {
  const sink = new ExactSink();
  const format = await readTable(file, sink, options);
  return { file, format, rows: sink.rows, columns: sink.columns };
}

/** Per-cell feeding shared by the JSON-lines and Parquet readers, which get JS values. */
class ValueFeeder {
  private kinds: (ColumnKind | undefined)[];
  private dictionaries: StringDictionary[];
  private readonly numberBatch: Float64Array[];
  private readonly codeBatch: Int32Array[];
  private batched = 0;
  constructor(
    private readonly sink: ColumnSink,
    private readonly names: string[],
    types: TypeOverrides | undefined,
    private readonly file: string,
  ) {
    this.kinds = names.map((n) => types?.[n]);
    this.dictionaries = names.map(() => new StringDictionary());
    this.numberBatch = names.map(() => new Float64Array(BATCH_ROWS));
    this.codeBatch = names.map(() => new Int32Array(BATCH_ROWS));
  }
  private expectedRows = 1024;
  /** Decides undecided kinds from the first rows, then starts the sink. */
  start(sample: unknown[][], expectedRows: number): void {
    this.expectedRows = expectedRows;
    this.kinds = this.kinds.map((k, c) => {
      if (k) return k;
      for (const row of sample) {
        const v = row[c];
        if (v === null || v === undefined) continue;
        if (typeof v === 'number' || typeof v === 'bigint') return 'numeric';
        if (typeof v === 'string' && MISSING_TOKENS.has(v)) continue;
        return 'categorical';
      }
      return 'numeric';
    });
    this.sink.begin(this.names.map((name, c) => ({ name, kind: this.kinds[c]! })), this.expectedRows);
  }
  /** One row's values, in column order. */
  row(values: unknown[], line?: number): void {
    const b = this.batched;
    values.forEach((v, c) => {
      if (this.kinds[c] === 'numeric') this.numberBatch[c][b] = this.numberOf(c, v, line);
      else this.codeBatch[c][b] = this.codeOf(c, v);
    });
    if (++this.batched === BATCH_ROWS) this.flush();
  }

  private flush(): void {
    this.kinds.forEach((kind, c) => {
      if (kind === 'numeric') this.sink.numbers(c, this.numberBatch[c], this.batched);
      else this.sink.categories(c, this.codeBatch[c], this.batched);
    });
    this.batched = 0;
  }

  /** The cell as a number; NaN when missing. */
  private numberOf(c: number, v: unknown, line?: number): number {
    if (v === null || v === undefined) return NaN;
    const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
    if (typeof v === 'number' || (typeof v === 'string' && MISSING_TOKENS.has(v))) return NaN;
    const num = typeof v === 'string' ? Number(v) : NaN;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(num)) return num;
    throw new PonteError('drift.jsonl.not_a_number', `column '${this.names[c]}' is numeric, but this value is ${JSON.stringify(v).slice(0, 40)}`, {
      file: this.file,
      line,
      hint: `declare the column categorical: --type ${this.names[c]}=category`,
    });
  }

  /** The cell as a dictionary code; -1 when missing. */
  private codeOf(c: number, v: unknown): number {
    if (v === null || v === undefined) return -1;
    // what is left of a JSON value: a number or a boolean
    const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : `${v as number | boolean}`;
    return MISSING_TOKENS.has(s) ? -1 : this.dictionaries[c].codeOf(s);
  }

  end(rows: number): void {
    this.flush();
    this.sink.end(
      rows,
      this.kinds.map((k, c) => (k === 'categorical' ? this.dictionaries[c].dictionary : undefined)),
    );
  }
}

const SAMPLE = 1000;

/**
 * A table from in-memory records (a monitoring window's features, JSON rows from an API):
 * numbers numeric, strings categorical, null or absent missing; `columns` default to the first
 * record's keys. `name` stands for the file in errors and reports.
 */
export function tableFromRecords(name: string, records: Record<string, unknown>[], options: { columns?: string[]; types?: TypeOverrides } = {}): Table {
  const names = options.columns ?? Object.keys(records[0] ?? {});
  if (records.length === 0 || names.length === 0) {
    throw new PonteError('drift.records.empty', `${name} holds no records`, { file: name, hint: 'a drift comparison needs at least one row on each side' });
  }
  const sink = new ExactSink({ countCategories: true });
  const feeder = new ValueFeeder(sink, names, options.types, name);
  const rows = records.map((r) => names.map((n) => r[n]));
  feeder.start(rows.slice(0, SAMPLE), rows.length);
  rows.forEach((values, i) => feeder.row(values, i + 1));
  feeder.end(rows.length);
  return { file: name, format: 'jsonl', rows: sink.rows, columns: sink.columns };
}

/** JSON lines: one object per line; the first object's keys name the columns. */
function readJsonLines(file: string, sink: ColumnSink, options: LoadOptions): void {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
  try {
    let names: string[] | undefined;
    let feeder: ValueFeeder | undefined;
    const pending: { values: unknown[]; line: number }[] = [];
    let rows = 0;
    const onObject = (text: string, line: number) => {
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        throw new PonteError('drift.jsonl.bad_json', `not valid JSON: ${(e as Error).message}`, {
          file,
          line,
          hint: 'each line must hold one JSON object',
        });
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        throw new PonteError('drift.jsonl.not_an_object', 'this line is not a JSON object', { file, line, hint: 'each line must hold one JSON object, {"column": value, ...}' });
      }
      const record = obj as Record<string, unknown>;
      if (!names) {
        names = Object.keys(record);
        for (const c of options.columns ?? []) {
          if (!names.includes(c)) {
            throw new PonteError('drift.columns.missing', `the column '${c}' is not in this file`, { file, line, hint: `the first record has: ${names.join(', ')}` });
          }
        }
        if (options.columns) names = options.columns;
      }
      rows++;
      const values = names.map((n) => record[n]);
      if (!feeder) {
        pending.push({ values, line });
        if (pending.length >= SAMPLE) flush();
        return;
      }
      feeder.row(values, line);
    };
    const flush = () => {
      feeder = new ValueFeeder(sink, names!, { ...options.referenceKinds, ...options.types }, file);
      feeder.start(pending.map((p) => p.values), 1024);
      for (const p of pending) feeder.row(p.values, p.line);
      pending.length = 0;
    };
    forEachLine(fd, file, maxLine, onObject);
    if (!names) {
      throw new PonteError('drift.jsonl.empty', 'the file holds no records', { file, line: 1, column: 1, hint: 'write one JSON object per line' });
    }
    if (!feeder) flush();
    feeder!.end(rows);
  } finally {
    closeSync(fd);
  }
}

/** Calls `onLine` for each non-blank line, without holding more than one line plus a chunk. */
function forEachLine(fd: number, file: string, maxLine: number, onLine: (text: string, line: number) => void): void {
  let buf = Buffer.allocUnsafe(1 << 20);
  let end = 0;
  let lineNo = 1;
  for (;;) {
    const n = readSync(fd, buf, end, buf.length - end, null);
    end += n;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0 || nl >= end) break;
      const text = buf.toString('utf8', start, nl).trim();
      if (text) onLine(text, lineNo);
      lineNo++;
      start = nl + 1;
    }
    if (n === 0) {
      const text = buf.toString('utf8', start, end).trim();
      if (text) onLine(text, lineNo);
      return;
    }
    buf.copy(buf, 0, start, end);
    end -= start;
    if (end > maxLine) {
      throw new PonteError('drift.jsonl.line_too_long', `a line is longer than ${maxLine} bytes`, { file, line: lineNo, column: 1, hint: 'each line must hold one JSON record' });
    }
    if (end === buf.length) {
      const grown = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(grown, 0, 0, end);
      buf = grown;
    }
  }
}

/** Parquet through hyparquet, column chunk by column chunk. */
async function readParquet(file: string, sink: ColumnSink, options: LoadOptions): Promise<void> {
  const hp = await import('hyparquet');
  let metadata;
  let names: string[];
  let asyncBuffer;
  try {
    asyncBuffer = await hp.asyncBufferFromFile(file);
    metadata = await hp.parquetMetadataAsync(asyncBuffer);
    names = hp
      .parquetSchema(metadata)
      .children.map((c) => c.element.name);
  } catch (e) {
    throw new PonteError('drift.parquet.unreadable', `cannot read this Parquet file: ${(e as Error).message}`, {
      file,
      hint: 'check that the file is a complete Parquet file (it should end with the PAR1 magic bytes)',
      cause: e,
    });
  }
  const selected = options.columns ?? names;
  for (const c of selected) {
    if (!names.includes(c)) throw new PonteError('drift.columns.missing', `the column '${c}' is not in this file`, { file, hint: `the schema has: ${names.join(', ')}` });
  }
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new PonteError('drift.parquet.no_rows', 'the file holds no rows', { file, hint: 'a drift comparison needs at least one row on each side' });
  // one row group at a time, so memory follows the row group, not the file (sketch mode stays flat)
  const feeder = new ValueFeeder(sink, selected, { ...options.referenceKinds, ...options.types }, file);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const n = Number(group.num_rows);
    const data: unknown[][] = selected.map(() => new Array<unknown>(n));
    try {
      await hp.parquetRead({
        file: asyncBuffer,
        metadata,
        columns: selected,
        rowStart: groupStart,
        rowEnd: groupStart + n,
        onChunk: (chunk) => {
          const arr = data[selected.indexOf(chunk.columnName)];
          const values = chunk.columnData as ArrayLike<unknown>;
          // a chunk may hold rows outside the requested range
          for (let i = 0; i < values.length; i++) {
            const at = chunk.rowStart + i - groupStart;
            if (at >= 0 && at < n) arr[at] = values[i];
          }
        },
      });
    } catch (e) {
      throw new PonteError('drift.parquet.unreadable', `cannot read this Parquet file: ${(e as Error).message}`, {
        file,
        hint: 'the file may be truncated or use an unsupported encoding or compression',
        cause: e,
      });
    }
    const rowAt = (r: number) => data.map((col) => col[r]);
    if (groupStart === 0) feeder.start(Array.from({ length: Math.min(n, SAMPLE) }, (_, r) => rowAt(r)), rows);
    for (let r = 0; r < n; r++) feeder.row(rowAt(r));
    groupStart += n;
  }
  feeder.end(rows);
}
