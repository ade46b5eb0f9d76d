// Host names as a browser reads them, what counts as loopback (for Host and for the bind rule),
// configured names, and the names a bind address adds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { allowedHostnames, canonicalHostname, isLoopbackBind, isLoopbackHostname, parseAllowedHost } from '../../../src/server/allowed-hosts';

test('hosts are read as the WHATWG URL parser reads them; anything but host[:port] is not a host', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1:7790', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0x7f.0.0.1:1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['LOCALHOST:7790', 'localhost'],
    ['localhost.', 'localhost.'],
    ['[0:0:0:0:0:0:0:1]:80', '[::1]'],
    ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]'],
    ['[::1%25lo]', undefined],
    ['[fe80::1%eth0]:1', undefined],
    ['::1', undefined],
    ['local%68ost', undefined],
    ['a@127.0.0.1', undefined],
    ['127.0.0.1:99999', undefined],
    ['127.0.0.1:', undefined],
    ['', undefined],
    ['ｌｏｃａｌｈｏｓｔ', undefined],
  ];
  for (const [value, expected] of cases) assert.equal(canonicalHostname(value), expected, value);
});

test('loopback is localhost, 127/8, ::1 and mapped 127/8, matched whole', () => {
  for (const h of ['localhost', '127.0.0.1', '127.255.0.9', '[::1]', '[::ffff:7f00:1]', '[::ffff:7f01:203]']) assert.ok(isLoopbackHostname(h), h);
  for (const h of ['localhost.', 'evil.localhost', '127.0.0.1.evil.example', '0.0.0.0', '[::]', '[::7f00:1]', '[::ffff:a00:1]', '128.0.0.1']) assert.ok(!isLoopbackHostname(h), h);
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackBind(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.4', '10.0.0.1', 'example.org', '127.0.0.1.example.org']) assert.ok(!isLoopbackBind(h), h);
});

test('configured names: canonical, with no port, wildcard or zone', () => {
  assert.equal(parseAllowedHost(' Ponte.Example.ORG ', '--allowed-host'), 'ponte.example.org');
  assert.equal(parseAllowedHost('::1', 'x'), '[::1]');
  assert.equal(parseAllowedHost('10.0.0.5', 'x'), '10.0.0.5');
  for (const bad of ['ponte.example.org:7777', '[::1]:80', '*.example.org', 'http://x', '', 'fe80::1%eth0']) {
    assert.throws(() => parseAllowedHost(bad, 'PONTE_ALLOWED_HOSTS'), (e: Error & { code?: string; hint?: string }) => e.code === 'usage.bad_allowed_host' && e.message.startsWith('PONTE_ALLOWED_HOSTS:') && /without a port/.test(e.hint ?? ''), bad);
  }
});

test('the bind address counts; a wildcard bind adds every address of this machine', () => {
  assert.deepEqual([...allowedHostnames('127.0.0.1')], ['127.0.0.1']);
  assert.deepEqual([...allowedHostnames('192.0.2.7', ['ponte.example.org'])].sort(), ['192.0.2.7', 'ponte.example.org']);
  const wildcard = allowedHostnames('0.0.0.0');
  assert.ok(wildcard.has('0.0.0.0'));
  for (const a of Object.values(networkInterfaces()).flatMap((l) => l ?? [])) assert.ok(wildcard.has(a.family === 'IPv6' ? `[${a.address}]` : a.address), a.address);
  assert.ok(allowedHostnames('::').has('[::]'));
});
