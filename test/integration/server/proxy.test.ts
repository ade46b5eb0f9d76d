// The monitoring proxy in a real server over a real embedded store, in front of a real HTTP
// model (a small Node server standing in for the container: the proxy needs nothing of it but
// HTTP): forwarding, the prediction id, one stored record per predict request with the fields
// `monitor` names, the route following a switch at once, a dead upstream, a full queue counted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type SqlStore } from '../../../src/core/store';
import { createLogger } from '../../../src/server/log';
import { deploymentProxy, type DeploymentProxy } from '../../../src/server/proxy';
import { startServer, type RunningServer } from '../../../src/server/server';

interface Model { url: string; seen: http.IncomingHttpHeaders[]; close(): Promise<void> }

async function model(tag: string): Promise<Model> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/health') return void res.end(JSON.stringify({ status: 'ok', tag }));
      const x = JSON.parse(body || '{}') as { age?: number };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ churn_probability: (x.age ?? 0) / 100, model: tag }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

let dir: string;
let store: SqlStore;
let proxy: DeploymentProxy;
let server: RunningServer;
let blue: Model;
let green: Model;
const token = 'secret-token';
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-proxy-'));
  // As `ponte serve` opens it: PGlite in a worker thread.
  store = await openStore({ dataDir: join(dir, 'db'), thread: true });
  blue = await model('blue');
  green = await model('green');
  proxy = deploymentProxy(store, createLogger('silent'), { capacity: 10_000 });
  server = await startServer({ host: '127.0.0.1', port: 0, api: store, token, logger: createLogger('silent'), mounts: [proxy] });
  await store.upsertDeployment({
    name: 'prod', target: 'docker', status: 'running', url: blue.url, slot: 'blue', modelName: 'churn', modelVersion: 1,
    config: { predict: '/predict', monitor: { features: ['age', 'plan'], prediction: 'churn_probability' } },
  });
});
after(async () => {
  await server.close();
  await store.close();
  await blue.close();
  await green.close();
  rmSync(dir, { recursive: true, force: true });
});

const predict = (body: unknown) => fetch(`${server.url}/deployments/prod/predict`, { method: 'POST', headers: auth, body: JSON.stringify(body) });

test('a predict request is forwarded, answered with its prediction id, and recorded once with the named fields', async () => {
  const res = await predict({ age: 42, plan: 'pro', income: 1000 });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { churn_probability: 0.42, model: 'blue' });
  const id = res.headers.get('ponte-prediction-id');
  assert.match(id ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(blue.seen.at(-1)?.authorization, undefined, "the backend's token never reaches the model");
  await proxy.recorder.flush();
  const stored = (await store.listPredictions({ deployment: 'prod' })).items;
  assert.equal(stored.length, 1);
  assert.equal(stored[0].id, id);
  assert.deepEqual(stored[0].features, { age: 42, plan: 'pro' });
  assert.equal(stored[0].prediction, 0.42);
  assert.equal(stored[0].status, 200);
  assert.ok(stored[0].latencyMs > 0);
});

test('other paths are forwarded and not recorded; unknown and stopped deployments are refused', async () => {
  const health = await fetch(`${server.url}/deployments/prod/health`, { headers: auth });
  assert.deepEqual(await health.json(), { status: 'ok', tag: 'blue' });
  assert.equal(health.headers.get('ponte-prediction-id'), null);
  assert.equal((await fetch(`${server.url}/deployments/nope/predict`, { method: 'POST', headers: auth, body: '{}' })).status, 404);
  await store.upsertDeployment({ name: 'paused', target: 'docker', status: 'stopped', url: blue.url });
  const paused = await fetch(`${server.url}/deployments/paused/predict`, { method: 'POST', headers: auth, body: '{}' });
  assert.equal(paused.status, 503);
  assert.equal(((await paused.json()) as { error: { code: string } }).error.code, 'deployment.unavailable');
  await proxy.recorder.flush();
  assert.equal((await store.listPredictions({ deployment: 'prod' })).items.length, 1);
});

