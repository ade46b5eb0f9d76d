// The in-memory shape of a loaded dataset: numeric columns as Float64Array (missing and
// non-finite values dropped, counted apart), categorical columns dictionary-encoded as Int32Array
// codes over a string dictionary. Growable builders fill them without boxing a value per row.
import { extname } from 'node:path';
import { COLUMN_KIND, COLUMN_TYPES, MISSING_TOKENS as MISSING_TOKEN_LIST, type ColumnType } from '../project/vocabulary';

export type ColumnKind = 'numeric' | 'categorical';

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  /** Finite values only, in file order (the engine may sort them in place). */
  values: Float64Array;
  /** Empty, NA-like or non-finite cells. */
  missing: number;
  /** Set once `values` has been sorted ascending in place. */
  sorted?: boolean;
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** One code per present cell, indexing `dictionary` (empty when `counts` is given instead). */
  codes: Int32Array;
  dictionary: string[];
  /** Cells per dictionary entry, when the loader counted instead of keeping codes (drift needs only counts). */
  counts?: Float64Array;
  missing: number;
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  file: string;
  format: 'csv' | 'jsonl' | 'parquet';
  rows: number;
  columns: Column[];
}

/** A file's format from its extension; anything else reads as CSV. */
export function formatOf(file: string): Table['format'] {
  const ext = extname(file).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return 'csv';
}

/** Per-column type choices: from ponte.yaml `datasets.<name>.schema.columns.<col>.type` or `--type`. */
export type TypeOverrides = Record<string, ColumnKind>;

/** Maps a column type of ponte.yaml (integer, number, category, string, boolean) to a column kind. */
export function kindOfSpecType(type: string): ColumnKind | undefined {
  return (COLUMN_TYPES as readonly string[]).includes(type) ? COLUMN_KIND[type as ColumnType] : undefined;
}

type Growable = Float64Array | Int32Array;

/** A typed array that grows by doubling; `finish()` returns the filled part as a view. */
class TypedBuilder<T extends Growable> {
  private data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T, capacity: number) {
    this.data = make(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** No copy: sized from an estimate, the spare capacity is a few percent. */
  finish(): T {
    return (this.length === this.data.length ? this.data : this.data.subarray(0, this.length)) as T;
  }
}

export class Float64Builder extends TypedBuilder<Float64Array> {
  constructor(capacity = 1024) {
    super((n) => new Float64Array(n), capacity);
  }
}

export class Int32Builder extends TypedBuilder<Int32Array> {
  constructor(capacity = 1024) {
    super((n) => new Int32Array(n), capacity);
  }
}

/** Dictionary-encodes strings that arrive as JS strings (JSON lines, Parquet). */
export class StringDictionary {
  readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  codeOf(s: string): number {
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(s);
      this.index.set(s, code);
    }
    return code;
  }
}

/** Cell texts read as missing: the one list in core/project, as a set for the loaders. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(MISSING_TOKEN_LIST);

/** Rows parsed before the sink gets them, per column. */
export const BATCH_ROWS = 4096;

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
