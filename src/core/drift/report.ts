// The drift report: per-column results (statistic, threshold, decision, summaries of both
// sides, histograms ready for charts) and the dataset-level decision. Exact mode works on
// whole columns, each sorted once; every statistic then walks the sorted arrays.
import { PonteError } from '../errors';
import { ID_NOTE, identifiesRows } from './identity';
import { sortFloat64 } from './radix-sort';
import type { CategoricalColumn, Column, NumericColumn, Table } from './columns';
import { chooseMethod, DEFAULT_SHARE, FEW_DISTINCT_VALUES, isDrifted, type ChosenMethod, type DriftConfig, type DriftMethod } from './methods';
import {
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  histogramSorted,
  jensenShannonCategorical,
  jensenShannonNumeric,
  ksTest,
  mean,
  populationStd,
  proportionsZTest,
  psi,
  quantileSorted,
  sturgesEdges,
  valueCountsSorted,
  wassersteinDistance,
} from './statistics';

export interface NumericSummary {
  count: number;
  missing: number;
  mean: number;
  std: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}

export interface CategoricalSummary {
  count: number;
  missing: number;
  unique: number;
  top: string;
  top_count: number;
}

/** Bars for a chart: numeric edges (bins = edges.length - 1) or category labels, counts per side. */
export type ColumnHistogram =
  | { kind: 'numeric'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categorical'; categories: string[]; reference: number[]; current: number[] };

/** Every statistic, for `--stats all`. Absent keys do not apply to the column's kind. */
export interface AllStatistics {
  ks_statistic?: number;
  ks_pvalue?: number;
  wasserstein?: number;
  wasserstein_normed?: number;
  psi?: number;
  jensenshannon?: number;
  chisquare?: number;
  chisquare_pvalue?: number;
  chi2_contingency?: number;
  chi2_contingency_pvalue?: number;
}

export interface ColumnDrift {
  column: string;
  kind: 'numeric' | 'categorical';
  method: DriftMethod;
  statistic: number;
  p_value?: number;
  threshold: number;
  drifted: boolean;
  reference: NumericSummary | CategoricalSummary;
  current: NumericSummary | CategoricalSummary;
  stats?: AllStatistics;
  /** In sketch mode: a bound on |statistic - exact statistic| where one is known. */
  error_bound?: number;
  histogram: ColumnHistogram;
}

export interface DriftSummary {
  columns: number;
  drifted: number;
  share: number;
  share_threshold: number;
  dataset_drift: boolean;
}

export interface DriftReport {
  mode: 'exact' | 'sketch';
  reference: { file: string; rows: number };
  current: { file: string; rows: number };
  columns: ColumnDrift[];
  summary: DriftSummary;
  /** Columns left out: every cell missing on both sides (a trailing comma makes one). Not counted in the share. */
  skipped?: { column: string; reason: string }[];
}

export interface CompareOptions {
  config?: DriftConfig;
  /** Compare only these columns (default: all of the reference's but those that identify rows). */
  columns?: string[];
  /** Compared even when they identify rows (`monitor.features`); only matters without `columns`. */
  keep?: string[];
  stats?: 'all';
  onColumn?: (done: number, total: number) => void;
}

/** The columns to compare, checked on both sides: missing or extra columns are errors. */
export function pairColumns(
  reference: { file: string; names: string[] },
  current: { file: string; names: string[] },
  wanted?: string[],
): string[] {
  const names = wanted ?? reference.names;
  for (const [side, other] of [
    [current, reference],
    [reference, current],
  ] as const) {
    const list = wanted ?? other.names;
    const absent = list.filter((n) => !side.names.includes(n));
    if (absent.length) {
      throw new PonteError(
        'drift.columns.missing',
        `column${absent.length > 1 ? 's' : ''} ${absent.map((a) => `'${a}'`).join(', ')} ${absent.length > 1 ? 'are' : 'is'} not in this file`,
        {
          file: side.file,
          line: 1,
          hint: `compare only the shared columns with --columns, or fix the schema; this file has: ${side.names.join(', ')}`,
        },
      );
    }
  }
  return names;
}

export function summarizeDrift(columns: ColumnDrift[], config: DriftConfig = {}): DriftSummary {
  const drifted = columns.filter((c) => c.drifted).length;
  const share = columns.length ? drifted / columns.length : 0;
  const threshold = config.share ?? DEFAULT_SHARE;
  return { columns: columns.length, drifted, share, share_threshold: threshold, dataset_drift: columns.length > 0 && share >= threshold };
}

/** One column's result: the decision follows from the method, statistic, p-value and threshold. */
export function columnResult(r: {
  column: string;
  kind: ColumnDrift['kind'];
  chosen: ChosenMethod;
  statistic: number;
  pValue?: number;
  reference: ColumnDrift['reference'];
  current: ColumnDrift['current'];
  histogram: ColumnHistogram;
  errorBound?: number;
}): ColumnDrift {
  const { method, threshold } = r.chosen;
  return {
    column: r.column,
    kind: r.kind,
    method,
    statistic: r.statistic,
    ...(r.pValue === undefined ? {} : { p_value: r.pValue }),
    threshold,
    drifted: isDrifted(method, r.statistic, r.pValue, threshold),
    reference: r.reference,
    current: r.current,
    ...(r.errorBound === undefined ? {} : { error_bound: r.errorBound }),
    histogram: r.histogram,
  };
}

/** Drifted columns first, then by name: the order every face shows. */
export function orderColumns(columns: ColumnDrift[]): ColumnDrift[] {
  return [...columns].sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.column.localeCompare(b.column));
}

