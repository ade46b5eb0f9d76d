// Drift statistics from two sketches. Counts per bucket are exact, so the KS statistic is the
// exact maximum over bucket edges and is off by at most the largest bucket share; each value sits
// within its bucket's width of the bucket mean, so Wasserstein is off by at most the
// mass-weighted bucket width. Both bounds are reported per column (`error_bound`).
import { PonteError } from '../errors';
import { identifiesRows } from './identity';
import { ksTwoSamplePValue } from './kolmogorov';
import { chooseMethod, FEW_DISTINCT_VALUES } from './methods';
import {
  columnResult,
  compareCounts,
  compareSides,
  type ColumnDrift,
  type CompareOptions,
  type DriftReport,
  type NumericSummary,
} from './report';
import { NumericSketch, type ColumnSketch, type DatasetProfile } from './sketch';
import {
  chiSquareGoodnessOfFit,
  fillZeroShares,
  jensenShannonDistance,
  PSI_BINS,
  PSI_EPSILON,
  proportionsZTest,
  sturgesEdges,
} from './statistics';
import { HISTOGRAM_MAX_BINS } from './report';

type Side = 'rc' | 'cc';

/**
 * Both sketches' buckets on one axis, as columns of numbers (not an object per bucket: a
 * million-row column has tens of thousands of buckets, and objects for them cost 70 MB of heap
 * over 22 columns). lo/hi: the bucket's range; rc/cc: reference/current counts; rs/cs: sums.
 */
export interface Cells {
  length: number;
  lo: Float64Array;
  hi: Float64Array;
  rc: Float64Array;
  rs: Float64Array;
  cc: Float64Array;
  cs: Float64Array;
  /** Running totals of rc and cc: prefix[k] = sum of counts before cell k. */
  prefix: { rc: Float64Array; cc: Float64Array };
}

/** Both sketches' buckets on one axis (at the coarser resolution of the two). */
export function alignBuckets(r: NumericSketch, c: NumericSketch): Cells {
  const bits = Math.min(r.bits, c.bits);
  if (r.bits !== bits) (r = r.clone()).coarsen(bits);
  if (c.bits !== bits) (c = c.clone()).coarsen(bits);
  const a = r.bucketColumns();
  const b = c.bucketColumns();
  let n = 0;
  for (let i = 0, j = 0; i < a.length || j < b.length; n++) {
    if (j >= b.length || (i < a.length && a.lo[i] < b.lo[j])) i++;
    else if (i >= a.length || b.lo[j] < a.lo[i]) j++;
    else {
      i++;
      j++;
    }
  }
  const cells: Cells = {
    length: n,
    lo: new Float64Array(n),
    hi: new Float64Array(n),
    rc: new Float64Array(n),
    rs: new Float64Array(n),
    cc: new Float64Array(n),
    cs: new Float64Array(n),
    prefix: { rc: new Float64Array(n + 1), cc: new Float64Array(n + 1) },
  };
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    const fromA = j >= b.length || (i < a.length && a.lo[i] <= b.lo[j]);
    const fromB = i >= a.length || (j < b.length && b.lo[j] <= a.lo[i]);
    cells.lo[k] = fromA ? a.lo[i] : b.lo[j];
    cells.hi[k] = fromA ? a.hi[i] : b.hi[j];
    if (fromA) {
      cells.rc[k] = a.count[i];
      cells.rs[k] = a.sum[i++];
    }
    if (fromB) {
      cells.cc[k] = b.count[j];
      cells.cs[k] = b.sum[j++];
    }
    cells.prefix.rc[k + 1] = cells.prefix.rc[k] + cells.rc[k];
    cells.prefix.cc[k + 1] = cells.prefix.cc[k] + cells.cc[k];
  }
  return cells;
}

/** KS statistic over bucket edges, and the bound on its distance from the exact one. */
export function sketchKs(cells: Cells, nr: number, nc: number): { statistic: number; bound: number } {
  let cr = 0;
  let cc = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  let bound = 0;
  for (let k = 0; k < cells.length; k++) {
    cr += cells.rc[k];
    cc += cells.cc[k];
    const diff = cr / nr - cc / nc;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
    bound = Math.max(bound, cells.rc[k] / nr, cells.cc[k] / nc);
  }
  const m = Math.min(Math.max(-minS, 0), 1);
  return { statistic: m > maxS ? m : maxS, bound };
}

