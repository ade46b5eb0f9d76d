// Drift statistics, each written to give what scipy (and Evidently, which calls scipy) gives.
// Numeric ones take ascending-sorted Float64Arrays: a column is sorted once and every statistic
// walks it. Categorical ones take counts aligned on the same categories.
import { ksTwoSamplePValue } from './kolmogorov';
import { chiSquareSf, normalSf } from './special';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** #{x in sorted : x < v} */
export function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** #{x in sorted : x <= v} */
export function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The two-sided KS statistic exactly as ks_2samp forms it (the same divisions, the same max/min). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const minClipped = Math.min(Math.max(-minS, 0), 1);
  return minClipped > maxS ? minClipped : maxS;
}

/** ks_2samp(a, b) with the default method='auto', alternative='two-sided'. */
export function ksTest(a: Float64Array, b: Float64Array): TestResult & { method: 'exact' | 'asymptotic' } {
  const d = ksStatistic(a, b);
  const r = ksTwoSamplePValue(d, a.length, b.length);
  return { statistic: r.statistic, pValue: r.pValue, method: r.method };
}

/**
 * scipy.stats.wasserstein_distance(a, b): the area between the two empirical CDFs, summed over
 * the merged sorted values. One element per step with a select rather than a branch (the merge
 * order is random, so a branch mispredicts half the time): about 25% faster. The terms are all
 * positive, so a plain sum stays within n·eps (2e-10 for 2M values) of the exact one.
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  const r1 = 1 / n1;
  const r2 = 1 / n2;
  let i = 0;
  let j = 0;
  let sum = 0;
  let prev = Math.min(a[0], b[0]);
  // on [prev, v) the CDFs are i/n1 and j/n2: every consumed value is <= prev, the rest >= v
  while (i < n1 && j < n2) {
    const x = a[i];
    const y = b[j];
    const takeA = x <= y;
    const v = takeA ? x : y;
    sum += Math.abs(i * r1 - j * r2) * (v - prev);
    prev = v;
    i += takeA ? 1 : 0;
    j += takeA ? 0 : 1;
  }
  for (; i < n1; i++) {
    sum += Math.abs(i * r1 - j * r2) * (a[i] - prev);
    prev = a[i];
  }
  for (; j < n2; j++) {
    sum += Math.abs(i * r1 - j * r2) * (b[j] - prev);
    prev = b[j];
  }
  return sum;
}

export function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** numpy.std (population, ddof = 0), two passes. */
export function populationStd(values: Float64Array, m = mean(values)): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - m;
    s += d * d;
  }
  return Math.sqrt(s / values.length);
}

/** Evidently's normed Wasserstein distance: W1 / max(std(reference), 0.001). */
export function wassersteinNormed(reference: Float64Array, current: Float64Array, referenceStd = populationStd(reference)): number {
  return wassersteinDistance(reference, current) / Math.max(referenceStd, 0.001);
}

/** numpy.quantile(sorted, q) with the default 'linear' method, including numpy's lerp. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  if (virtual <= 0) return sorted[0];
  if (virtual >= n - 1) return sorted[n - 1];
  const prev = Math.floor(virtual);
  const t = virtual - prev;
  const a = sorted[prev];
  const b = sorted[prev + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export const PSI_BINS = 10;
export const PSI_EPSILON = 1e-4;

/**
 * Population Stability Index over 10 bins cut at the reference's deciles (numpy.quantile,
 * linear); the outer bins are open-ended; a bin share below 1e-4 is raised to 1e-4.
 */
export function psi(reference: Float64Array, current: Float64Array, bins = PSI_BINS, eps = PSI_EPSILON): number {
  const inner: number[] = [];
  for (let k = 1; k < bins; k++) inner.push(quantileSorted(reference, k * (1 / bins)));
  const shares = (sorted: Float64Array): number[] => {
    // bin k holds x with inner[k-1] <= x < inner[k] (numpy.searchsorted side='right')
    const atLeast = [sorted.length, ...inner.map((v) => sorted.length - lowerBound(sorted, v)), 0];
    const out: number[] = [];
    for (let k = 0; k < bins; k++) out.push(Math.max((atLeast[k] - atLeast[k + 1]) / sorted.length, eps));
    return out;
  };
  const r = shares(reference);
  const c = shares(current);
  let s = 0;
  for (let k = 0; k < bins; k++) s += (c[k] - r[k]) * Math.log(c[k] / r[k]);
  return s;
}

/** numpy.histogram_bin_edges(values, bins='sturges') for data spanning [min, max] with n values. */
export function sturgesEdges(min: number, max: number, n: number): number[] {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (max - min) / (Math.log2(n) + 1);
  const bins = width ? Math.ceil((hi - lo) / width) : 1;
  // numpy.linspace(lo, hi, bins + 1): i * step + lo, the last edge set to hi
  const step = (hi - lo) / bins;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i * step + lo);
  edges[bins] = hi;
  return edges;
}

/** numpy.histogram counts of sorted values over edges: [e_k, e_k+1) with the last bin closed. */
export function histogramSorted(sorted: Float64Array, edges: number[]): number[] {
  const out: number[] = [];
  const last = edges.length - 1;
  for (let k = 0; k < last; k++) {
    const from = lowerBound(sorted, edges[k]);
    const to = k === last - 1 ? upperBound(sorted, edges[last]) : lowerBound(sorted, edges[k + 1]);
    out.push(to - from);
  }
  return out;
}

