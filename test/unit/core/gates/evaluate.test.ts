import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGates } from '../../../../src/core/gates';

const rules = [
  { metric: 'accuracy', text: '>= 0.85', line: 3 },
  { metric: 'f1', text: '>= production - 0.02', line: 4 },
  { metric: 'latency_ms', text: '< 200', line: 5 },
];

test('absolute and relative rules pass with value, threshold and production shown', () => {
  const r = evaluateGates(rules, { accuracy: 0.9, f1: 0.75, latency_ms: 120 }, { metrics: { f1: 0.76 }, ref: 'churn v2' });
  assert.equal(r.passed, true);
  assert.deepEqual(r.verdicts.map((v) => v.verdict), ['pass', 'pass', 'pass']);
  const f1 = r.verdicts[1];
  assert.equal(f1.production, 0.76);
  assert.ok(Math.abs(f1.threshold! - 0.74) < 1e-12);
  assert.match(f1.reason, /f1 = 0.75 satisfies >= 0.74 \(production 0.76\)/);
  assert.equal(r.productionRef, 'churn v2');
});

test('a failing rule fails the gate and says why', () => {
  const r = evaluateGates(rules, { accuracy: 0.8, f1: 0.7, latency_ms: 250 }, { metrics: { f1: 0.76 }, ref: 'churn v2' });
  assert.equal(r.passed, false);
  assert.deepEqual(r.verdicts.map((v) => v.verdict), ['fail', 'fail', 'fail']);
  assert.match(r.verdicts[0].reason, /accuracy = 0.8 does not satisfy >= 0.85/);
});

test('no production model: relative rules are skipped, not failed', () => {
  const r = evaluateGates(rules, { accuracy: 0.9, f1: 0.7, latency_ms: 1 });
  assert.equal(r.passed, true);
  assert.equal(r.verdicts[1].verdict, 'skip');
  assert.match(r.verdicts[1].reason, /no production model/);
});

test('a missing metric and an unparsable rule fail with a reason', () => {
  const r = evaluateGates([{ metric: 'recall', text: '>= 0.5' }, { metric: 'accuracy', text: 'at least 0.8' }], { accuracy: 0.9 });
  assert.equal(r.passed, false);
  assert.match(r.verdicts[0].reason, /no metric "recall" \(it has: accuracy\)/);
  assert.match(r.verdicts[1].reason, /does not parse/);
});
