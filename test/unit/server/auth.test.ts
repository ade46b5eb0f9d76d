// Tokens and binds: the bearer check and the rule that a non-loopback bind needs a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { tokenMatches } from '../../../src/server/auth';
import { resolveServeOptions } from '../../../src/server/options';

const req = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

test('only the exact bearer token passes', () => {
  assert.ok(tokenMatches(req('Bearer abc123'), 'abc123'));
  assert.ok(tokenMatches(req('bearer abc123'), 'abc123'));
  for (const h of [undefined, '', 'Bearer', 'Bearer abc12', 'Bearer abc1234', 'Basic abc123', 'abc123']) assert.ok(!tokenMatches(req(h), 'abc123'), String(h));
});

test('a non-loopback bind needs a token; PONTE_TOKEN counts', () => {
  assert.throws(() => resolveServeOptions({ host: '0.0.0.0' }, {}, 7777), (e: Error & { code?: string }) => e.code === 'serve.token_required');
  assert.equal(resolveServeOptions({ host: '0.0.0.0' }, { PONTE_TOKEN: 't' }, 7777).token, 't');
  assert.equal(resolveServeOptions({}, {}, 7777).host, '127.0.0.1');
  assert.equal(resolveServeOptions({}, {}, 7777).port, 7777);
});
