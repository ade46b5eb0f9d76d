// Issue 14's retraining on examples/churn with the real CLI, a real `ponte serve`, a real Docker
// engine and the real scikit-learn model: v1 serves production; labelled traffic through the proxy
// closes windows; `ponte retrain --approve` exports them into the production dataset (a new
// version with the window as its source), retrains, tests, gates, builds and deploys v2
// blue/green. Then the faults, each leaving production on v2 with the audit log telling the
// story: a stage that fails, a model that fails its gate, and two retrains at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient, type AuditEntry } from '../../../src/core/api';
import { readServerFile } from '../../../src/core/workspace';
import { spawnServe, type ServerProc } from '../server/lib/server-process';
import { parseDvcFile } from '../../../src/core/data';
import type { RetrainResult } from '../../../src/core/retrain';
import { CLI, copyProject, json, ponte, removeProject } from '../pipeline/lib/project';

const project = `retrainit${process.pid}`;
const image = `ponte-test/retrain-${process.pid}`;
let dir: string;
let server: ServerProc;
let api: HttpClient;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const ok = (r: ReturnType<typeof ponte>) => assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
const edit = (file: string, from: RegExp, to: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  assert.match(text, from);
  writeFileSync(join(dir, file), text.replace(from, to));
};

before(async () => {
  dir = copyProject('examples/churn');
  edit('ponte.yaml', /^project: churn$/m, `project: ${project}`);
  edit('ponte.yaml', /^ {2}image: churn-model$/m, `  image: ${image}\n  build_args: { BASE_IMAGE: ponte-base/python:bookworm }`);
  edit('ponte.yaml', /^ {2}window: \{ size: \d+ \}$/m, '  window: { size: 40 }');
  edit('ponte.yaml', /^ {4}- \{ on: drift, webhook: .*\}$/m, '    - { on: drift }');
  ok(ponte(dir, 'run'));
  ok(ponte(dir, 'gate'));
  ok(ponte(dir, 'model', 'register'));
  ok(ponte(dir, 'model', 'promote', '1', '--to', 'production'));
  ok(ponte(dir, 'build', '--model', '1'));
  server = await spawnServe(['--port', '0', '--root', dir, '--log-level', 'warn'], { PONTE_BACKEND: '', PONTE_DB: '' });
  api = new HttpClient({ url: server.url });
  ok(ponte(dir, 'deploy', 'production'));
});

after(async () => {
  await api?.close().catch(() => undefined);
  server?.proc.kill('SIGTERM');
  await server?.exited;
  // Every container of this project and every tag of its image.
  for (const [list, remove] of [[['ps', '-aq', '--filter', `label=org.ponte.project=${project}`], ['rm', '-f']], [['images', '-q', image], ['rmi', '-f']]]) {
    const ids = [...new Set(docker(...list).trim().split('\n').filter(Boolean))];
    if (ids.length) docker(...remove, ...ids);
  }
  removeProject(dir);
});

