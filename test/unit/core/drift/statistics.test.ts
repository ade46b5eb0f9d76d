// Drift statistics on small inputs, checked against values scipy 1.10 printed for the same data
// (the randomized comparison with a live scipy is in test/integration/drift/scipy.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  jensenShannonDistance,
  ksTest,
  populationStd,
  proportionsZTest,
  psi,
  quantileSorted,
  sturgesEdges,
  wassersteinDistance,
} from '../../../../src/core/drift/statistics';
import { chiSquareSf, gammaP, gammaQ, logGamma, normalSf } from '../../../../src/core/drift/special';
import { kolmogorovSf, ksTwoSamplePValue } from '../../../../src/core/drift/kolmogorov';
import { sortFloat64 } from '../../../../src/core/drift/radix-sort';

const close = (actual: number, expected: number, rel = 1e-12, what = '') =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${what} ${actual} vs ${expected}`);
const sorted = (xs: number[]) => Float64Array.from(xs).sort();

const A = sorted([0.1, 0.5, 0.5, 2.0, 3.5, -1.0, 0.7]);
const B = sorted([0.2, 0.5, 1.5, 2.5, 2.5, 4.0]);

test('KS statistic and exact p-value match ks_2samp', () => {
  const r = ksTest(A, B);
  assert.equal(r.statistic, 0.38095238095238093);
  close(r.pValue, 0.6223776223776224, 1e-12);
  assert.equal(r.method, 'exact');
});

test('KS p-values on the exact and asymptotic paths match scipy', () => {
  close(ksTwoSamplePValue(0.2, 50, 70).pValue, 0.16898185316263306);
  close(ksTwoSamplePValue(0.05, 1000, 1000).pValue, 0.16411447756429137);
  close(ksTwoSamplePValue(0.013, 9000, 10000).pValue, 0.39608481215290886, 1e-10);
  // kstwo.sf(x, n) across its algorithm regions
  const cases: [number, number, number][] = [
    [5, 0.3, 0.664], [50, 0.1, 0.6623112704658186], [50, 0.3, 0.00017353260202718738], [141, 0.1, 0.11128445516467944],
    [1000, 0.05, 0.013012074781090332], [500000, 0.001, 0.6989801443663661], [500000, 0.003, 0.00024632301239186754],
    [10, 0.7, 1.9544800000000034e-05],
  ];
  for (const [n, x, p] of cases) close(kolmogorovSf(n, x), p, 1e-8, `kstwo.sf(${x}, ${n})`);
});

test('Wasserstein, std and quantiles match scipy and numpy', () => {
  close(wassersteinDistance(A, B), 0.9666666666666666);
  close(populationStd(A), 1.340575569351783);
  close(quantileSorted(A, 0.3), 0.41999999999999993, 0);
});

test('chi-square (both variants) and Jensen–Shannon match scipy', () => {
  const ct = chiSquareContingency([10, 20, 30], [15, 15, 40]);
  close(ct.statistic, 2.3877551020408165);
  close(ct.pValue, 0.30304391468510006);
  const yates = chiSquareContingency([10, 20], [15, 15]);
  close(yates.statistic, 1.0971428571428572);
  close(yates.pValue, 0.2948939838180841);
  const gof = chiSquareGoodnessOfFit([10, 20, 30], [15, 15, 40]);
  close(gof.statistic, 4.642857142857142);
  close(gof.pValue, 0.09813329499921794);
  close(jensenShannonDistance([0.2, 0.3, 0.5], [0.1, 0.6, 0.3]), 0.21590133005580303);
  assert.equal(jensenShannonDistance([1, 2], [2, 4]), 0);
});

test('special functions hold their accuracy', () => {
  close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
  close(logGamma(101), 363.73937555556347, 1e-14);
  close(chiSquareSf(3.2, 1), 0.07363827012030258, 1e-13);
  close(chiSquareSf(100, 49), 2.3646111089850406e-05, 1e-12);
  close(chiSquareSf(1000, 4), 3.5694127797773694e-215, 1e-12);
  close(normalSf(1.5), 0.06680720126885807, 1e-13);
  close(normalSf(-0.3), 0.6179114221889526, 1e-14);
  close(normalSf(9), 1.1285884059538324e-19, 1e-12);
  close(gammaP(3, 2) + gammaQ(3, 2), 1, 1e-15);
});

test('z-test for proportions and its degenerate cases', () => {
  const t = proportionsZTest([30, 70], [50, 50]);
  // p1 = .3, p2 = .5, pooled .4: z = -0.2 / sqrt(.24 * .02)
  close(t.statistic, -0.2 / Math.sqrt(0.24 * 0.02), 1e-14);
  close(t.pValue, 2 * normalSf(Math.abs(t.statistic)), 1e-14);
  assert.deepEqual(proportionsZTest([10, 0], [5, 0]), { statistic: 0, pValue: 1 });
});

test('PSI: identical samples give 0; shifted samples give the hand-computed value', () => {
  const r = sorted(Array.from({ length: 100 }, (_, i) => i));
  assert.equal(psi(r, r), 0);
  const c = sorted(Array.from({ length: 100 }, (_, i) => i + 1000));
  // every current value falls in the top bin: 9 bins at 1e-4 against 0.1, one at 1 against 0.1
  const expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
  close(psi(r, c), expected, 1e-12);
});

test('Sturges edges follow numpy (equal values widen to ±0.5)', () => {
  assert.deepEqual(sturgesEdges(3, 3, 10), [2.5, 3.5]);
  const e = sturgesEdges(0, 1, 1000);
  assert.equal(e.length, 12);
  assert.equal(e[e.length - 1], 1);
});

test('the radix sort orders doubles like the built-in sort, signs and zeros included', () => {
  let seed = 3;
  const rand = () => ((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32);
  const n = 50000;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6);
  a[0] = -0;
  a[1] = 0;
  a[2] = -Infinity;
  a[3] = Infinity;
  a[4] = Number.MIN_VALUE;
  const b = a.slice().sort();
  sortFloat64(a);
  for (let i = 0; i < n; i++) assert.ok(Object.is(a[i], b[i]), `at ${i}: ${a[i]} vs ${b[i]}`);
});
