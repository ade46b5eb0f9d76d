// Sketch mode: the documented error bounds hold against the exact statistics on many random
// samples, merging equals one pass, a profile survives JSON, and memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericSketch, profileFromJson, profileToJson, SketchSink } from '../../../../src/core/drift/sketch';
import { alignBuckets, compareProfiles, sketchKs, sketchWasserstein } from '../../../../src/core/drift/sketch-compare';
import { ksStatistic, populationStd, wassersteinDistance } from '../../../../src/core/drift/statistics';
import { PonteError } from '../../../../src/core/errors';

let seed = 11;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
const normal = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());

const generators: Record<string, (shift: number) => number> = {
  normal: (s) => 100 + 15 * normal() + s,
  lognormal: (s) => Math.exp(normal() * (0.5 + s / 10)),
  uniform: (s) => rand() * 2 - 1 + s / 10,
  discrete: (s) => Math.floor(rand() * (5 + s)),
  mixed: (s) => (rand() < 0.3 ? 0 : normal() * 1e-3 + s),
};

function sample(gen: (s: number) => number, n: number, shift: number): Float64Array {
  return Float64Array.from({ length: n }, () => gen(shift)).sort();
}

function sketchOf(values: Float64Array): NumericSketch {
  const s = new NumericSketch();
  for (const v of values) s.add(v);
  return s;
}

test('KS and Wasserstein from sketches stay within their reported bounds', () => {
  for (const [name, gen] of Object.entries(generators)) {
    for (const [n1, n2, shift] of [[2000, 3000, 0], [5000, 1000, 1], [800, 800, 3]]) {
      const a = sample(gen, n1, 0);
      const b = sample(gen, n2, shift);
      const ra = sketchOf(a);
      const rb = sketchOf(b);
      const cs = alignBuckets(ra, rb);
      const ks = sketchKs(cs, n1, n2);
      const exactKs = ksStatistic(a, b);
      assert.ok(ks.statistic <= exactKs + 1e-12, `${name}: KS from bucket edges never exceeds the exact one`);
      assert.ok(exactKs - ks.statistic <= ks.bound + 1e-12, `${name}: KS error ${exactKs - ks.statistic} > bound ${ks.bound}`);
      const w = sketchWasserstein(cs, n1, n2);
      const exactW = wassersteinDistance(a, b);
      assert.ok(Math.abs(w.distance - exactW) <= w.bound + 1e-12, `${name}: W error ${Math.abs(w.distance - exactW)} > bound ${w.bound}`);
      // the bounds are useful, not vacuous: about 2^-10 of the values' size
      assert.ok(w.bound <= 2 ** -9 * (Math.max(Math.abs(a[0]), Math.abs(a[n1 - 1]), Math.abs(b[0]), Math.abs(b[n2 - 1])) + 1e-9), `${name}: bound ${w.bound}`);
    }
  }
});

test('count, mean, std, min and max are exact', () => {
  const a = sample(generators.normal, 10000, 0);
  const s = sketchOf(a);
  assert.equal(s.count, 10000);
  assert.equal(s.min, a[0]);
  assert.equal(s.max, a[a.length - 1]);
  const mean = a.reduce((x, y) => x + y, 0) / a.length;
  assert.ok(Math.abs(s.mean - mean) < 1e-9);
  assert.ok(Math.abs(s.std - populationStd(a)) < 1e-9);
});

test('merging sketches equals sketching everything at once', () => {
  const a = sample(generators.lognormal, 3000, 0);
  const b = sample(generators.normal, 2000, 0);
  const whole = sketchOf(Float64Array.from([...a, ...b]));
  const merged = sketchOf(a);
  merged.merge(sketchOf(b));
  assert.equal(merged.count, whole.count);
  assert.deepEqual(merged.buckets().map((x) => [x.lo, x.count]), whole.buckets().map((x) => [x.lo, x.count]));
  assert.ok(Math.abs(merged.std - whole.std) < 1e-9 * whole.std);
});

test('values spread over many magnitudes coarsen the sketch instead of growing it', () => {
  const s = new NumericSketch();
  for (let e = -300; e <= 300; e++) s.add(10 ** e);
  assert.ok(s.bits < 10, `bits ${s.bits}`);
  assert.equal(s.count, 601);
  assert.equal(s.buckets().reduce((n, b) => n + b.count, 0), 601);
});

test('a profile survives JSON and compares like the live sketches', () => {
  const sink = new SketchSink();
  sink.begin([{ name: 'x', kind: 'numeric' }, { name: 'c', kind: 'categorical' }]);
  const values = Float64Array.from({ length: 5001 }, (_, i) => (i === 5000 ? NaN : generators.normal(0)));
  sink.numbers(0, values, 5001);
  sink.categories(1, Int32Array.from({ length: 5001 }, (_, i) => (i === 5000 ? -1 : i % 3)), 5001);
  sink.end(5001, [undefined, ['a', 'b', 'c']]);
  const profile = { file: 'ref.csv', rows: sink.rows, columns: sink.columns };
  const back = profileFromJson(JSON.stringify(profileToJson(profile)), 'ref.profile.json');
  const live = compareProfiles(profile, profile, { stats: 'all' });
  const restored = compareProfiles(back, profile, { stats: 'all' });
  assert.deepEqual(restored.columns.map((c) => [c.column, c.statistic, c.drifted]), live.columns.map((c) => [c.column, c.statistic, c.drifted]));
  assert.equal(live.columns[0].statistic, 0);
  assert.equal(back.columns[0].kind === 'numeric' && back.columns[0].missing, 1);
});

test('a broken or foreign profile is a clear error', () => {
  assert.throws(() => profileFromJson('{', 'p.json'), (e: unknown) => e instanceof PonteError && e.code === 'drift.profile.invalid' && e.file === 'p.json');
  assert.throws(() => profileFromJson('{"format":"other"}', 'p.json'), (e: unknown) => e instanceof PonteError && e.code === 'drift.profile.invalid');
  assert.throws(
    () => profileFromJson('{"format":"ponte-drift-profile","version":99,"columns":[]}', 'p.json'),
    (e: unknown) => e instanceof PonteError && e.code === 'drift.profile.version',
  );
});
