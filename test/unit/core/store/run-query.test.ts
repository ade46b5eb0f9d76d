// The run filter language and its SQL: values are always parameters, never pasted into SQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRunSearch, parseRunFilter } from '../../../../src/core/store/run-query';
import { encodePageToken, decodePageToken } from '../../../../src/core/store/page-token';

test('parses conditions joined by and, with typed values', () => {
  assert.deepEqual(parseRunFilter(`metrics.acc >= 0.8 and status = 'finished' AND params.opt != "adam" and tags.ci = true`), [
    { field: 'metrics.acc', op: '>=', value: 0.8 },
    { field: 'status', op: '=', value: 'finished' },
    { field: 'params.opt', op: '!=', value: 'adam' },
    { field: 'tags.ci', op: '=', value: true },
  ]);
  assert.deepEqual(parseRunFilter('status=failed'), [{ field: 'status', op: '=', value: 'failed' }]);
  assert.deepEqual(parseRunFilter(''), []);
});

test('malformed filters say where', () => {
  assert.throws(() => parseRunFilter('metrics.acc >'), /expected a value after 'metrics.acc >' at offset 13/);
  assert.throws(() => parseRunFilter('metrics.acc 0.8'), /expected an operator/);
  assert.throws(() => parseRunFilter('a = 1 or b = 2'), /expected 'and' at offset 6/);
  assert.throws(() => parseRunFilter('a = 1 and'), /ends after 'and'/);
});

test('values and keys become parameters', () => {
  const q = buildRunSearch({ project: 'p', filter: `params.x = "a'); DROP TABLE runs; --"`, orderBy: { field: 'metrics.a"b' } }, 'r.id', 100);
  assert.ok(!q.sql.includes('DROP'));
  assert.ok(!q.sql.includes('a"b'));
  assert.ok(q.params.includes('a"b'));
  assert.match(q.sql, /LIMIT 101$/);
});

test('unknown fields and mistyped comparisons are refused', () => {
  assert.throws(() => buildRunSearch({ filter: 'color = red' }, 'r.id', 100), /'color' is not a run field/);
  assert.throws(() => buildRunSearch({ filter: 'metrics.acc > high' }, 'r.id', 100), /compares numbers/);
  assert.throws(() => buildRunSearch({ filter: 'createdAt > soon' }, 'r.id', 100), /compares timestamps/);
});

test('page tokens round-trip and tampered ones are refused', () => {
  const c = { v: '-Infinity', id: 'abc' };
  assert.deepEqual(decodePageToken(encodePageToken(c)), c);
  assert.equal(decodePageToken(undefined), undefined);
  assert.throws(() => decodePageToken('bm9wZQ'), /pageToken: is not a token/);
  assert.throws(() => decodePageToken(Buffer.from('{"v":{},"id":1}').toString('base64url')), /pageToken/);
});
