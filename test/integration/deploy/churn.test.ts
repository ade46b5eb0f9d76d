// Issue 12's acceptance on examples/churn with the real CLI, a real `ponte serve`, a real Docker
// engine and the real scikit-learn model: register two versions whose gates passed, promote,
// build both images, deploy version 1, then a blue/green upgrade to version 2 under continuous
// traffic through the proxy: no failed request (counted), and every prediction in the store
// exactly once (counted against the client's own ids); rollback answers as version 1 did; undeploy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient } from '../../../src/core/api';
import { readServerFile } from '../../../src/core/workspace';
import { CLI, copyProject, json, ponte, removeProject } from '../pipeline/lib/project';

const project = `churnit${process.pid}`;
const image = `ponte-test/churn-${process.pid}`;
let dir: string;
let server: ChildProcess;
let proxy: string;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const customer = { age: 35, income: 42000, plan: 'basic', tenure_months: 14, monthly_charges: 61.5, support_calls: 3 };

before(async () => {
  dir = copyProject('examples/churn');
  const yaml = join(dir, 'ponte.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8')
    .replace(/^project: churn$/m, `project: ${project}`)
    .replace(/^ {2}image: churn-model$/m, `  image: ${image}\n  build_args: { BASE_IMAGE: ponte-base/python:bookworm }`));
  const ok = (r: ReturnType<typeof ponte>) => assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  for (const c of ['1.0', '0.05']) {
    const params = join(dir, 'params.yaml');
    writeFileSync(params, readFileSync(params, 'utf8').replace(/^( {2}C: )[\d.]+$/m, `$1${c}`));
    ok(ponte(dir, 'run'));
    ok(ponte(dir, 'gate'));
    ok(ponte(dir, 'model', 'register'));
  }
  ok(ponte(dir, 'model', 'promote', '1', '--to', 'production'));
  ok(ponte(dir, 'build', '--model', '1'));
  ok(ponte(dir, 'build', '--model', '2'));
  server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'warn'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('"listening"')) resolve();
    });
    server.once('exit', (c) => reject(new Error(`ponte serve exited with ${c}`)));
  });
  proxy = `${(await readServerFile(dir))!.url}/deployments/production/predict`;
});
after(async () => {
  server?.kill('SIGTERM');
  await new Promise((r) => (server?.exitCode !== null ? r(undefined) : server.once('exit', r)));
  const ids = docker('ps', '-aq', '--filter', `label=org.ponte.project=${project}`).trim();
  if (ids) docker('rm', '-f', ...ids.split('\n'));
  const images = docker('images', '-q', image).trim();
  if (images) docker('rmi', '-f', ...new Set(images.split('\n')));
  removeProject(dir);
});

async function predict(body: unknown): Promise<{ status: number; p?: number; id: string | null }> {
  const r = await fetch(proxy, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await r.json()) as { churn_probability?: number };
  return { status: r.status, p: out.churn_probability, id: r.headers.get('ponte-prediction-id') };
}

let v1Answer: number | undefined;

test('version 1 deployed: the scikit-learn model answers through the proxy', async () => {
  const d = json<{ status: string; modelVersion: number }>(ponte(dir, 'deploy', 'production', '--json'));
  assert.deepEqual([d.status, d.modelVersion], ['running', 1]);
  const r = await predict(customer);
  assert.equal(r.status, 200);
  assert.ok(r.p! > 0 && r.p! < 1, `a probability: ${r.p}`);
  v1Answer = r.p;
});

test('blue/green to version 2 under continuous traffic: no failed request, every prediction stored exactly once', async () => {
  const api = new HttpClient({ url: (await readServerFile(dir))!.url });
  await new Promise((r) => setTimeout(r, 500)); // the previous test's prediction reaches the store first
  const before = new Set<string>();
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await api.listPredictions({ deployment: 'production', limit: 1000, pageToken: token });
    for (const p of page.items) before.add(p.id);
    token = page.nextPageToken;
  }
  let stop = false;
  let failed = 0;
  const ids: string[] = [];
  const answers = new Set<number>();
  const clients = Array.from({ length: 4 }, async (_, k) => {
    for (let i = 0; !stop; i++) {
      const r = await predict({ ...customer, age: 20 + ((i * 4 + k) % 60) });
      if (r.status !== 200 || !r.id) failed++;
      else {
        ids.push(r.id);
        answers.add(r.p!);
      }
    }
  });
  const deploying = new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'deploy', 'production', '--model', '2'], { cwd: dir, stdio: 'ignore', env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } });
    child.once('exit', (c) => resolve(c ?? -1));
  });
  assert.equal(await deploying, 0);
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await Promise.all(clients);
  assert.equal(failed, 0, 'no failed request during the switch');
  assert.ok(ids.length > 20, `traffic flowed: ${ids.length} requests`);
  await new Promise((r) => setTimeout(r, 1_000)); // the proxy writes its queue at least every 200 ms
  const stored = new Map<string, number>();
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await api.listPredictions({ deployment: 'production', limit: 1000, pageToken: token });
    for (const p of page.items) if (!before.has(p.id)) stored.set(p.id, (stored.get(p.id) ?? 0) + 1);
    token = page.nextPageToken;
  }
  assert.equal(stored.size, ids.length, 'as many stored as answered');
  assert.ok(ids.every((id) => stored.get(id) === 1), 'each answered request stored exactly once');
  const after = json<{ deployment: { modelVersion: number; slot: string } }[]>(ponte(dir, 'deployments', '--json'));
  assert.deepEqual([after[0].deployment.modelVersion, after[0].deployment.slot], [2, 'green']);
});

test('rollback answers as version 1 did; undeploy stops it', async () => {
  assert.equal(json<{ modelVersion: number }>(ponte(dir, 'rollback', 'production', '--json')).modelVersion, 1);
  assert.equal((await predict(customer)).p, v1Answer);
  assert.equal(json<{ status: string }>(ponte(dir, 'undeploy', 'production', '--json')).status, 'stopped');
  assert.equal((await predict(customer)).status, 503);
  assert.equal(docker('ps', '-q', '--filter', `label=org.ponte.project=${project}`).trim(), '');
});
