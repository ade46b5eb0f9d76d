// Route matching: params, 404 and 405, and path segments that must never reach a handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../../src/server/router';

const r = new Router<null>()
  .add('GET', '/api/v1/runs/:id', async () => ({}))
  .add('POST', '/api/v1/runs/:id/metrics', async () => ({}));

test('matches and decodes parameters once', () => {
  assert.deepEqual(r.match('GET', '/api/v1/runs/abc%3A1').params, { id: 'abc:1' });
  assert.equal(r.match('POST', '/api/v1/runs/x/metrics').route.pattern, '/api/v1/runs/:id/metrics');
});

test('unknown paths are 404, known paths with another method 405, bad escapes 400', () => {
  assert.throws(() => r.match('GET', '/api/v1/nothing'), (e: Error & { status?: number }) => e.status === 404);
  assert.throws(() => r.match('DELETE', '/api/v1/runs/x'), (e: Error & { status?: number }) => e.status === 405);
  assert.throws(() => r.match('GET', '/api/v1/runs/%E0%A4%A'), (e: Error & { status?: number }) => e.status === 400);
});

test('dot segments and encoded slashes never become a parameter', () => {
  for (const p of ['/api/v1/runs/%2e%2e', '/api/v1/runs/.', '/api/v1/runs/a%2Fb']) {
    assert.throws(() => r.match('GET', p), (e: Error & { status?: number }) => e.status === 404, p);
  }
});
