// Drift statistics from two sketches. Counts per bucket are exact, so the KS statistic is the
// exact maximum over bucket edges and is off by at most the largest bucket share; each value sits
// within its bucket's width of the bucket mean, so Wasserstein is off by at most the
// mass-weighted bucket width. Both bounds are reported per column (`error_bound`).
import { PonteError } from '../errors';
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

interface Cell {
  lo: number;
  hi: number;
  rc: number;
  rs: number;
  cc: number;
  cs: number;
}

/** Both sketches' buckets on one axis (same resolution). */
function alignBuckets(r: NumericSketch, c: NumericSketch): Cell[] {
  const bits = Math.min(r.bits, c.bits);
  if (r.bits !== bits) (r = r.clone()).coarsen(bits);
  if (c.bits !== bits) (c = c.clone()).coarsen(bits);
  const a = r.buckets();
  const b = c.buckets();
  const out: Cell[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].lo < b[j].lo)) {
      out.push({ lo: a[i].lo, hi: a[i].hi, rc: a[i].count, rs: a[i].sum, cc: 0, cs: 0 });
      i++;
    } else if (i >= a.length || b[j].lo < a[i].lo) {
      out.push({ lo: b[j].lo, hi: b[j].hi, rc: 0, rs: 0, cc: b[j].count, cs: b[j].sum });
      j++;
    } else {
      out.push({ lo: a[i].lo, hi: a[i].hi, rc: a[i].count, rs: a[i].sum, cc: b[j].count, cs: b[j].sum });
      i++;
      j++;
    }
  }
  return out;
}

/** KS statistic over bucket edges, and the bound on its distance from the exact one. */
export function sketchKs(cells: Cell[], nr: number, nc: number): { statistic: number; bound: number } {
  let cr = 0;
  let cc = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  let bound = 0;
  for (const x of cells) {
    cr += x.rc;
    cc += x.cc;
    const diff = cr / nr - cc / nc;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
    bound = Math.max(bound, x.rc / nr, x.cc / nc);
  }
  const m = Math.min(Math.max(-minS, 0), 1);
  return { statistic: m > maxS ? m : maxS, bound };
}

/** W1 between the bucket-mean atoms of both sides, and the bound on its error. */
export function sketchWasserstein(cells: Cell[], nr: number, nc: number): { distance: number; bound: number } {
  const atoms: { v: number; r: number; c: number }[] = [];
  let bound = 0;
  for (const x of cells) {
    const here: { v: number; r: number; c: number }[] = [];
    if (x.rc) here.push({ v: x.rs / x.rc, r: x.rc / nr, c: 0 });
    if (x.cc) here.push({ v: x.cs / x.cc, r: 0, c: x.cc / nc });
    here.sort((p, q) => p.v - q.v);
    atoms.push(...here);
    bound += (x.rc / nr + x.cc / nc) * (x.hi - x.lo);
  }
  let fr = 0;
  let fc = 0;
  let w = 0;
  for (let k = 0; k < atoms.length - 1; k++) {
    fr += atoms[k].r;
    fc += atoms[k].c;
    w += Math.abs(fr - fc) * (atoms[k + 1].v - atoms[k].v);
  }
  return { distance: w, bound };
}

/** Running totals per side, so a mass below x or a quantile is a binary search, not a scan. */
const prefixes = new WeakMap<Cell[], { rc: Float64Array; cc: Float64Array }>();
function prefixOf(cells: Cell[], side: 'rc' | 'cc'): Float64Array {
  let p = prefixes.get(cells);
  if (!p) {
    p = { rc: new Float64Array(cells.length + 1), cc: new Float64Array(cells.length + 1) };
    for (let k = 0; k < cells.length; k++) {
      p.rc[k + 1] = p.rc[k] + cells[k].rc;
      p.cc[k + 1] = p.cc[k] + cells[k].cc;
    }
    prefixes.set(cells, p);
  }
  return p[side];
}

/** Count of values below x, spreading each bucket's count evenly over its (clipped) range. */
function massBelow(cells: Cell[], side: 'rc' | 'cc', x: number, min: number, max: number): number {
  const prefix = prefixOf(cells, side);
  // first cell whose upper edge is above x: every cell before it lies wholly below x
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cells[mid].hi <= x) lo = mid + 1;
    else hi = mid;
  }
  let m = prefix[lo];
  if (lo < cells.length) {
    const cell = cells[lo];
    const n = cell[side];
    const a = Math.max(cell.lo, min);
    const b = Math.min(cell.hi, max);
    if (b <= a) {
      if (a < x) m += n;
    } else if (x >= b) m += n;
    else if (x > a) m += (n * (x - a)) / (b - a);
  }
  return m;
}

/** The q-quantile of one side, interpolating linearly inside a bucket. */
function sketchQuantile(cells: Cell[], side: 'rc' | 'cc', n: number, q: number, min: number, max: number): number {
  const prefix = prefixOf(cells, side);
  const target = q * n;
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prefix[mid + 1] < target) lo = mid + 1;
    else hi = mid;
  }
  while (lo < cells.length && cells[lo][side] === 0) lo++;
  if (lo >= cells.length) return max;
  const cell = cells[lo];
  const a = Math.max(cell.lo, min);
  const b = Math.min(cell.hi, max);
  return a + ((b - a) * (target - prefix[lo])) / cell[side];
}

function binShares(cells: Cell[], side: 'rc' | 'cc', edges: number[], n: number, min: number, max: number): number[] {
  const below = edges.map((e) => massBelow(cells, side, e, min, max));
  below[below.length - 1] = n;
  below[0] = 0;
  return below.slice(1).map((b, k) => (b - below[k]) / n);
}

function summary(s: NumericSketch, missing: number, cells: Cell[], side: 'rc' | 'cc'): NumericSummary {
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
    if (cells.filter((x) => x.rc).length <= 20) {
      return jensenShannonDistance(fillZeroShares(cells.map((x) => x.rc / nr)), fillZeroShares(cells.map((x) => x.cc / nc)));
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
      const t = chosen.method === 'ztest' ? proportionsZTest(cells.map((x) => x.rc), cells.map((x) => x.cc)) : chiSquareGoodnessOfFit(cells.map((x) => x.rc), cells.map((x) => x.cc));
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
  });
}