/** Evidently's "feel zeroes": empty bins get min(nonzero share)/1e6 when that share is <= 1e-4, else 1e-4. */
export function fillZeroShares(shares: number[]): number[] {
  let min = Infinity;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  if (min === Infinity) return shares;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** scipy.spatial.distance.jensenshannon(p, q) with base e (natural logarithm). */
export function jensenShannonDistance(p: number[], q: number[]): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    js += relEntr(pi, m) + relEntr(qi, m);
  }
  return Math.sqrt(js / 2);
}

/**
 * Shares per bin the way Evidently bins a numeric column for Jensen–Shannon and PSI: Sturges
 * bins over both samples when the reference has more than 20 distinct values, else one bin per
 * distinct value; empty bins filled as `fillZeroShares` says.
 */
export function numericBinShares(reference: Float64Array, current: Float64Array): { reference: number[]; current: number[] } {
  const distinct = distinctSorted(reference);
  if (distinct.length > 20) {
    const edges = sturgesEdges(
      Math.min(reference[0], current[0]),
      Math.max(reference[reference.length - 1], current[current.length - 1]),
      reference.length + current.length,
    );
    return {
      reference: fillZeroShares(histogramSorted(reference, edges).map((c) => c / reference.length)),
      current: fillZeroShares(histogramSorted(current, edges).map((c) => c / current.length)),
    };
  }
  const counts = valueCountsSorted([reference, current]);
  return {
    reference: fillZeroShares(counts.reference.map((c) => c / reference.length)),
    current: fillZeroShares(counts.current.map((c) => c / current.length)),
  };
}

/** Evidently's Jensen–Shannon distance for a numeric column (natural log). */
export function jensenShannonNumeric(reference: Float64Array, current: Float64Array): number {
  const s = numericBinShares(reference, current);
  return jensenShannonDistance(s.reference, s.current);
}

export function distinctSorted(sorted: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]);
  return out;
}

/** Counts per distinct value over the union of two sorted samples (a numeric column treated as categories). */
export function valueCountsSorted([a, b]: [Float64Array, Float64Array]): { values: number[]; reference: number[]; current: number[] } {
  const values: number[] = [];
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    let ca = 0;
    let cb = 0;
    while (i < a.length && a[i] === v) {
      i++;
      ca++;
    }
    while (j < b.length && b[j] === v) {
      j++;
      cb++;
    }
    values.push(v);
    reference.push(ca);
    current.push(cb);
  }
  return { values, reference, current };
}

/**
 * Evidently's chi-square test: scipy.stats.chisquare(current counts, reference counts scaled to
 * the current total), k - 1 degrees of freedom. One category only: no test, p = 1.
 */
export function chiSquareGoodnessOfFit(reference: number[], current: number[]): TestResult {
  const k = reference.length;
  if (k < 2) return { statistic: 0, pValue: 1 };
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < k; i++) {
    nr += reference[i];
    nc += current[i];
  }
  const scale = nc / nr;
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const expected = reference[i] * scale;
    const d = current[i] - expected;
    stat += (d * d) / expected;
  }
  return { statistic: stat, pValue: chiSquareSf(stat, k - 1) };
}

/** scipy.stats.chi2_contingency on the 2 x k table [reference; current], Yates' correction when dof = 1. */
export function chiSquareContingency(reference: number[], current: number[]): TestResult & { dof: number } {
  const k = reference.length;
  const dof = k - 1;
  if (dof < 1) return { statistic: 0, pValue: 1, dof: 0 };
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < k; i++) {
    nr += reference[i];
    nc += current[i];
  }
  const total = nr + nc;
  let stat = 0;
  for (const [row, rowSum] of [
    [reference, nr],
    [current, nc],
  ] as const) {
    for (let i = 0; i < k; i++) {
      const expected = (rowSum * (reference[i] + current[i])) / total;
      let observed = row[i];
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      const d = observed - expected;
      stat += (d * d) / expected;
    }
  }
  return { statistic: stat, pValue: chiSquareSf(stat, dof), dof };
}

/**
 * Evidently's z-test for a binary column (difference of two proportions, pooled variance),
 * two-sided. Counts are of the two categories, aligned; both sides one and the same value: p = 1.
 */
export function proportionsZTest(reference: number[], current: number[]): TestResult {
  const n1 = reference[0] + (reference[1] ?? 0);
  const n2 = current[0] + (current[1] ?? 0);
  const p1 = reference[0] / n1;
  const p2 = current[0] / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * normalSf(Math.abs(z)) };
}

/** Jensen–Shannon distance between two categorical count vectors (shares with Evidently's zero fill). */
export function jensenShannonCategorical(reference: number[], current: number[]): number {
  const nr = reference.reduce((s, c) => s + c, 0);
  const nc = current.reduce((s, c) => s + c, 0);
  return jensenShannonDistance(
    fillZeroShares(reference.map((c) => c / nr)),
    fillZeroShares(current.map((c) => c / nc)),
  );
}
