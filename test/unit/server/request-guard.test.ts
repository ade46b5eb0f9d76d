// The request checks as plain functions: Host values, Origin and Sec-Fetch-Site against the
// request's own origin, request targets, which requests carry a body, and the media type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBrowserOrigin, checkHost, checkMediaType, checkRequestTarget, hasBody } from '../../../src/server/request-guard';

const status = (f: () => unknown) => {
  try {
    f();
    return 0;
  } catch (e) {
    return (e as { status?: number }).status;
  }
};

test('Host: one value, host[:port], loopback or allowed', () => {
  const allowed = new Set(['ponte.example.org']);
  assert.equal(checkHost(['127.0.0.1:1'], allowed), '127.0.0.1:1');
  assert.equal(status(() => checkHost(['PONTE.example.org:8'], allowed)), 0);
  assert.equal(status(() => checkHost([], allowed)), 400);
  assert.equal(status(() => checkHost(['127.0.0.1', '127.0.0.1'], allowed)), 400);
  assert.equal(status(() => checkHost(['[::1%25lo]'], allowed)), 400);
  assert.equal(status(() => checkHost(['evil.example'], allowed)), 403);
  assert.equal(status(() => checkHost(['x.ponte.example.org'], allowed)), 403);
});

test('Origin is refused unless it is exactly http(s):// plus the Host; Sec-Fetch-Site only same-origin or none', () => {
  assert.equal(status(() => checkBrowserOrigin('127.0.0.1:7', undefined, undefined)), 0);
  assert.equal(status(() => checkBrowserOrigin('127.0.0.1:7', 'http://127.0.0.1:7', 'same-origin')), 0);
  assert.equal(status(() => checkBrowserOrigin('ponte.example.org', 'https://ponte.example.org', undefined)), 0);
  assert.equal(status(() => checkBrowserOrigin('localhost:80', 'http://localhost', undefined)), 0, 'a default port is not written in an origin');
  for (const origin of ['null', 'http://evil.example', 'http://127.0.0.1:8', 'http://127.0.0.1:7/', 'file://', '']) {
    assert.equal(status(() => checkBrowserOrigin('127.0.0.1:7', origin, undefined)), 403, origin);
  }
  for (const site of ['cross-site', 'same-site', 'x']) assert.equal(status(() => checkBrowserOrigin('127.0.0.1:7', undefined, site)), 403, site);
  assert.equal(status(() => checkBrowserOrigin('127.0.0.1:7', undefined, 'none')), 0);
});

test('targets: a path, decoded once, with no dot, empty or slash-bearing segment', () => {
  for (const t of ['/', '/api/v1/runs', '/api/v1/runs/', '/api/v1/runs/abc%3A1?x=..', '/api/v1/runs/a.b', '/api/v1/runs/...', '/api/v1/runs/%25']) assert.equal(status(() => checkRequestTarget(t)), 0, t);
  for (const t of ['*', 'http://x/', 'x:1', '/a/%2e%2E/b', '/a/./b', '/a//b', '/a\\b', '/a/%5C', '/a/%2f', '/a/%252e', '/a/%E0%A4%A', '/%2e']) assert.equal(status(() => checkRequestTarget(t)), 400, t);
});

test('POST, PUT and PATCH always have a body; other methods when they declare one; JSON only', () => {
  for (const m of ['POST', 'PUT', 'PATCH']) assert.ok(hasBody(m, {}), m);
  assert.ok(!hasBody('GET', {}));
  assert.ok(!hasBody('DELETE', { 'content-length': '0' }));
  assert.ok(hasBody('DELETE', { 'content-length': '2' }));
  assert.ok(hasBody('GET', { 'transfer-encoding': 'chunked' }));
  for (const t of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) assert.equal(status(() => checkMediaType(t)), 0, t);
  for (const t of [undefined, '', 'text/plain', 'application/jsonx', 'multipart/form-data', 'application/x-www-form-urlencoded']) assert.equal(status(() => checkMediaType(t)), 415, String(t));
});