test('a switch of the route takes effect for the very next request, with no failed request in between', async () => {
  const answers: string[] = [];
  const traffic = (async () => {
    for (let i = 0; i < 60; i++) {
      const r = await predict({ age: 10, plan: 'basic' });
      assert.equal(r.status, 200);
      answers.push(((await r.json()) as { model: string }).model);
    }
  })();
  await new Promise((r) => setTimeout(r, 20));
  await store.upsertDeployment({ name: 'prod', target: 'docker', status: 'running', url: green.url, slot: 'green', modelVersion: 2 });
  await traffic;
  const last = (await predict({ age: 10, plan: 'basic' }).then((r) => r.json())) as { model: string };
  assert.equal(last.model, 'green');
  // once green answered, blue never answers again
  const firstGreen = answers.indexOf('green');
  if (firstGreen >= 0) assert.ok(answers.slice(firstGreen).every((a) => a === 'green'), answers.join(','));
  await proxy.recorder.flush();
  assert.equal((await store.listPredictions({ deployment: 'prod', limit: 1000 })).items.length, 1 + 61);
});

test('a dead model answers 502 and the failure is recorded; /metrics counts requests and the queue', async () => {
  const dead = await model('dead');
  await dead.close();
  await store.upsertDeployment({ name: 'prod', target: 'docker', status: 'running', url: dead.url });
  const r = await predict({ age: 1 });
  assert.equal(r.status, 502);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'deployment.upstream_failed');
  await proxy.recorder.flush();
  const failed = (await store.listPredictions({ deployment: 'prod', limit: 1000 })).items.filter((p) => p.status === 502);
  assert.equal(failed.length, 1);
  const metrics = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
  assert.match(metrics, /ponte_deployment_requests_total\{deployment="prod",status="200"\} 63/, "62 predictions and one health check");
  assert.match(metrics, /ponte_deployment_requests_total\{deployment="prod",status="502"\} 1/);
  assert.match(metrics, /ponte_recording_recorded_total 63/);
  assert.match(metrics, /ponte_recording_dropped_total 0/);
  assert.match(metrics, /ponte_deployment_request_duration_seconds_count\{deployment="prod"\} 64/);
});

test('a full recording queue drops and counts records; requests still succeed', async () => {
  const small = deploymentProxy(store, createLogger('silent'), { capacity: 0 });
  const s2 = await startServer({ host: '127.0.0.1', port: 0, api: store, token, logger: createLogger('silent'), mounts: [small] });
  try {
    await store.upsertDeployment({ name: 'prod', target: 'docker', status: 'running', url: blue.url });
    const r = await fetch(`${s2.url}/deployments/prod/predict`, { method: 'POST', headers: auth, body: '{"age": 5}' });
    assert.equal(r.status, 200);
    assert.equal(small.recorder.stats.dropped, 1);
    assert.match(await (await fetch(`${s2.url}/metrics`, { headers: auth })).text(), /ponte_recording_dropped_total 1/);
  } finally {
    await s2.close();
  }
});

test("the container's bridge address (config.upstream) is preferred over the published URL", async () => {
  await store.upsertDeployment({ name: 'bridged', target: 'docker', status: 'running', url: blue.url, config: { predict: '/predict', upstream: green.url } });
  const r = await fetch(`${server.url}/deployments/bridged/predict`, { method: 'POST', headers: auth, body: '{"age": 7}' });
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as { model: string }).model, 'green');
});

test('a bridge address that refuses connections falls back to the published URL, for predict and other requests alike', async () => {
  const gone = await model('gone');
  await gone.close();
  await store.upsertDeployment({ name: 'unbridged', target: 'docker', status: 'running', url: blue.url, config: { predict: '/predict', upstream: gone.url } });
  const first = await fetch(`${server.url}/deployments/unbridged/predict`, { method: 'POST', headers: auth, body: '{"age": 8}' });
  assert.equal(first.status, 200, 'the request whose connection was refused is sent again to the published URL');
  assert.equal(((await first.json()) as { model: string }).model, 'blue');
  assert.match(first.headers.get('ponte-prediction-id') ?? '', /^[0-9a-f-]{36}$/);
  const health = await fetch(`${server.url}/deployments/unbridged/health`, { headers: auth });
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { tag: string }).tag, 'blue');
  await proxy.recorder.flush();
  const stored = (await store.listPredictions({ deployment: 'unbridged' })).items;
  assert.equal(stored.length, 1, 'the retried request is recorded once');
  assert.equal(stored[0].status, 200);
});
