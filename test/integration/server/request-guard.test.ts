// DNS rebinding and CSRF against a real server over raw sockets (issue 10): the outside review's
// reproductions, then every spelling of Host, Origin and Sec-Fetch-Site and every path trick the
// review named, each with the answer docs/backend.md promises ("Which requests are served").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { startBackend, type TestBackend } from './lib/backends';
import { errorCode, rawRequest, type RawRequest } from './lib/raw-http';

describe('a loopback server without a token', () => {
  let b: TestBackend;
  let port: number;
  let here: string;
  const send = (r: RawRequest) => rawRequest(port, r);
  const get = (headers: [string, string][], target = '/api/v1/runs') => send({ target, headers });
  before(async () => {
    b = await startBackend('postgres');
    port = b.server.port;
    here = `127.0.0.1:${port}`;
    await b.client.createRun({ project: 'secret-project', params: { lr: 0.1 } });
  });
  after(async () => {
    await b?.close();
  });

  test('the review: a rebound name reads nothing and writes no deployment', async () => {
    const read = await get([['Host', `evil.example:${port}`]]);
    assert.equal(read.status, 403);
    assert.equal(errorCode(read), 'api.host_not_allowed');
    assert.doesNotMatch(read.body, /secret-project/);
    const write = await send({ method: 'PUT', target: '/api/v1/deployments/pwn', headers: [['Host', 'evil.example'], ['content-type', 'application/json']], body: '{"url":"http://x"}' });
    assert.equal(write.status, 403);
    assert.match(write.headers, /content-type: application\/json/i);
    assert.deepEqual((JSON.parse(write.body) as { error: { code: string; message: string; hint?: string } }).error.hint, 'if clients reach it by that name, start it with --allowed-host evil.example (or PONTE_ALLOWED_HOSTS)');
    assert.deepEqual(await b.client.listDeployments(), []);
    // the same requests with this server's own name are served
    assert.match((await get([['Host', here]])).body, /secret-project/);
  });

  test('the review: an empty text/plain or untyped POST acknowledges no alert', async () => {
    const alert = await b.client.fireAlert({ kind: 'drift', message: 'income drifted', severity: 'warning' });
    const target = `/api/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`;
    for (const headers of [[['content-type', 'text/plain']], [['content-type', 'application/x-www-form-urlencoded']], []] as [string, string][][]) {
      for (const body of ['', undefined]) {
        const a = await send({ method: 'POST', target, headers: [['Host', here], ...headers], body });
        assert.equal(a.status, 415, `${JSON.stringify(headers)} body ${JSON.stringify(body)}`);
        assert.equal(errorCode(a), 'api.unsupported_media_type');
      }
    }
    assert.equal((await b.client.listAlerts()).items.find((x) => x.id === alert.id)?.acknowledgedAt, null, 'still open');
    // an empty body declared as JSON is a body too, and is served
    const ok = await send({ method: 'POST', target, headers: [['Host', here], ['content-type', 'application/json']], body: '' });
    assert.equal(ok.status, 200);
  });

  test('the review: percent-encoded dot segments are refused, not normalised', async () => {
    const served = await get([['Host', here]], '/api/v1/runs');
    assert.equal(served.status, 200);
    for (const target of ['/api/v1/x/%2e%2e/runs', '/api/v1/x/%2E%2E/runs', '/api/v1/x/.%2e/runs', '/api/v1/x/%2e./runs', '/api/v1/%2e/runs', '/api/v1/runs/%2e%2e/%2e%2e/healthz']) {
      const a = await get([['Host', here]], target);
      assert.equal(a.status, 400, target);
      assert.equal(errorCode(a), 'api.bad_request', target);
      assert.match((JSON.parse(a.body) as { error: { code: string; message: string; hint?: string } }).error.message, /dot segment/, target);
    }
  });

  test('double encoding, encoded slashes and backslashes are refused', async () => {
    const cases: [string, RegExp][] = [
      ['/api/v1/x/%252e%252e/runs', /doubly encoded/],
      ['/api/v1/runs/%252E%252E', /doubly encoded/],
      ['/api/v1/runs/a%2fb', /encoded slash/],
      ['/api/v1/runs/a%2Fb', /encoded slash/],
      ['/api/v1/runs/a%5cb', /encoded slash or backslash/],
      ['/api/v1/runs/a%255cb', /doubly encoded/],
      ['/api/v1\\runs', /backslash/],
      ['/api/v1/runs/..', /dot segment/],
      ['/api/v1//runs', /empty segment/],
    ];
    for (const [target, message] of cases) {
      const a = await get([['Host', here]], target);
      assert.equal(a.status, 400, target);
      assert.match((JSON.parse(a.body) as { error: { code: string; message: string; hint?: string } }).error.message, message, target);
    }
  });

  test('Host spellings: loopback as a browser reads it is served, anything else refused', async () => {
    const served = [here, `localhost:${port}`, `LOCALHOST:${port}`, `LocalHost:${port}`, `127.1:${port}`, `0x7f.0.0.1:${port}`, `2130706433:${port}`, `127.0.0.1.:${port}`, `127.9.9.9:${port}`, `[::1]:${port}`, `[0:0:0:0:0:0:0:1]:${port}`, `[::ffff:127.0.0.1]:${port}`, '127.0.0.1', 'localhost'];
    for (const host of served) assert.equal((await get([['Host', host]])).status, 200, host);
    const refused = [`localhost.:${port}`, `evil.localhost:${port}`, `localhost.evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `0.0.0.0:${port}`, `[::]:${port}`, `[::127.0.0.1]:${port}`, `10.0.0.1:${port}`, 'evil.example'];
    for (const host of refused) {
      const a = await get([['Host', host]]);
      assert.equal(a.status, 403, host);
      assert.equal(errorCode(a), 'api.host_not_allowed', host);
    }
    const malformed = [`[::1%25lo]:${port}`, `[fe80::1%eth0]:${port}`, `local%68ost:${port}`, `127.0.0.1:${port}@evil.example`, `evil.example:80@127.0.0.1`, `127.0.0.1:99999`, `127.0.0.1:`, '', `127.0.0.1 :${port}`, 'ｌｏｃａｌｈｏｓｔ'];
    for (const host of malformed) {
      const a = await get([['Host', host]]);
      assert.equal(a.status, 400, host);
      assert.equal(errorCode(a), 'api.bad_request', host);
    }
  });

  test('a missing Host (HTTP/1.0 or 1.1), a repeated one and absolute-form targets are refused', async () => {
    const none10 = await send({ target: '/api/v1/runs', version: '1.0' });
    assert.equal(none10.status, 400);
    assert.match((JSON.parse(none10.body) as { error: { code: string; message: string; hint?: string } }).error.message, /no Host header/);
    assert.equal((await send({ target: '/api/v1/runs' })).status, 400);
    assert.equal((await send({ target: '/api/v1/runs', version: '1.0', headers: [['Host', here]] })).status, 200, 'HTTP/1.0 with a Host is served');
    for (const hosts of [[here, 'evil.example'], ['evil.example', here], [here, here]]) {
      const a = await get(hosts.map((h) => ['Host', h] as [string, string]));
      assert.equal(a.status, 400, hosts.join(' + '));
      assert.match((JSON.parse(a.body) as { error: { code: string; message: string; hint?: string } }).error.message, /2 Host headers/);
    }
    const absolute = await get([['Host', here]], 'http://evil.example/api/v1/runs');
    assert.equal(absolute.status, 400);
    assert.match((JSON.parse(absolute.body) as { error: { code: string; message: string; hint?: string } }).error.message, /absolute and authority forms are not served/);
    assert.equal((await get([['Host', here]], `http://${here}/api/v1/runs`)).status, 400, 'even naming this server');
    assert.equal((await get([['Host', 'evil.example']], `http://${here}/api/v1/runs`)).status, 403, 'the Host header is judged, whatever the target says');
    assert.equal((await send({ method: 'OPTIONS', target: '*', headers: [['Host', here]] })).status, 400);
  });

  test('Origin: none or this server’s own is served; null, other sites and other local ports are refused', async () => {
    const served: [string, string][] = [
      [here, `http://${here}`],
      [`localhost:${port}`, `http://localhost:${port}`],
      [`localhost:${port}`, `https://localhost:${port}`],
      ['localhost', 'http://localhost'],
    ];
    for (const [host, origin] of served) assert.equal((await get([['Host', host], ['Origin', origin]])).status, 200, `${host} ${origin}`);
    const refused: [string, string][] = [
      [here, 'null'],
      [here, 'http://evil.example'],
      [here, `http://evil.example:${port}`],
      [here, `http://localhost:${port}`],
      [here, `http://127.0.0.1:${port + 1}`],
      [here, `http://127.0.0.1`],
      [here, `http://${here}/`],
      [here, `HTTP://${here}`],
      [here, `vscode-webview://abc`],
      [here, ''],
      [here, `http://${here}, http://evil.example`],
    ];
    for (const [host, origin] of refused) {
      const a = await get([['Host', host], ['Origin', origin]]);
      assert.equal(a.status, 403, `${host} ${origin}`);
      assert.equal(errorCode(a), 'api.cross_origin', origin);
    }
    const twoOrigins = await get([['Host', here], ['Origin', `http://${here}`], ['Origin', 'http://evil.example']]);
    assert.equal(twoOrigins.status, 403, 'a second Origin header is not ignored');
    // a cross-origin write is refused before its body is read, even when it is JSON
    const write = await send({ method: 'POST', target: '/api/v1/runs', headers: [['Host', here], ['Origin', 'http://evil.example'], ['content-type', 'application/json']], body: '{"project":"csrf"}' });
    assert.equal(write.status, 403);
    assert.equal((await b.client.searchRuns({ project: 'csrf' })).items.length, 0);
  });

  test('Sec-Fetch-Site: none and same-origin are served; same-site, cross-site and anything else refused', async () => {
    for (const site of ['none', 'same-origin']) assert.equal((await get([['Host', here], ['Sec-Fetch-Site', site]])).status, 200, site);
    for (const site of ['same-site', 'cross-site', 'Same-Origin', '', 'same-origin, cross-site']) {
      const a = await get([['Host', here], ['Sec-Fetch-Site', site]]);
      assert.equal(a.status, 403, site);
      assert.equal(errorCode(a), 'api.cross_origin');
    }
    const two = await get([['Host', here], ['Sec-Fetch-Site', 'same-origin'], ['Sec-Fetch-Site', 'cross-site']]);
    assert.equal(two.status, 403);
  });
});

describe('configured names and non-loopback binds', () => {
  test('--allowed-host names are served in any case; their subdomains are not', async () => {
    const b = await startBackend('postgres', { allowedHosts: ['ponte.example.org', 'PONTE-2.example.org'] });
    try {
      const port = b.server.port;
      for (const host of [`ponte.example.org:${port}`, 'PONTE.Example.ORG', `ponte-2.example.org:${port}`, `localhost:${port}`]) {
        assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', host]] })).status, 200, host);
      }
      for (const host of ['sub.ponte.example.org', 'ponte.example.org.', 'example.org']) {
        assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', host]] })).status, 403, host);
      }
    } finally {
      await b.close();
    }
  });

  test('a wildcard bind serves the addresses of this machine; a token does not open other names', async () => {
    const token = 'guard-token';
    const b = await startBackend('postgres', { host: '0.0.0.0', token });
    try {
      const port = b.server.port;
      const auth: [string, string] = ['authorization', `Bearer ${token}`];
      const addresses = Object.values(networkInterfaces()).flatMap((l) => l ?? []).filter((a) => a.family === 'IPv4');
      assert.ok(addresses.length > 0);
      for (const a of addresses) assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `${a.address}:${port}`], auth] })).status, 200, a.address);
      assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `0.0.0.0:${port}`], auth] })).status, 200, 'the bind address itself');
      const rebound = await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `evil.example:${port}`], auth] });
      assert.equal(rebound.status, 403);
      const stranger = await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `evil.example:${port}`]] });
      assert.equal(stranger.status, 403, 'refused before the token is asked for, so a page learns nothing of it');
      assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `127.0.0.1:${port}`]] })).status, 401);
    } finally {
      await b.close();
    }
  });
});
