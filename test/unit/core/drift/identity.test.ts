// Columns that identify rows: whole numbers none repeated (tracked while a profile is folded,
// through table growth, and given up at the first fraction or repeat), text with a different value
// per row, and a saved profile that keeps the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifiesRows, MIN_ID_ROWS, UniqueIntegers, UNIQUE_TRACK_LIMIT } from '../../../../src/core/drift/identity';
import { profileFromJson, profileToJson, SketchSink } from '../../../../src/core/drift/sketch';

const feed = (values: number[]) => {
  const u = new UniqueIntegers();
  values.forEach((v) => u.add(v));
  return u.unique;
};

test('whole numbers none repeated are unique, through the table growing; a repeat or a fraction is not', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => 1_000_000_007 * (i % 2 ? -1 : 1) + i * 7919);
  assert.equal(feed(ids), true);
  assert.equal(feed([...ids, ids[4321]]), false, 'the repeat is found after 5000 values');
  assert.equal(feed([...ids.slice(0, 100), 2.5, ...ids.slice(100)]), false);
  assert.equal(feed([2 ** 40 + 1, 2 ** 40 + 1]), false, 'large integers collide on their value, not their hash');
  assert.equal(feed([2 ** 40 + 1, 2 ** 41 + 1, 1]), true);
});

test('past the tracking limit the verdict is kept and the table is dropped', () => {
  const u = new UniqueIntegers();
  for (let i = 0; i <= UNIQUE_TRACK_LIMIT + 10; i++) u.add(i);
  assert.equal(u.unique, true);
  u.add(0);
  assert.equal(u.unique, true, 'not stored any more: the first 65,536 distinct values decided');
});

test('a profile marks a whole-number id column, keeps the mark through JSON, and ignores short or repeating columns', () => {
  const sink = new SketchSink();
  sink.begin([{ name: 'order_no', kind: 'numeric' }, { name: 'age', kind: 'numeric' }, { name: 'customer_id', kind: 'categorical' }]);
  const n = 200;
  sink.numbers(0, Float64Array.from({ length: n }, (_, i) => 5000 + i * 3), n);
  sink.numbers(1, Float64Array.from({ length: n }, (_, i) => 20 + (i % 40)), n);
  sink.categories(2, Int32Array.from({ length: n }, (_, i) => i), n);
  sink.end(n, [undefined, undefined, Array.from({ length: n }, (_, i) => `C${i}`)]);
  const profile = { file: 'ref.csv', rows: n, columns: sink.columns };
  assert.deepEqual(profile.columns.map(identifiesRows), [true, false, true]);
  const back = profileFromJson(JSON.stringify(profileToJson(profile)), 'p.json');
  assert.deepEqual(back.columns.map(identifiesRows), [true, false, true]);

  const short = new SketchSink();
  short.begin([{ name: 'order_no', kind: 'numeric' }]);
  short.numbers(0, Float64Array.from({ length: MIN_ID_ROWS - 1 }, (_, i) => i), MIN_ID_ROWS - 1);
  short.end(MIN_ID_ROWS - 1, [undefined]);
  assert.equal(identifiesRows(short.columns[0]), false, 'too few rows to tell');
});

test('loaded columns (exact mode): whole numbers none repeated, text codes each used once', () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(identifiesRows({ name: 'n', kind: 'numeric', values, missing: 0 }), true);
  assert.equal(identifiesRows({ name: 'n', kind: 'numeric', values: Float64Array.from({ length: 100 }, (_, i) => i / 2), missing: 0 }), false);
  assert.equal(identifiesRows({ name: 'n', kind: 'numeric', values: Float64Array.from({ length: 100 }, (_, i) => i), missing: 3 }), false);
  const dictionary = Array.from({ length: 100 }, (_, i) => `C${i}`);
  assert.equal(identifiesRows({ name: 'c', kind: 'categorical', codes: Int32Array.from({ length: 100 }, (_, i) => 99 - i), dictionary, missing: 0 }), true);
  assert.equal(identifiesRows({ name: 'c', kind: 'categorical', codes: Int32Array.from({ length: 100 }, (_, i) => i % 99), dictionary, missing: 0 }), false);
  assert.equal(identifiesRows({ name: 'c', kind: 'categorical', codes: new Int32Array(0), dictionary, counts: Float64Array.from(dictionary, () => 1), missing: 0 }), true);
});
