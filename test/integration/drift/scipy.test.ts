// Acceptance against scipy (Debian's python3-scipy, one Python process per test): randomized
// samples of many sizes and distributions, with ties and missing values. The KS statistic must be
// identical; its p-value within 1e-6 where scipy is exact (both sizes <= 10,000) and 1e-3 where it
// is asymptotic; Wasserstein, chi-square and Jensen–Shannon within 1e-9 relative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  jensenShannonCategorical,
  jensenShannonNumeric,
  ksTest,
  populationStd,
  proportionsZTest,
  psi,
  wassersteinDistance,
} from '../../../src/core/drift/statistics';
import { sortFloat64 } from '../../../src/core/drift/radix-sort';

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'test/fixtures/drift/scipy_reference.py');

type Ref = Record<string, number | boolean>;
function scipy(doc: unknown): { numeric: Ref[]; categorical: Ref[] } {
  const out = execFileSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify(doc), maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(out.toString()) as { numeric: Ref[]; categorical: Ref[] };
}

let seed = 20260601;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
const normal = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());

// Values are rounded to a few decimals as a CSV would hold them: that also makes ties.
const distributions: Record<string, (shift: number) => number> = {
  normal: (s) => Number((normal() + s).toFixed(4)),
  uniform: (s) => Number((rand() * 10 + s).toFixed(3)),
  exponential: (s) => Number((-Math.log(rand()) * (1 + s)).toFixed(5)),
  integers: (s) => Math.floor(rand() * (6 + 3 * s)), // heavy ties
  lognormal: (s) => Number(Math.exp(normal() * (1 + s / 4)).toFixed(6)),
  bimodal: (s) => Number((rand() < 0.3 + s / 10 ? normal() + 4 : normal()).toFixed(4)),
};

function draw(gen: (s: number) => number, n: number, shift: number, missing: number): (number | null)[] {
  return Array.from({ length: n }, () => (rand() < missing ? null : gen(shift)));
}

function finiteSorted(xs: (number | null)[]): Float64Array {
  return sortFloat64(Float64Array.from(xs.filter((x): x is number => x !== null)));
}

function relClose(actual: number, expected: number, rel: number, what: string): void {
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  const scale = Math.max(Math.abs(expected), 1e-300);
  assert.ok(Math.abs(actual - expected) <= rel * scale, `${what}: ${actual} vs scipy ${expected} (rel ${(Math.abs(actual - expected) / scale).toExponential(2)})`);
}

test('numeric statistics match scipy on randomized samples', () => {
  const sizes: [number, number][] = [
    [1, 1], [1, 7], [3, 3], [5, 8], [20, 20], [37, 53], [100, 100], [250, 173], [999, 1001], [1000, 1000],
    [2500, 1200], [4096, 4096], [7000, 3000], [9999, 10000], [10000, 10001], [12000, 8000], [30000, 25000],
  ];
  const cases: { name: string; a: (number | null)[]; b: (number | null)[] }[] = [];
  for (const [name, gen] of Object.entries(distributions)) {
    for (const [n1, n2] of sizes) {
      const shift = rand() < 0.5 ? 0 : rand() * 0.5;
      const missing = rand() < 0.3 ? 0.05 : 0;
      const a = draw(gen, n1, 0, missing);
      const b = draw(gen, n2, shift, missing);
      if (!a.some((x) => x !== null) || !b.some((x) => x !== null)) continue;
      cases.push({ name: `${name} ${n1}x${n2} shift ${shift.toFixed(2)} missing ${missing}`, a, b });
    }
  }
  const ref = scipy({ numeric: cases.map(({ a, b }) => ({ a, b })) }).numeric;
  let exact = 0;
  let asymptotic = 0;
  cases.forEach((c, i) => {
    const a = finiteSorted(c.a);
    const b = finiteSorted(c.b);
    const r = ref[i];
    const ks = ksTest(a, b);
    assert.equal(ks.statistic, r.ks_statistic, `${c.name}: KS statistic`);
    if (r.ks_exact) {
      exact++;
      assert.equal(ks.method, 'exact', c.name);
      assert.ok(Math.abs(ks.pValue - (r.ks_pvalue as number)) <= 1e-6, `${c.name}: exact KS p ${ks.pValue} vs ${r.ks_pvalue}`);
    } else {
      asymptotic++;
      assert.equal(ks.method, 'asymptotic', c.name);
      assert.ok(Math.abs(ks.pValue - (r.ks_pvalue as number)) <= 1e-3, `${c.name}: asymptotic KS p ${ks.pValue} vs ${r.ks_pvalue}`);
    }
    const w = wassersteinDistance(a, b);
    relClose(w, r.wasserstein as number, 1e-9, `${c.name}: wasserstein`);
    relClose(w / Math.max(populationStd(a), 0.001), r.wasserstein_normed as number, 1e-9, `${c.name}: wasserstein normed`);
    relClose(jensenShannonNumeric(a, b), r.jensenshannon as number, 1e-9, `${c.name}: jensenshannon`);
    relClose(psi(a, b), r.psi as number, 1e-9, `${c.name}: psi`);
  });
  assert.ok(exact > 50 && asymptotic > 15, `both KS paths covered: ${exact} exact, ${asymptotic} asymptotic`);
});

