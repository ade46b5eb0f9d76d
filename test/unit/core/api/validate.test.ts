// The schema checker: each kind of wrong input is refused with the field's path in the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate, isTimestamp, type Schema } from '../../../../src/core/api/validate';
import { predictionsSchema, createRunSchema, driftReportInputSchema } from '../../../../src/core/api/schemas';

function refuses(schema: Schema, value: unknown, message: RegExp) {
  assert.throws(() => validate(schema, value, 'body'), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'api.invalid');
    assert.match(e.message, message);
    return true;
  });
}

const prediction = { id: 'p1', deployment: 'prod', features: { a: 1 }, prediction: 0.3, latencyMs: 2 };

test('a valid prediction batch passes', () => {
  validate(predictionsSchema, [prediction, { ...prediction, id: 'p2', status: 500, timestamp: '2026-01-01T00:00:00.123456Z' }], 'body');
});

test('wrong types, unknown and missing fields name the field', () => {
  refuses(predictionsSchema, [{ ...prediction, latencyMs: '2' }], /^body\[0\]\.latencyMs: expected a number, got string/);
  refuses(predictionsSchema, [{ ...prediction, extra: 1 }], /^body\[0\]\.extra: is not a known field/);
  const { id: _id, ...noId } = prediction;
  refuses(predictionsSchema, [noId], /^body\[0\]\.id: is required/);
  refuses(predictionsSchema, [], /needs at least 1/);
  refuses(predictionsSchema, {}, /expected an array, got an object/);
  refuses(createRunSchema, { project: 'p', gitDirty: 'yes' }, /body\.gitDirty: expected true or false/);
});

test('strings PostgreSQL cannot store are refused, in values and in keys', () => {
  refuses(predictionsSchema, [{ ...prediction, features: { a: 'x\u0000' } }], /features\.a: contains a NUL/);
  refuses(predictionsSchema, [{ ...prediction, features: { 'k\u0000': 1 } }], /key: contains a NUL/);
  refuses(predictionsSchema, [{ ...prediction, prediction: '\ud800' }], /lone UTF-16 surrogate/);
  validate(predictionsSchema, [{ ...prediction, prediction: '😀 é' }], 'body');
});

test('ids and names stay one safe path segment', () => {
  for (const id of ['a b', '../x', 'a/b', '', '.hidden', 'x'.repeat(201)]) refuses(predictionsSchema, [{ ...prediction, id }], /id/);
  refuses(createRunSchema, { project: 'my project' }, /project: has characters outside/);
});

test('numbers must be finite, integers safe, JSON not too deep', () => {
  refuses(predictionsSchema, [{ ...prediction, latencyMs: Infinity }], /expected a number/);
  refuses(predictionsSchema, [{ ...prediction, status: 2.5 }], /whole number/);
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  refuses(predictionsSchema, [{ ...prediction, prediction: deep }], /deeper than 32/);
});

test('timestamps are ISO 8601 and real dates', () => {
  assert.ok(isTimestamp('2026-01-31T12:00:00Z'));
  assert.ok(isTimestamp('2026-01-31T12:00:00.5+02:00'));
  assert.ok(!isTimestamp('2026-13-01'));
  assert.ok(!isTimestamp('yesterday'));
  assert.ok(!isTimestamp('1767225600'));
});

test('a drift report: null stands for a statistic JSON cannot hold; a broken one names the field', async () => {
  const column = { column: 'age', kind: 'numeric', method: 'chisquare', statistic: null, p_value: 0, threshold: 0.05, drifted: true, histogram: { kind: 'numeric', edges: [0, 1], reference: [1], current: [1] } };
  const report = { mode: 'exact', reference: { file: 'r.csv', rows: 1 }, current: { file: 'c.csv', rows: 1 }, columns: [column], summary: { columns: 1, drifted: 1, share: 1, share_threshold: 0.5, dataset_drift: true } };
  validate(driftReportInputSchema, { title: 'r → c', report }, 'body');
  refuses(driftReportInputSchema, { title: 'r → c', report: { ...report, columns: [{ ...column, statistic: 'big' }] } }, /^body\.report\.columns\[0\]\.statistic: expected a number or null, got string/);
  refuses(driftReportInputSchema, { title: 'r → c', report: { ...report, mode: 'rough' } }, /^body\.report\.mode: must be one of exact, sketch/);
  refuses(driftReportInputSchema, { title: 'r → c', report: { ...report, summary: { ...report.summary, share: 2 } } }, /^body\.report\.summary\.share: must be at most 1/);
  refuses(driftReportInputSchema, { title: 'r → c', report: { ...report, columns: [{ ...column, histogram: { kind: 'numeric', edges: [0, 1] } }] } }, /^body\.report\.columns\[0\]\.histogram: expected a histogram/);
  refuses(driftReportInputSchema, { report }, /^body\.title: is required/);
});