/** Real requests through the proxy for the rows of the test set, then their true labels as feedback. */
async function labelledTraffic(rows: number): Promise<string[]> {
  const url = `${(await readServerFile(dir))!.url}/deployments/production/predict`;
  const lines = readFileSync(join(dir, 'data/test.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const ids: string[] = [];
  const labels: { predictionId: string; label: number }[] = [];
  for (const line of lines.slice(1, rows + 1)) {
    const v = Object.fromEntries(line.split(',').map((x, i) => [header[i], x]));
    const body = { age: Number(v.age), income: v.income === '' ? null : Number(v.income), plan: v.plan, tenure_months: Number(v.tenure_months), monthly_charges: Number(v.monthly_charges), support_calls: Number(v.support_calls) };
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 200, await r.text());
    const id = r.headers.get('ponte-prediction-id')!;
    ids.push(id);
    labels.push({ predictionId: id, label: Number(v.churned) });
  }
  for (;;) {
    // The proxy records asynchronously: the labels go once every prediction is stored.
    const { accepted, unknown } = await api.addFeedback(labels);
    if (unknown.length === 0 && accepted === labels.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return ids;
}

async function closedWindows(n: number) {
  for (;;) {
    const w = (await api.listWindows('production')).filter((x) => x.seq !== null);
    if (w.length >= n) return w;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function retrainAudit(id: string): Promise<AuditEntry[]> {
  const page = await api.listAudit({ target: 'production', limit: 1000 });
  return page.items.filter((a) => a.details.retrain === id).sort((a, b) => a.id - b.id);
}

const serving = async () => {
  const d = await api.getDeployment('production');
  return { version: d.modelVersion, status: d.status, alias: (await api.getAlias(project, 'production'))?.version };
};

test('a retrain on labelled production windows: dataset version from the window, every step audited, v2 deployed blue/green', async () => {
  const ids = await labelledTraffic(80);
  const windows = await closedWindows(2);
  const r = ponte(dir, 'retrain', '--deployment', 'production', '--approve', '--json');
  const out = json<RetrainResult>(r);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.deepEqual(out.steps.map((s) => [s.step, s.status]), [['export', 'ok'], ['stages', 'ok'], ['tests', 'ok'], ['gates', 'ok'], ['register', 'ok'], ['build', 'ok'], ['deploy', 'ok']]);
  assert.equal(out.modelVersion, 2);
  assert.deepEqual(await serving(), { version: 2, status: 'running', alias: 2 });
  assert.equal((await api.getDeployment('production')).slot, 'green', 'blue/green: the new version runs in the other slot');

  // The production dataset: the windows' labelled rows appended, each window a version with its source.
  const versions = await api.listDatasetVersions('production');
  const sources = versions.map((v) => v.source).sort();
  assert.deepEqual(sources, windows.map((w) => `production-window:${w.id}`).sort());
  const text = readFileSync(join(dir, 'data/production.csv'), 'utf8');
  const exported = text.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  assert.deepEqual(new Set(exported), new Set(ids.slice(0, windows.reduce((n, w) => n + w.count, 0))), 'the windows\' predictions, each once');
  const dvc = parseDvcFile(readFileSync(join(dir, 'data/production.csv.dvc'), 'utf8'), 'data/production.csv.dvc');
  const newest = versions.reduce((a, v) => (v.version > a.version ? v : a));
  assert.equal(dvc.outs[0].md5, newest.hash, 'the .dvc file names the last registered version');
  assert.ok(existsSync(join(dir, '.dvc/cache/files/md5', newest.hash.slice(0, 2), newest.hash.slice(2))), 'the version is in the cache');
  assert.match(readFileSync(join(dir, 'dvc.lock'), 'utf8'), new RegExp(`path: data/production.csv\\n\\s+hash: md5\\n\\s+md5: ${newest.hash}`), 'the retrain run read that version');

  const audit = await retrainAudit(out.retrain);
  assert.deepEqual(audit.map((a) => a.action), ['retrain.started', 'retrain.export', 'retrain.stages', 'retrain.tests', 'retrain.gates', 'retrain.register', 'retrain.build', 'retrain.deploy', 'retrain.finished']);
  const stages = audit.find((a) => a.action === 'retrain.stages')!.details as { inputs: { stages: string[] }; outputs: { run: string } };
  assert.deepEqual(stages.inputs.stages, ['prepare', 'train', 'evaluate']);
  assert.equal((await api.getModelVersion(project, 2)).runId, stages.outputs.run, 'v2 is the model of the retrain\'s run');

  // The relative gate compared like with like: v1 scored on the retrain's own test set.
  const gates = audit.find((a) => a.action === 'retrain.gates')!.details as { outputs: { production_metrics: { compared_on: string; scored: Record<string, number>; recorded: Record<string, number> }; rules: { metric: string; value: number; production: number | null }[] } };
  const pm = gates.outputs.production_metrics;
  assert.equal(pm.compared_on, 'same test set');
  const v1 = await api.getModelVersion(project, 1);
  assert.deepEqual(pm.recorded, v1.metrics);
  assert.deepEqual(pm.scored, v1OnTestSet(v1.tags['model.md5']), 'production\'s metrics are v1\'s on the new data/test.csv');
  const f1 = gates.outputs.rules.find((x) => x.metric === 'f1')!;
  assert.equal(f1.production, pm.scored.f1, 'the f1 rule is judged against the scored value');
  assert.match(r.stderr, new RegExp(`✔ gates: gates passed: f1 ${f1.value} against production's ${f1.production} on the same test set`));
  // Scoring happened in a copy: the workspace holds the new model's metrics and model file.
  const workspace = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Record<string, number>;
  const run = (await api.getRun(stages.outputs.run)).metrics;
  assert.deepEqual(workspace, Object.fromEntries(Object.keys(workspace).map((k) => [k, run[k]])));
  assert.notDeepEqual(workspace, pm.scored);
  assert.equal(md5(join(dir, 'models/model.pkl')), (await api.getModelVersion(project, 2)).tags['model.md5']);
});

/** v1's metrics on the workspace's test set, computed here with scikit-learn as src/evaluate.py does. */
function v1OnTestSet(modelMd5: string): Record<string, number> {
  const model = join(dir, '.dvc/cache/files/md5', modelMd5.slice(0, 2), modelMd5.slice(2));
  const script = `
import json, pickle, sys
sys.path.insert(0, "src")
import pandas as pd
from evaluate import evaluate
model = pickle.load(open(sys.argv[1], "rb"))
print(json.dumps(evaluate(model, pd.read_csv("data/test.csv"), 0.5)[0]))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, model], { cwd: dir, encoding: 'utf8' })) as Record<string, number>;
}

const md5 = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');

test('a stage that fails mid-way: production keeps v2, and the audit log says the stages step failed and why', async () => {
  edit('params.yaml', /^ {2}model: logistic/m, '  model: bogus   ');
  try {
    const r = ponte(dir, 'retrain', '--approve', '--json');
    assert.equal(r.code, 1);
    const out = json<RetrainResult>(r);
    assert.deepEqual([out.ok, out.failedStep], [false, 'stages']);
    assert.match(out.reason!, /stage train failed/);
    assert.deepEqual(out.steps.slice(2).map((s) => s.status), ['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    assert.deepEqual(await serving(), { version: 2, status: 'running', alias: 2 });
    assert.equal((await api.listModelVersions(project)).length, 2, 'nothing registered');
    const audit = await retrainAudit(out.retrain);
    assert.deepEqual(audit.map((a) => [a.action, a.details.status ?? null]), [['retrain.started', null], ['retrain.export', 'skipped'], ['retrain.stages', 'failed'], ['retrain.failed', null]]);
    assert.match(audit[2].details.detail as string, /stage train failed/);
  } finally {
    edit('params.yaml', /^ {2}model: bogus {3}/m, '  model: logistic');
  }
});

test('a new model that fails its gate is neither registered nor deployed; the audit log has the failing rule', async () => {
  edit('ponte.yaml', /^ {4}accuracy: ">= 0\.85"$/m, '    accuracy: ">= 0.999"');
  try {
    const r = ponte(dir, 'retrain', '--approve', '--json');
    const out = json<RetrainResult>(r);
    assert.equal(r.code, 1);
    assert.deepEqual([out.ok, out.failedStep], [false, 'gates']);
    assert.match(out.reason!, /failed its gates: accuracy 0\.\d+ \(>= 0\.999\)/);
    assert.deepEqual(await serving(), { version: 2, status: 'running', alias: 2 });
    assert.equal((await api.listModelVersions(project)).length, 2, 'nothing registered');
    const audit = await retrainAudit(out.retrain);
    const gates = audit.find((a) => a.action === 'retrain.gates')!.details as { status: string; outputs: { passed: boolean; production: string } };
    assert.deepEqual([gates.status, gates.outputs.passed], ['failed', false]);
    assert.match(gates.outputs.production, new RegExp(`${project} v2`), 'judged against the model in production');
    assert.equal(audit.at(-1)!.action, 'retrain.failed');
  } finally {
    edit('ponte.yaml', /^ {4}accuracy: ">= 0\.999"$/m, '    accuracy: ">= 0.85"');
  }
});

test('production\'s model file missing from the cache: the gate falls back to its recorded metric, and says so', async () => {
  const object = join(dir, '.dvc/cache/files/md5', ...((m) => [m.slice(0, 2), m.slice(2)])((await api.getModelVersion(project, 2)).tags['model.md5']));
  renameSync(object, `${object}.away`);
  // a failing absolute rule stops the retrain at its gates, with the relative rule judged beside it;
  // another C, or the retrained model would be v2's very bytes and bring its object back
  edit('ponte.yaml', /^ {4}accuracy: ">= 0\.85"$/m, '    accuracy: ">= 0.999"');
  edit('params.yaml', /^ {2}C: 1\.0$/m, '  C: 0.7');
  try {
    const r = ponte(dir, 'retrain', '--approve', '--json');
    const out = json<RetrainResult>(r);
    assert.deepEqual([out.ok, out.failedStep], [false, 'gates']);
    const gates = out.steps.find((s) => s.step === 'gates')!;
    const pm = gates.outputs.production_metrics as { compared_on: string; why: string; recorded: Record<string, number> };
    assert.equal(pm.compared_on, 'recorded');
    assert.match(pm.why, /is not in the DVC cache/);
    assert.deepEqual(pm.recorded, (await api.getModelVersion(project, 2)).metrics);
    assert.match(gates.detail, new RegExp(`f1 [\\d.]+ against production's ${pm.recorded.f1} as recorded when ${project} v2 was trained, on its own test set: .*not in the DVC cache`));
  } finally {
    edit('ponte.yaml', /^ {4}accuracy: ">= 0\.999"$/m, '    accuracy: ">= 0.85"');
    edit('params.yaml', /^ {2}C: 0\.7$/m, '  C: 1.0');
    renameSync(`${object}.away`, object);
  }
});

test('two retrains at once: the second is refused while the first holds the lock', async () => {
  const lock = join(dir, '.ponte/retrain.lock');
  // mode ask without --approve: the first builds v3 and stops before the deploy.
  const first = spawn(process.execPath, [CLI, 'retrain', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } });
  let firstOut = '';
  first.stdout.on('data', (d) => (firstOut += d));
  const firstExit = new Promise<number>((r) => first.once('exit', (c) => r(c ?? -1)));
  while (!existsSync(lock)) {
    assert.equal(first.exitCode, null, 'the first retrain still runs');
    await new Promise((r) => setTimeout(r, 20));
  }
  const second = ponte(dir, 'retrain', '--approve', '--json');
  assert.equal(second.code, 1);
  const refusal = json<{ error: { code: string; message: string } }>(second).error;
  assert.equal(refusal.code, 'retrain.busy');
  assert.match(refusal.message, new RegExp(`process ${first.pid}`));
  assert.equal(await firstExit, 0, firstOut);
  const out = JSON.parse(firstOut) as RetrainResult;
  assert.deepEqual([out.ok, out.awaitingApproval, out.steps.at(-1)!.status], [true, true, 'skipped']);
  assert.deepEqual(await serving(), { version: 2, status: 'running', alias: 2 }, 'ask mode: built, not deployed');
  assert.ok(!existsSync(lock), 'the lock is released');
});

test('Ctrl-C during the stages: the step is cancelled, the rest skipped, production untouched, the lock released', async () => {
  const child = spawn(process.execPath, [CLI, 'retrain', '--approve', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exit = new Promise<number>((r) => child.once('exit', (c) => r(c ?? -1)));
  // The stages step announces itself, then its first stage's output streams: interrupt there.
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/▶ stages\n[\s\S]*▶ stage '/.test(stderr)) resolve();
    });
  });
  child.kill('SIGINT');
  assert.equal(await exit, 130, stderr);
  const out = JSON.parse(stdout) as RetrainResult;
  assert.deepEqual([out.ok, out.failedStep, out.reason], [false, 'stages', 'cancelled']);
  assert.deepEqual(out.steps.slice(2).map((s) => s.status), ['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  assert.deepEqual(await serving(), { version: 2, status: 'running', alias: 2 });
  assert.ok(!existsSync(join(dir, '.ponte/retrain.lock')));
  assert.equal((await retrainAudit(out.retrain)).at(-1)!.action, 'retrain.failed');
});