interface Side<T> {
  file: string;
  rows: number;
  columns: T[];
}

/** Pairs the columns of both sides, checks their kinds agree, and compares each with `compareOne`. */
export function compareSides<T extends { name: string; kind: 'numeric' | 'categorical' }>(
  mode: DriftReport['mode'],
  reference: Side<T>,
  current: Side<T>,
  options: CompareOptions,
  compareOne: (r: T, c: T) => ColumnDrift,
  hasValues: (col: T) => boolean,
  isIdentifier: (col: T) => boolean,
): DriftReport {
  const skipped: { column: string; reason: string }[] = [];
  const names = pairColumns(
    { file: reference.file, names: reference.columns.map((c) => c.name) },
    { file: current.file, names: current.columns.map((c) => c.name) },
    options.columns,
  );
  const results = names.flatMap((name, i) => {
    const r = reference.columns.find((c) => c.name === name)!;
    const c = current.columns.find((x) => x.name === name)!;
    // An id drifts by construction (every row brings a new one): compared only when named.
    if (!options.columns && !options.keep?.includes(name) && isIdentifier(r)) {
      skipped.push({ column: name, reason: `${ID_NOTE}; name it in monitor.features or --columns to compare it anyway` });
      return [];
    }
    if (!hasValues(r) && !hasValues(c)) {
      skipped.push({ column: name, reason: 'no values on either side' });
      return [];
    }
    if (r.kind !== c.kind) {
      throw new PonteError('drift.columns.kind_mismatch', `column '${name}' is ${r.kind} in the reference but ${c.kind} here`, {
        file: current.file,
        hint: `declare one type for both sides: --type ${name}=category or --type ${name}=number`,
      });
    }
    const out = compareOne(r, c);
    options.onColumn?.(i + 1, names.length);
    return [out];
  });
  return {
    mode,
    reference: { file: reference.file, rows: reference.rows },
    current: { file: current.file, rows: current.rows },
    columns: results,
    summary: summarizeDrift(results, options.config),
    ...(skipped.length ? { skipped } : {}),
  };
}

/** Compares two loaded tables column by column (exact mode). Sorts numeric columns in place. */
export function compareTables(reference: Table, current: Table, options: CompareOptions = {}): DriftReport {
  return compareSides<Column>(
    'exact',
    reference,
    current,
    options,
    (r, c) => compareColumn(r, c, reference.file, current.file, options),
    (col) => (col.kind === 'numeric' ? col.values.length > 0 : col.counts ? col.counts.some((n) => n > 0) : col.codes.length > 0),
    identifiesRows,
  );
}

function emptySide(column: string, file: string): never {
  throw new PonteError('drift.columns.no_values', `column '${column}' has no values here (every cell is missing)`, {
    file,
    hint: 'drop the column from the comparison with --columns, or check the data',
  });
}

export function compareColumn(r: Column, c: Column, referenceFile: string, currentFile: string, options: CompareOptions = {}): ColumnDrift {
  if (r.kind === 'numeric') return compareNumeric(r, c as NumericColumn, referenceFile, currentFile, options);
  return compareCategorical(r, c as CategoricalColumn, referenceFile, currentFile, options);
}

