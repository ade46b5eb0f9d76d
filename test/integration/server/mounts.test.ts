// Mounts: a feature (the monitoring proxy) handles a path prefix with the raw request and
// response, behind the same token and request checks, counted in /metrics under its route label;
// its registry is the server's. Also the client's bound on a request to a hung server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gauge } from 'prom-client';
import { HttpClient, type PonteApi } from '../../../src/core/api';
import { PonteError } from '../../../src/core/errors';
import { startServer } from '../../../src/server/server';
import { createLogger } from '../../../src/server/log';

// The mount test needs no store: only what the server itself calls.
const api = { subscribe: () => () => undefined, health: async () => ({ status: 'ok', store: 'pglite', version: '1' }) } as unknown as PonteApi;

test('a mount gets its prefix, behind the token, with errors mapped like any route', async () => {
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    api,
    token: 'tok',
    logger: createLogger('silent'),
    mounts: [
      {
        prefix: '/deployments/',
        route: '/deployments/:name/*',
        async handle(req, res, url) {
          if (url.pathname.endsWith('/missing')) throw new PonteError('api.not_found', 'deployment missing does not exist');
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`${req.method} ${url.pathname}`);
        },
      },
    ],
  });
  try {
    const auth = { authorization: 'Bearer tok' };
    assert.equal((await fetch(`${server.url}/deployments/prod/predict`)).status, 401);
    const ok = await fetch(`${server.url}/deployments/prod/predict`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(await ok.text(), 'POST /deployments/prod/predict');
    // the request checks hold for mounts too: a body is JSON, a page of another site is refused
    assert.equal((await fetch(`${server.url}/deployments/prod/predict`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' })).status, 415);
    assert.equal((await fetch(`${server.url}/deployments/prod/predict`, { headers: { ...auth, origin: 'http://evil.example' } })).status, 403);
    const missing = await fetch(`${server.url}/deployments/x/missing`, { headers: auth });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'api.not_found');
    new Gauge({ name: 'ponte_test_gauge', help: 'a monitoring gauge', registers: [server.registry] }).set(3);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
    assert.match(metrics, /ponte_http_requests_total\{method="POST",route="\/deployments\/:name\/\*",status="200"\} 1/);
    assert.match(metrics, /ponte_test_gauge 3/);
  } finally {
    await server.close();
  }
});

test('a hung server gives the client a timeout error, not a hang', async () => {
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    api,
    logger: createLogger('silent'),
    mounts: [{ prefix: '/api/v1/health', route: 'hang', handle: () => new Promise(() => undefined) }],
  });
  try {
    const client = new HttpClient({ url: server.url, timeoutMs: 300 });
    await assert.rejects(client.health(), (e: Error & { code?: string }) => e.code === 'backend.timeout' && /did not answer/.test(e.message));
    const down = new HttpClient({ url: 'http://127.0.0.1:47' });
    await assert.rejects(down.health(), (e: Error & { code?: string }) => e.code === 'backend.unreachable' && /ECONNREFUSED/.test(e.message));
  } finally {
    await server.close();
  }
});
