// Columns that identify rows (a customer_id, an order number): a different value in every row,
// so every new row looks like drift. Drift reports and monitoring windows skip them with a note
// unless asked for by name. Text columns tell from their counts; a numeric column is an id when
// its values are whole numbers, none repeated: exact in exact mode, and in sketch mode tracked
// while the profile is folded (UniqueIntegers), since a histogram bucket cannot tell.
import type { Column } from './columns';
import { sortFloat64 } from './radix-sort';
import type { ColumnSketch } from './sketch';

/** Fewer rows than this prove nothing about uniqueness. */
export const MIN_ID_ROWS = 50;
/** Past this many distinct whole numbers the tracker stops storing them and trusts what it saw (512 KiB of table). */
export const UNIQUE_TRACK_LIMIT = 65_536;

export const ID_NOTE = 'identifies rows (a different value in every reference row)';

/**
 * Whether the whole numbers folded so far are all distinct: an open-addressing set of doubles
 * that drops its table at the first fraction or repeat, so an ordinary column costs nothing after
 * its first few rows and an id column at most UNIQUE_TRACK_LIMIT entries.
 */
export class UniqueIntegers {
  private table: Float64Array | null = new Float64Array(256).fill(NaN);
  private size = 0;

  get unique(): boolean {
    return this.table !== null || this.size > UNIQUE_TRACK_LIMIT;
  }

  add(x: number): void {
    const t = this.table;
    if (t === null) return;
    if (!Number.isInteger(x)) {
      this.table = null;
      this.size = 0;
      return;
    }
    if (this.size >= UNIQUE_TRACK_LIMIT) {
      // Enough seen: stop storing, keep the verdict.
      this.size = UNIQUE_TRACK_LIMIT + 1;
      this.table = null;
      return;
    }
    if (!this.insert(t, x)) {
      this.table = null;
      this.size = 0;
      return;
    }
    if (++this.size * 2 > t.length) {
      const grown = new Float64Array(t.length * 2).fill(NaN);
      for (const v of t) if (v === v) this.insert(grown, v);
      this.table = grown;
    }
  }

  /** False when x is already there. */
  private insert(t: Float64Array, x: number): boolean {
    const mask = t.length - 1;
    // Fibonacci hashing of the low and high words of the integer.
    let i = (Math.imul((x % 4294967296) | 0, 0x9e3779b1) ^ Math.imul(Math.floor(x / 4294967296) | 0, 0x85ebca6b)) & mask;
    for (;;) {
      const v = t[i];
      if (v !== v) {
        t[i] = x;
        return true;
      }
      if (v === x) return false;
      i = (i + 1) & mask;
    }
  }
}

/** Whether a reference column identifies rows: a loaded column (exact mode) or a sketch (profiles, windows). */
export function identifiesRows(c: Column | ColumnSketch): boolean {
  if (c.kind === 'categorical') {
    let rows = 0;
    if ('codes' in c) {
      if (c.counts) {
        for (const n of c.counts) {
          if (n > 1) return false;
          rows += n;
        }
        return rows >= MIN_ID_ROWS;
      }
      // every code used once: as many codes as dictionary entries, none repeated
      if (c.codes.length !== c.dictionary.length) return false;
      const seen = new Uint8Array(c.dictionary.length);
      for (const code of c.codes) {
        if (seen[code]) return false;
        seen[code] = 1;
      }
      return c.codes.length >= MIN_ID_ROWS;
    }
    for (const n of c.counts.values()) {
      if (n > 1) return false;
      rows += n;
    }
    return rows >= MIN_ID_ROWS;
  }
  if ('sketch' in c) return c.identifiesRows === true;
  if (c.missing > 0 || c.values.length < MIN_ID_ROWS) return false;
  const v = c.sorted ? c.values : sortFloat64(c.values);
  c.sorted = true;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i]) || (i > 0 && v[i] === v[i - 1])) return false;
  }
  return true;
}