function countDistinctUnion(a: Float64Array, b: Float64Array, cap: number): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while ((i < a.length || j < b.length) && n <= cap) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    n++;
  }
  return n;
}

function numericSummary(sorted: Float64Array, missing: number, m: number, std: number): NumericSummary {
  return {
    count: sorted.length,
    missing,
    mean: m,
    std,
    min: sorted[0],
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1],
  };
}

function compareNumeric(r: NumericColumn, c: NumericColumn, referenceFile: string, currentFile: string, options: CompareOptions): ColumnDrift {
  if (r.values.length === 0) emptySide(r.name, referenceFile);
  if (c.values.length === 0) emptySide(c.name, currentFile);
  const a = r.sorted ? r.values : sortFloat64(r.values);
  const b = c.sorted ? c.values : sortFloat64(c.values);
  r.sorted = c.sorted = true;
  const distinct = countDistinctUnion(a, b, FEW_DISTINCT_VALUES);
  const chosen = chooseMethod(r.name, { kind: 'numeric', referenceRows: a.length, distinct }, options.config);
  const meanA = mean(a);
  const stdA = populationStd(a, meanA);
  const meanB = mean(b);
  const stdB = populationStd(b, meanB);
  let statistic: number;
  let pValue: number | undefined;
  const counts = () => valueCountsSorted([a, b]);
  switch (chosen.method) {
    case 'ks': {
      const t = ksTest(a, b);
      statistic = t.statistic;
      pValue = t.pValue;
      break;
    }
    case 'wasserstein':
      statistic = wassersteinDistance(a, b) / Math.max(stdA, 0.001);
      break;
    case 'psi':
      statistic = psi(a, b);
      break;
    case 'jensenshannon':
      statistic = jensenShannonNumeric(a, b);
      break;
    case 'chisquare': {
      const vc = counts();
      const t = chiSquareGoodnessOfFit(vc.reference, vc.current);
      statistic = t.statistic;
      pValue = t.pValue;
      break;
    }
    case 'ztest': {
      const vc = counts();
      const t = proportionsZTest(vc.reference, vc.current);
      statistic = t.statistic;
      pValue = t.pValue;
      break;
    }
  }
  const result = columnResult({
    column: r.name,
    kind: 'numeric',
    chosen,
    statistic,
    pValue,
    reference: numericSummary(a, r.missing, meanA, stdA),
    current: numericSummary(b, c.missing, meanB, stdB),
    histogram: numericHistogram(a, b),
  });
  if (options.stats === 'all') {
    const ks = ksTest(a, b);
    const w = wassersteinDistance(a, b);
    result.stats = {
      ks_statistic: ks.statistic,
      ks_pvalue: ks.pValue,
      wasserstein: w,
      wasserstein_normed: w / Math.max(stdA, 0.001),
      psi: psi(a, b),
      jensenshannon: jensenShannonNumeric(a, b),
    };
  }
  return result;
}

export const HISTOGRAM_MAX_BINS = 40;

function numericHistogram(a: Float64Array, b: Float64Array): ColumnHistogram {
  const lo = Math.min(a[0], b[0]);
  const hi = Math.max(a[a.length - 1], b[b.length - 1]);
  // Sturges' rule, capped so a chart stays readable
  const edges = sturgesEdges(lo, hi, Math.min(a.length + b.length, 2 ** (HISTOGRAM_MAX_BINS - 1)));
  return { kind: 'numeric', edges, reference: histogramSorted(a, edges), current: histogramSorted(b, edges) };
}

/** Counts of both sides over the union of their categories, in first-seen order. */
export function alignCategories(r: CategoricalColumn, c: CategoricalColumn): { categories: string[]; reference: number[]; current: number[] } {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const map = (dictionary: string[]) =>
    dictionary.map((s) => {
      let k = index.get(s);
      if (k === undefined) {
        k = categories.push(s) - 1;
        index.set(s, k);
      }
      return k;
    });
  const mr = map(r.dictionary);
  const mc = map(c.dictionary);
  const reference = new Array<number>(categories.length).fill(0);
  const current = new Array<number>(categories.length).fill(0);
  const tally = (col: CategoricalColumn, map: number[], into: number[]) => {
    if (col.counts) col.counts.forEach((n, code) => (into[map[code]] += n));
    else for (let i = 0; i < col.codes.length; i++) into[map[col.codes[i]]]++;
  };
  tally(r, mr, reference);
  tally(c, mc, current);
  // a category present only in a dictionary but never counted (not possible today) would break chi-square
  const keep = categories.map((_, k) => reference[k] + current[k] > 0);
  return {
    categories: categories.filter((_, k) => keep[k]),
    reference: reference.filter((_, k) => keep[k]),
    current: current.filter((_, k) => keep[k]),
  };
}