/** W1 between the bucket-mean atoms of both sides, and the bound on its error. */
export function sketchWasserstein(cells: Cells, nr: number, nc: number): { distance: number; bound: number } {
  let bound = 0;
  let fr = 0;
  let fc = 0;
  let w = 0;
  let prev = NaN;
  // atoms in value order: within a bucket the two sides' means, the smaller first
  const atom = (v: number, r: number, c: number) => {
    if (prev === prev) w += Math.abs(fr - fc) * (v - prev);
    fr += r;
    fc += c;
    prev = v;
  };
  for (let k = 0; k < cells.length; k++) {
    const rc = cells.rc[k];
    const cc = cells.cc[k];
    const vr = rc ? cells.rs[k] / rc : NaN;
    const vc = cc ? cells.cs[k] / cc : NaN;
    if (rc && cc && vc < vr) {
      atom(vc, 0, cc / nc);
      atom(vr, rc / nr, 0);
    } else {
      if (rc) atom(vr, rc / nr, 0);
      if (cc) atom(vc, 0, cc / nc);
    }
    bound += (rc / nr + cc / nc) * (cells.hi[k] - cells.lo[k]);
  }
  return { distance: w, bound };
}

/** Count of values below x, spreading each bucket's count evenly over its (clipped) range. */
function massBelow(cells: Cells, side: Side, x: number, min: number, max: number): number {
  const prefix = cells.prefix[side];
  // first cell whose upper edge is above x: every cell before it lies wholly below x
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cells.hi[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  let m = prefix[lo];
  if (lo < cells.length) {
    const n = cells[side][lo];
    const a = Math.max(cells.lo[lo], min);
    const b = Math.min(cells.hi[lo], max);
    if (b <= a) {
      if (a < x) m += n;
    } else if (x >= b) m += n;
    else if (x > a) m += (n * (x - a)) / (b - a);
  }
  return m;
}

/** The q-quantile of one side, interpolating linearly inside a bucket. */
function sketchQuantile(cells: Cells, side: Side, n: number, q: number, min: number, max: number): number {
  const prefix = cells.prefix[side];
  const counts = cells[side];
  const target = q * n;
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prefix[mid + 1] < target) lo = mid + 1;
    else hi = mid;
  }
  while (lo < cells.length && counts[lo] === 0) lo++;
  if (lo >= cells.length) return max;
  const a = Math.max(cells.lo[lo], min);
  const b = Math.min(cells.hi[lo], max);
  return a + ((b - a) * (target - prefix[lo])) / counts[lo];
}

function binShares(cells: Cells, side: Side, edges: number[], n: number, min: number, max: number): number[] {
  const below = edges.map((e) => massBelow(cells, side, e, min, max));
  below[below.length - 1] = n;
  below[0] = 0;
  return below.slice(1).map((b, k) => (b - below[k]) / n);
}

function summary(s: NumericSketch, missing: number, cells: Cells, side: Side): NumericSummary {
  const q = (p: number) => sketchQuantile(cells, side, s.count, p, s.min, s.max);
  return { count: s.count, missing, mean: s.mean, std: s.std, min: s.min, p25: q(0.25), median: q(0.5), p75: q(0.75), max: s.max };
}

