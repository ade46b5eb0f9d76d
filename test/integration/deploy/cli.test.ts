// The deployment commands of the real CLI (dist/cli.js) against a real `ponte serve` and a real
// Docker engine, on a small project whose model image is the deployment tests' stand-in: deploy,
// predict through the proxy, a blue/green upgrade, deployments, rollback, undeploy; the backend
// killed with -9 in the middle of a blue/green switch leaves the old version serving after a
// restart; bad input gets a code and a hint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../../src/core/store';

const CLI = resolve('dist', 'cli.js');
const FIXTURE = resolve(__dirname, '../../fixtures/deploy/tiny-model');
const project = `clideploy${process.pid}`;
const IMAGE = `ponte-test/cli-tiny-${process.pid}`;
let dir: string;
let server: ChildProcess | undefined;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const env = () => ({ ...process.env, PONTE_DEBUG: '', PONTE_BACKEND: '', PONTE_DB: '', PONTE_TOKEN: '' });
function ponte(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: env(), timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const json = <T>(r: { code: number; stdout: string; stderr: string }): T => {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
};

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'warn'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('"listening"')) ok();
    });
    child.once('exit', (c) => fail(new Error(`ponte serve exited with ${c}`)));
  });
  return child;
}
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-deploy-cli-'));
  for (const v of ['1', '2']) docker('build', '-q', '--build-arg', `MODEL_VERSION=${v}`, '-t', `${IMAGE}:${v}`, FIXTURE);
  writeFileSync(join(dir, 'ponte.yaml'), [
    'version: 1', `project: ${project}`, 'model: { name: tiny, path: model.pkl }',
    `container: { dockerfile: Dockerfile, image: ${IMAGE}, port: 8080, health: /health }`,
    'deployments:', '  production: { target: docker, strategy: blue-green }',
    'monitor:', '  deployment: production', '  features: [age]', '  prediction: churn_probability', '  window: { size: 100 }', '',
  ].join('\n'));
  writeFileSync(join(dir, 'dvc.yaml'), 'stages:\n  train:\n    cmd: echo model > model.pkl\n    outs:\n      - model.pkl\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  const store = await openStore({ root: dir });
  for (const v of [1, 2]) await store.registerModelVersion({ name: 'tiny', uri: `dvc-md5:${String(v).repeat(32)}`, tags: { gates: 'passed' } });
  await store.close();
  server = await startServer();
});
after(async () => {
  server?.kill('SIGTERM');
  if (server) await exited(server);
  const ids = docker('ps', '-aq', '--filter', `label=org.ponte.project=${project}`).trim();
  if (ids) docker('rm', '-f', ...ids.split('\n'));
  docker('rmi', '-f', `${IMAGE}:1`, `${IMAGE}:2`);
  rmSync(dir, { recursive: true, force: true });
});

interface Dep { name: string; status: string; modelVersion: number; slot: string }
interface Predict { status: number; response: { version: string }; prediction: number; prediction_id: string }

test('deploy, predict through the proxy, upgrade blue/green, list, roll back', () => {
  const d = json<Dep>(ponte('deploy', 'production', '--model', '1', '--json'));
  assert.deepEqual([d.status, d.modelVersion, d.slot], ['running', 1, 'blue']);
  const p = json<Predict>(ponte('predict', 'production', '--data', '{"age": 40}', '--json'));
  assert.deepEqual([p.status, p.response.version, p.prediction], [200, '1', 0.4]);
  assert.match(p.prediction_id, /^[0-9a-f-]{36}$/);
  assert.equal(json<Dep>(ponte('deploy', 'production', '--model', '2', '--json')).slot, 'green');
  const rows = json<{ deployment: Dep & { config: { monitor?: unknown } }; container: string }[]>(ponte('deployments', '--json'));
  assert.deepEqual(rows.map((r) => [r.deployment.name, r.deployment.modelVersion, r.container]), [['production', 2, 'running']]);
  // ponte.yaml's monitor block went with the deployment: the backend closes its windows without the checkout
  assert.deepEqual(rows[0].deployment.config.monitor, { features: ['age'], prediction: 'churn_probability', window: { size: 100 }, drift: { method: 'auto', share: 0.5 }, alerts: [] });
  const text = ponte('deployments');
  assert.match(text.stdout, /production\s+running\s+green\s+v2\s+.*\s+running\s+\S+\s+[\d.]+\n/, 'with uptime and request rate');
  const back = json<Dep>(ponte('rollback', 'production', '--json'));
  assert.equal(back.modelVersion, 1);
  assert.equal(json<Predict>(ponte('predict', 'production', '--data', '{"age": 10}', '--json')).response.version, '1');
});

test('the backend killed with -9 during a blue/green switch: after a restart the old version serves, nothing is left behind', async () => {
  const deploying = spawn(process.execPath, [CLI, 'deploy', 'production', '--model', '2'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  await new Promise<void>((ok) => deploying.stderr.on('data', (d) => {
    err += d;
    if (/waiting for http/.test(err)) ok();
  }));
  server!.kill('SIGKILL');
  await exited(server!);
  const code = await new Promise<number>((r) => deploying.once('exit', (c) => r(c ?? -1)));
  assert.equal(code, 1, err);
  assert.match(err, /error\[/);
  server = await startServer();
  const p = json<Predict>(ponte('predict', 'production', '--data', '{"age": 10}', '--json'));
  assert.equal(p.response.version, '1', 'the previous version keeps serving');
  const live = docker('ps', '-q', '--filter', `label=org.ponte.project=${project}`).trim().split('\n').filter(Boolean);
  assert.equal(live.length, 1, 'the half-deployed container was removed');
});

test('bad input: an undeclared deployment, a version that was never built, no backend for predict; undeploy', () => {
  const unknown = ponte('deploy', 'nowhere', '--json');
  assert.equal(unknown.code, 1);
  assert.equal((JSON.parse(unknown.stdout) as { error: { code: string; hint: string } }).error.code, 'deploy.unknown');
  const missing = ponte('deploy', 'production', '--model', '7');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /error\[api\.not_found\]|error\[registry/);
  const u = json<Dep>(ponte('undeploy', 'production', '--json'));
  assert.equal(u.status, 'stopped');
  assert.equal(ponte('predict', 'production', '--data', '{}').code, 1);
  assert.ok(!existsSync(join(dir, 'model.pkl')));
});