test('categorical statistics match scipy on randomized count tables', () => {
  const cases: { r: number[]; c: number[] }[] = [];
  for (let i = 0; i < 120; i++) {
    const k = [2, 2, 3, 5, 12, 50][i % 6];
    const big = i % 4 === 0 ? 100000 : 300;
    const r = Array.from({ length: k }, () => 1 + Math.floor(rand() * big));
    const c = r.map((x) => Math.max(0, Math.round(x * (0.6 + rand() * 0.8) * (i % 3 === 0 ? 1.7 : 1))));
    if (i % 7 === 0) c[0] = 0; // a category gone from the current side
    if (!c.some((x) => x > 0)) c[1] = 1;
    cases.push({ r, c });
  }
  const ref = scipy({ categorical: cases }).categorical;
  cases.forEach(({ r, c }, i) => {
    const s = ref[i];
    const what = `table ${i} (${r.length} categories)`;
    const ct = chiSquareContingency(r, c);
    relClose(ct.statistic, s.chi2_contingency as number, 1e-9, `${what}: chi2_contingency`);
    relClose(ct.pValue, s.chi2_contingency_pvalue as number, 1e-9, `${what}: chi2_contingency p`);
    const gof = chiSquareGoodnessOfFit(r, c);
    relClose(gof.statistic, s.chisquare as number, 1e-9, `${what}: chisquare`);
    relClose(gof.pValue, s.chisquare_pvalue as number, 1e-9, `${what}: chisquare p`);
    relClose(jensenShannonCategorical(r, c), s.jensenshannon as number, 1e-9, `${what}: jensenshannon`);
    if (r.length === 2) {
      const z = proportionsZTest(r, c);
      relClose(z.statistic, s.z as number, 1e-9, `${what}: z`);
      relClose(z.pValue, s.z_pvalue as number, 1e-9, `${what}: z p`);
    }
  });
});

test('end to end: `ponte drift --stats all` on CSV files with missing cells matches scipy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-scipy-'));
  const cols = Object.keys(distributions);
  const n1 = 4000;
  const n2 = 3000;
  const data = { a: cols.map((c) => draw(distributions[c], n1, 0, 0.02)), b: cols.map((c) => draw(distributions[c], n2, 0.3, 0.02)) };
  const csv = (side: (number | null)[][], n: number) =>
    `${cols.join(',')}\n` + Array.from({ length: n }, (_, i) => side.map((col) => (col[i] === null ? (i % 2 ? '' : 'NA') : String(col[i]))).join(',')).join('\n') + '\n';
  writeFileSync(join(dir, 'ref.csv'), csv(data.a, n1));
  writeFileSync(join(dir, 'cur.csv'), csv(data.b, n2));
  let out: string;
  try {
    out = execFileSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'drift', '--reference', join(dir, 'ref.csv'), '--current', join(dir, 'cur.csv'), '--stats', 'all', '--json', '--method', 'ks'], { cwd: dir }).toString();
  } catch (e) {
    out = (e as { stdout: Buffer }).stdout.toString(); // exit 1: dataset drift
  }
  const report = JSON.parse(out) as { columns: { column: string; statistic: number; p_value: number; stats: Record<string, number> }[] };
  const ref = scipy({ numeric: cols.map((_, i) => ({ a: data.a[i], b: data.b[i] })) }).numeric;
  cols.forEach((name, i) => {
    const col = report.columns.find((c) => c.column === name)!;
    const r = ref[i];
    assert.equal(col.statistic, r.ks_statistic, `${name}: KS statistic`);
    assert.ok(Math.abs(col.p_value - (r.ks_pvalue as number)) <= 1e-6, `${name}: KS p`);
    for (const k of ['wasserstein', 'wasserstein_normed', 'jensenshannon', 'psi']) relClose(col.stats[k], r[k] as number, 1e-9, `${name}: ${k}`);
  });
});