function compareNumericSketches(
  name: string,
  r: { sketch: NumericSketch; missing: number },
  c: { sketch: NumericSketch; missing: number },
  files: { reference: string; current: string },
  options: CompareOptions,
): ColumnDrift {
  const nr = r.sketch.count;
  const nc = c.sketch.count;
  for (const [n, file] of [
    [nr, files.reference],
    [nc, files.current],
  ] as const) {
    if (n === 0) throw new PonteError('drift.columns.no_values', `column '${name}' has no values here (every cell is missing)`, { file, hint: 'drop the column with --columns' });
  }
  const cells = alignBuckets(r.sketch, c.sketch);
  const min = Math.min(r.sketch.min, c.sketch.min);
  const max = Math.max(r.sketch.max, c.sketch.max);
  const few = cells.length <= FEW_DISTINCT_VALUES;
  const chosen = chooseMethod(name, { kind: 'numeric', referenceRows: nr, distinct: few ? cells.length : FEW_DISTINCT_VALUES + 1 }, options.config);
  const stdR = r.sketch.std;
  const ks = () => {
    const k = sketchKs(cells, nr, nc);
    const p = ksTwoSamplePValue(k.statistic, nr, nc);
    return { statistic: p.statistic, pValue: p.pValue, bound: k.bound };
  };
  const wass = () => sketchWasserstein(cells, nr, nc);
  const psi = () => {
    const inner: number[] = [];
    for (let k = 1; k < PSI_BINS; k++) inner.push(sketchQuantile(cells, 'rc', nr, k / PSI_BINS, r.sketch.min, r.sketch.max));
    const edges = [-Infinity, ...inner, Infinity];
    const rs = binShares(cells, 'rc', edges, nr, min, max).map((s) => Math.max(s, PSI_EPSILON));
    const cs = binShares(cells, 'cc', edges, nc, min, max).map((s) => Math.max(s, PSI_EPSILON));
    return rs.reduce((sum, rk, k) => sum + (cs[k] - rk) * Math.log(cs[k] / rk), 0);
  };
  const edges = sturgesEdges(min, max, Math.min(nr + nc, 2 ** (HISTOGRAM_MAX_BINS - 1)));
  const js = () => {
    if (cells.rc.filter((x) => x > 0).length <= 20) {
      return jensenShannonDistance(fillZeroShares(Array.from(cells.rc, (x) => x / nr)), fillZeroShares(Array.from(cells.cc, (x) => x / nc)));
    }
    const e = sturgesEdges(min, max, nr + nc);
    return jensenShannonDistance(fillZeroShares(binShares(cells, 'rc', e, nr, min, max)), fillZeroShares(binShares(cells, 'cc', e, nc, min, max)));
  };
  let statistic: number;
  let pValue: number | undefined;
  let bound: number | undefined;
  switch (chosen.method) {
    case 'ks': {
      const t = ks();
      ({ statistic, pValue, bound } = t);
      break;
    }
    case 'wasserstein': {
      const w = wass();
      statistic = w.distance / Math.max(stdR, 0.001);
      bound = w.bound / Math.max(stdR, 0.001);
      break;
    }
    case 'psi':
      statistic = psi();
      break;
    case 'jensenshannon':
      statistic = js();
      break;
    case 'chisquare':
    case 'ztest': {
      const [rc, cc] = [Array.from(cells.rc), Array.from(cells.cc)];
      const t = chosen.method === 'ztest' ? proportionsZTest(rc, cc) : chiSquareGoodnessOfFit(rc, cc);
      statistic = t.statistic;
      pValue = t.pValue;
      break;
    }
  }
  const result = columnResult({
    column: name,
    kind: 'numeric',
    chosen,
    statistic,
    pValue,
    reference: summary(r.sketch, r.missing, cells, 'rc'),
    current: summary(c.sketch, c.missing, cells, 'cc'),
    errorBound: bound,
    histogram: {
      kind: 'numeric',
      edges,
      reference: binShares(cells, 'rc', edges, nr, min, max).map((s) => Math.round(s * nr)),
      current: binShares(cells, 'cc', edges, nc, min, max).map((s) => Math.round(s * nc)),
    },
  });
  if (options.stats === 'all') {
    const k = ks();
    const w = wass();
    result.stats = { ks_statistic: k.statistic, ks_pvalue: k.pValue, wasserstein: w.distance, wasserstein_normed: w.distance / Math.max(stdR, 0.001), psi: psi(), jensenshannon: js() };
  }
  return result;
}

/** Compares two profiles (sketch mode). */
export function compareProfiles(reference: DatasetProfile, current: DatasetProfile, options: CompareOptions = {}): DriftReport {
  const files = { reference: reference.file, current: current.file };
  return compareSides<ColumnSketch>('sketch', reference, current, options, (r, c) => {
    if (r.kind === 'numeric' && c.kind === 'numeric') return compareNumericSketches(r.name, r, c, files, options);
    if (r.kind === 'categorical' && c.kind === 'categorical') {
      const categories = [...new Set([...r.counts.keys(), ...c.counts.keys()])];
      return compareCounts(
        r.name,
        { categories, reference: categories.map((k) => r.counts.get(k) ?? 0), current: categories.map((k) => c.counts.get(k) ?? 0) },
        { reference: r.missing, current: c.missing },
        files,
        options,
      );
    }
    throw new Error('unreachable: kinds checked by compareSides');
  }, (col) => (col.kind === 'numeric' ? col.sketch.count > 0 : [...col.counts.values()].some((n) => n > 0)), identifiesRows);
}
