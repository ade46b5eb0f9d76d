// Deployments on a real Docker engine, behind a real server and its monitoring proxy over a real
// embedded store: blue/green under continuous traffic with no failed request and every
// prediction stored exactly once, rollback, undeploy, and the faults that must leave the old
// version serving (never healthy, exits at start, missing image, unreachable engine), and a
// container that dies while the backend is away shows as failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PonteError } from '../../../src/core/errors';
import { openStore, type SqlStore } from '../../../src/core/store';
import { deploy, dockerEngine, reconcileDeployments, rollbackTarget, undeploy, type DeploySpec } from '../../../src/core/deploy';
import { createLogger } from '../../../src/server/log';
import { deploymentProxy, type DeploymentProxy } from '../../../src/server/proxy';
import { watchDeployments } from '../../../src/server/deployment-watch';
import { startServer, type RunningServer } from '../../../src/server/server';

const FIXTURE = resolve(__dirname, '../../fixtures/deploy/tiny-model');
const RUN = `t${process.pid}`;
const IMAGE = `ponte-test/tiny-model-${RUN}`;
const project = `deploytest${process.pid}`;
const engine = dockerEngine();

let dir: string;
let store: SqlStore;
let proxy: DeploymentProxy;
let server: RunningServer;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

before(async () => {
  for (const v of ['1', '2']) docker('build', '-q', '--build-arg', `MODEL_VERSION=${v}`, '-t', `${IMAGE}:${v}`, FIXTURE);
  dir = mkdtempSync(join(tmpdir(), 'ponte-deploy-'));
  store = await openStore({ dataDir: join(dir, 'db') });
  proxy = deploymentProxy(store, createLogger('silent'));
  server = await startServer({ host: '127.0.0.1', port: 0, api: store, logger: createLogger('silent'), mounts: [proxy] });
});
after(async () => {
  const ids = docker('ps', '-aq', '--filter', `label=org.ponte.project=${project}`).trim();
  if (ids) docker('rm', '-f', ...ids.split('\n'));
  docker('rmi', '-f', `${IMAGE}:1`, `${IMAGE}:2`);
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const spec = (version: number, extra: Partial<DeploySpec> = {}): DeploySpec => ({
  project, name: 'prod', target: 'docker', image: `${IMAGE}:${version}`, modelName: 'churn', modelVersion: version,
  containerPort: 8080, health: '/health', predict: '/predict', strategy: 'blue-green',
  monitor: { features: ['age'], prediction: 'churn_probability' }, ...extra,
});
const control = { api: () => store, engine, healthTimeoutMs: 60_000, drainMs: 500 };
const ctl = () => ({ ...control, api: store });

async function predict(age: number): Promise<{ status: number; version?: string }> {
  const r = await fetch(`${server.url}/deployments/prod/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ age }) });
  const body = (await r.json()) as { version?: string };
  return { status: r.status, version: body.version };
}
const liveContainers = () => docker('ps', '-q', '--filter', `label=org.ponte.project=${project}`).trim().split('\n').filter(Boolean);
const code = (c: string) => (e: unknown) => e instanceof PonteError && e.code === c && !!e.hint;

test('deploy v1: the container turns healthy and answers through the proxy', async () => {
  const d = await deploy(spec(1), ctl());
  assert.equal(d.status, 'running');
  assert.equal(d.slot, 'blue');
  assert.deepEqual(await predict(30), { status: 200, version: '1' });
  assert.equal(liveContainers().length, 1);
  // A local engine: the proxy reaches the container on its bridge address, not through docker-proxy.
  const upstream = d.config.upstream as string;
  assert.match(upstream, /^http:\/\/[0-9.]+:\d+$/);
  assert.notEqual(upstream, d.url);
  assert.equal((await fetch(`${upstream}/health`)).status, 200);
});

test('blue/green to v2 under continuous traffic: no failed request, every prediction stored once', async () => {
  await proxy.recorder.flush();
  const before = (await store.listPredictions({ deployment: 'prod', limit: 1000 })).items.length;
  let stop = false;
  const seen: string[] = [];
  let failed = 0;
  const clients = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const r = await predict(50);
      if (r.status !== 200) failed++;
      else seen.push(r.version!);
    }
  });
  const d = await deploy(spec(2), ctl());
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(clients);
  assert.equal(d.slot, 'green');
  assert.equal(failed, 0);
  assert.ok(seen.includes('1') && seen.includes('2'), `both versions answered (${seen.length} requests)`);
  assert.equal(seen.at(-1), '2');
  assert.deepEqual(await predict(1), { status: 200, version: '2' });
  assert.equal(liveContainers().length, 1, 'the old slot was stopped');
  await proxy.recorder.flush();
  const stored = (await store.listPredictions({ deployment: 'prod', limit: 1000 })).items;
  assert.equal(stored.length - before, seen.length + 1, 'each answered request stored once');
  assert.equal(new Set(stored.map((p) => p.id)).size, stored.length);
});

test('faults before the switch leave v2 serving, say why, and leave no container behind', async () => {
  await assert.rejects(deploy(spec(1, { env: { NEVER_HEALTHY: '1' } }), { ...ctl(), healthTimeoutMs: 4000 }), (e: unknown) => code('deploy.unhealthy')(e) && /HTTP 503/.test((e as Error).message));
  await assert.rejects(deploy(spec(1, { env: { EXIT_AT_START: '1' } }), ctl()), (e: unknown) => code('deploy.container_exited')(e) && /exiting at start as asked/.test((e as Error).message));
  await assert.rejects(deploy(spec(9), ctl()), (e: unknown) => code('deploy.image_missing')(e) && /ponte build --model 9/.test((e as PonteError).hint!));
  await assert.rejects(deploy(spec(1), { ...ctl(), engine: dockerEngine(undefined, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }) }), (e: unknown) => code('container.docker_unreachable')(e) && /\/nonexistent\/docker\.sock/.test((e as Error).message));
  assert.deepEqual(await predict(1), { status: 200, version: '2' });
  assert.equal(liveContainers().length, 1);
  const audit = (await store.listAudit({ target: 'deployment:prod' })).items.map((a) => a.action);
  assert.equal(audit.filter((a) => a === 'deploy.failed').length, 4, 'every failed attempt is in the audit log');
});

test('rollback restores v1 the same way; undeploy stops it and the proxy refuses', async () => {
  const target = await rollbackTarget(store, 'prod');
  assert.equal(target.modelVersion, 1);
  await deploy(spec(target.modelVersion), ctl());
  assert.deepEqual(await predict(1), { status: 200, version: '1' });
  await undeploy(store, engine, project, 'prod');
  assert.equal((await predict(1)).status, 503);
  assert.equal(liveContainers().length, 0);
});

test('a container that died while the backend was away shows as failed', async () => {
  await deploy(spec(2, { name: 'staging' }), ctl());
  const [id] = docker('ps', '-q', '--filter', `label=org.ponte.deployment=staging`, '--filter', `label=org.ponte.project=${project}`).trim().split('\n');
  docker('kill', id);
  assert.deepEqual(await reconcileDeployments(store, engine), ['staging']);
  assert.equal((await store.getDeployment('staging')).status, 'failed');
});

test("the backend's deployment watch marks a deployment failed when its container dies", async () => {
  await deploy(spec(1, { name: 'canary' }), ctl());
  const watch = watchDeployments(store, createLogger('silent'), 60_000);
  try {
    assert.deepEqual(await watch.check(), []);
    const [id] = docker('ps', '-q', '--filter', 'label=org.ponte.deployment=canary', '--filter', `label=org.ponte.project=${project}`).trim().split('\n');
    docker('kill', id);
    assert.deepEqual(await watch.check(), ['canary']);
    assert.equal((await store.getDeployment('canary')).status, 'failed');
  } finally {
    watch.stop();
  }
});

test('a switch that committed to a container now gone is routed back to the slot that still runs', async () => {
  const before = await deploy(spec(1, { name: 'recover' }), ctl());
  await store.upsertDeployment({ name: 'recover', modelVersion: 2, url: 'http://127.0.0.1:1', slot: 'green', config: { ...before.config, container: 'f'.repeat(64), upstream: 'http://127.0.0.1:1' } });
  assert.deepEqual(await reconcileDeployments(store, engine), []);
  const after = await store.getDeployment('recover');
  assert.deepEqual([after.status, after.modelVersion, after.slot, after.config.container], ['running', 1, 'blue', before.config.container]);
  assert.equal(after.config.upstream, before.config.upstream, "the survivor's own bridge address, not the lost container's");
  const r = await fetch(`${server.url}/deployments/recover/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"age": 5}' });
  assert.equal(((await r.json()) as { version: string }).version, '1');
  const audit = (await store.listAudit({ target: 'deployment:recover' })).items.map((a) => a.action);
  assert.ok(audit.includes('deploy.recovered'), audit.join(','));
});

test('a fixed port: taken by another program, the deploy is refused and nothing changes; held by the old slot, it stops first and comes back when the new one fails', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const squatter = net.createServer().listen(port, '127.0.0.1');
  await new Promise((r) => squatter.once('listening', r));
  try {
    await assert.rejects(deploy(spec(1, { name: 'fixed', hostPort: port }), ctl()), (e: unknown) => code('deploy.port_taken')(e) && new RegExp(`port ${port}`).test((e as Error).message));
  } finally {
    await new Promise((r) => squatter.close(r));
  }
  const d1 = await deploy(spec(1, { name: 'fixed', hostPort: port }), ctl());
  assert.equal(d1.url, `http://127.0.0.1:${port}`);
  const d2 = await deploy(spec(2, { name: 'fixed', hostPort: port }), ctl());
  assert.equal(d2.modelVersion, 2);
  assert.equal(((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { version: string }).version, '2');
  await assert.rejects(deploy(spec(1, { name: 'fixed', hostPort: port, env: { NEVER_HEALTHY: '1' } }), { ...ctl(), healthTimeoutMs: 3000 }), code('deploy.unhealthy'));
  // the old slot was started again on its port, and the route never moved
  let version = '';
  for (let i = 0; i < 40 && version !== '2'; i++) {
    version = await fetch(`http://127.0.0.1:${port}/health`).then(async (r) => ((await r.json()) as { version: string }).version, () => '');
    if (version !== '2') await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(version, '2');
  assert.equal((await store.getDeployment('fixed')).modelVersion, 2);
});

test('resource limits from ponte.yaml reach the container', async () => {
  await deploy(spec(1, { name: 'limited', resources: { cpus: 0.5, memoryBytes: 256 * 1024 * 1024 } }), ctl());
  const [id] = docker('ps', '-q', '--filter', 'label=org.ponte.deployment=limited', '--filter', `label=org.ponte.project=${project}`).trim().split('\n');
  assert.equal(docker('inspect', '--format', '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}', id).trim(), `${5e8} ${256 * 1024 * 1024}`);
  await undeploy(store, engine, project, 'limited');
});
