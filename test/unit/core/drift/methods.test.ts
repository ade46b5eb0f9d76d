// Method choice: Evidently's defaults for `auto`, per-column overrides, thresholds, decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoMethod, chooseMethod, isDrifted } from '../../../../src/core/drift/methods';
import { PonteError } from '../../../../src/core/errors';

test('auto follows Evidently: tests up to 1000 reference rows, distances above', () => {
  assert.equal(autoMethod({ kind: 'numeric', referenceRows: 1000, distinct: 100 }), 'ks');
  assert.equal(autoMethod({ kind: 'numeric', referenceRows: 1001, distinct: 100 }), 'wasserstein');
  assert.equal(autoMethod({ kind: 'categorical', referenceRows: 500, distinct: 3 }), 'chisquare');
  assert.equal(autoMethod({ kind: 'categorical', referenceRows: 500, distinct: 2 }), 'ztest');
  assert.equal(autoMethod({ kind: 'categorical', referenceRows: 5000, distinct: 2 }), 'jensenshannon');
  // a numeric column with at most 5 distinct values is treated as categorical
  assert.equal(autoMethod({ kind: 'numeric', referenceRows: 500, distinct: 5 }), 'chisquare');
  assert.equal(autoMethod({ kind: 'numeric', referenceRows: 5000, distinct: 4 }), 'jensenshannon');
});

test('thresholds: method defaults under auto, the global one with an explicit method, the column one first', () => {
  const facts = { kind: 'numeric' as const, referenceRows: 5000, distinct: 100 };
  assert.deepEqual(chooseMethod('x', facts, { method: 'auto', threshold: 0.3 }), { method: 'wasserstein', threshold: 0.1 });
  assert.deepEqual(chooseMethod('x', facts, { method: 'psi', threshold: 0.3 }), { method: 'psi', threshold: 0.3 });
  assert.deepEqual(chooseMethod('x', facts, { method: 'auto', columns: { x: { method: 'ks' } } }), { method: 'ks', threshold: 0.05 });
  assert.deepEqual(chooseMethod('x', facts, { columns: { x: { threshold: 0.2 } } }), { method: 'wasserstein', threshold: 0.2 });
});

test('methods that cannot apply are errors naming the column', () => {
  const cat = { kind: 'categorical' as const, referenceRows: 5000, distinct: 4 };
  assert.throws(() => chooseMethod('plan', cat, { method: 'ks' }), (e: unknown) => e instanceof PonteError && e.code === 'drift.method.not_for_categorical' && /plan/.test(e.message));
  assert.throws(() => chooseMethod('plan', cat, { method: 'ztest' }), (e: unknown) => e instanceof PonteError && e.code === 'drift.method.not_binary');
});

test('decisions: KS p <= t, chi-square and z p < t, distances >= t', () => {
  assert.equal(isDrifted('ks', 0.3, 0.05, 0.05), true);
  assert.equal(isDrifted('chisquare', 3, 0.05, 0.05), false);
  assert.equal(isDrifted('ztest', 3, 0.01, 0.05), true);
  assert.equal(isDrifted('wasserstein', 0.1, undefined, 0.1), true);
  assert.equal(isDrifted('jensenshannon', 0.09, undefined, 0.1), false);
});
