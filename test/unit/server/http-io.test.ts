// Error mapping: every PonteError code family gets its status; anything else is a bare 500
// that says nothing of the internals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError } from '../../../src/core/errors';
import { errorResponse } from '../../../src/server/http-io';

test('codes map to statuses and the body carries code, message and hint', () => {
  const cases: [string, number][] = [
    ['api.invalid', 400],
    ['api.bad_json', 400],
    ['auth.required', 401],
    ['api.host_not_allowed', 403],
    ['api.cross_origin', 403],
    ['api.not_found', 404],
    ['api.method_not_allowed', 405],
    ['api.too_large', 413],
    ['api.unsupported_media_type', 415],
    ['store.unreachable', 503],
  ];
  for (const [code, status] of cases) assert.equal(errorResponse(new PonteError(code, 'm')).status, status, code);
  assert.deepEqual(errorResponse(new PonteError('api.invalid', 'body.x: bad', { hint: 'h' })).body, { error: { code: 'api.invalid', message: 'body.x: bad', hint: 'h' } });
});

test('database data exceptions are 400s; unknown errors are 500s without details', () => {
  assert.equal(errorResponse(Object.assign(new Error('date/time field value out of range'), { code: '22008' })).status, 400);
  assert.equal(errorResponse(Object.assign(new Error('duplicate key'), { code: '23505' })).status, 409);
  const r = errorResponse(new TypeError('x is undefined at /src/secret.ts:12'));
  assert.equal(r.status, 500);
  assert.doesNotMatch(r.body.error.message, /secret/);
});