function categoricalSummary(categories: string[], counts: number[], missing: number): CategoricalSummary {
  let top = 0;
  let total = 0;
  let unique = 0;
  counts.forEach((n, k) => {
    total += n;
    if (n > 0) unique++;
    if (n > counts[top]) top = k;
  });
  return { count: total, missing, unique, top: categories[top] ?? '', top_count: counts[top] ?? 0 };
}

/** Compares category counts (used by exact and sketch modes alike: counts are exact in both). */
export function compareCounts(
  name: string,
  aligned: { categories: string[]; reference: number[]; current: number[] },
  missing: { reference: number; current: number },
  files: { reference: string; current: string },
  options: CompareOptions,
): ColumnDrift {
  const nr = aligned.reference.reduce((s, n) => s + n, 0);
  const nc = aligned.current.reduce((s, n) => s + n, 0);
  if (nr === 0) emptySide(name, files.reference);
  if (nc === 0) emptySide(name, files.current);
  const chosen = chooseMethod(name, { kind: 'categorical', referenceRows: nr, distinct: aligned.categories.length }, options.config);
  let statistic: number;
  let pValue: number | undefined;
  if (chosen.method === 'chisquare') {
    const t = chiSquareGoodnessOfFit(aligned.reference, aligned.current);
    statistic = t.statistic;
    pValue = t.pValue;
  } else if (chosen.method === 'ztest') {
    const t = proportionsZTest(aligned.reference, aligned.current);
    statistic = t.statistic;
    pValue = t.pValue;
  } else statistic = jensenShannonCategorical(aligned.reference, aligned.current);
  const result = columnResult({
    column: name,
    kind: 'categorical',
    chosen,
    statistic,
    pValue,
    reference: categoricalSummary(aligned.categories, aligned.reference, missing.reference),
    current: categoricalSummary(aligned.categories, aligned.current, missing.current),
    histogram: categoricalHistogram(aligned),
  });
  if (options.stats === 'all') {
    const gof = chiSquareGoodnessOfFit(aligned.reference, aligned.current);
    const ct = chiSquareContingency(aligned.reference, aligned.current);
    result.stats = {
      chisquare: gof.statistic,
      chisquare_pvalue: gof.pValue,
      chi2_contingency: ct.statistic,
      chi2_contingency_pvalue: ct.pValue,
      jensenshannon: jensenShannonCategorical(aligned.reference, aligned.current),
    };
  }
  return result;
}

function compareCategorical(r: CategoricalColumn, c: CategoricalColumn, referenceFile: string, currentFile: string, options: CompareOptions): ColumnDrift {
  return compareCounts(r.name, alignCategories(r, c), { reference: r.missing, current: c.missing }, { reference: referenceFile, current: currentFile }, options);
}

export const HISTOGRAM_MAX_CATEGORIES = 30;

/** The most frequent categories (both sides together) and one "(other)" bar for the rest. */
function categoricalHistogram(a: { categories: string[]; reference: number[]; current: number[] }): ColumnHistogram {
  const order = a.categories.map((_, k) => k).sort((x, y) => a.reference[y] + a.current[y] - (a.reference[x] + a.current[x]));
  const shown = order.slice(0, HISTOGRAM_MAX_CATEGORIES);
  const rest = order.slice(HISTOGRAM_MAX_CATEGORIES);
  const h = {
    kind: 'categorical' as const,
    categories: shown.map((k) => a.categories[k]),
    reference: shown.map((k) => a.reference[k]),
    current: shown.map((k) => a.current[k]),
  };
  if (rest.length) {
    h.categories.push('(other)');
    h.reference.push(rest.reduce((s, k) => s + a.reference[k], 0));
    h.current.push(rest.reduce((s, k) => s + a.current[k], 0));
  }
  return h;
}
