// `ponte retrain --watch` against a real `ponte serve` on a copy of examples/churn, alerts fired
// through the backend's API: with retrain.mode ask it prints the evidence and the command and runs
// nothing; with --approve (or mode auto) an alert on the watched deployment starts a retrain,
// here refused at once because this test holds the retrain lock, and the watch goes on; an alert
// on another deployment is only reported; Ctrl-C ends it with 130 and no stack trace.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HttpClient } from '../../../src/core/api/http-client';
import { acquireRetrainLock, type RetrainLock } from '../../../src/core/retrain';
import { openStore } from '../../../src/core/store';
import { cliJs } from '../server/lib/backends';
import { spawnServe, type ServerProc } from '../server/lib/server-process';
import { copyProject, removeProject } from '../pipeline/lib/project';
import { freePort } from '../server/lib/free-port';

interface Entry { event: string; action?: string; text?: string; code?: string; deployments?: string[]; alert?: { deployment: string }; result?: { ok: boolean; failedStep?: string } }

let dir: string;
let server: ServerProc;
let client: HttpClient;
let lock: RetrainLock;
const env = { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' };

before(async () => {
  dir = copyProject('examples/churn');
  server = await spawnServe(['--port', '0', '--root', dir, '--log-level', 'warn'], { PONTE_BACKEND: '', PONTE_DB: '' });
  client = new HttpClient({ url: server.url });
  lock = await acquireRetrainLock(dir, 'production');
});
afterEach(() => {
  for (const p of watches) p.kill('SIGKILL');
});
after(async () => {
  lock?.release();
  await client?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
  removeProject(dir);
});

const watches = new Set<ChildProcess>();

/** `ponte retrain --watch --json ...extra`, with its JSON lines as they come; killed after the test at the latest. */
function watch(...extra: string[]): { proc: ChildProcess; next(): Promise<Entry>; stderr(): string } {
  return watchIn(dir, ...extra);
}

function watchIn(cwd: string, ...extra: string[]): { proc: ChildProcess; next(): Promise<Entry>; stderr(): string } {
  const proc = spawn(process.execPath, [cliJs, 'retrain', '--watch', '--json', ...extra], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  watches.add(proc);
  proc.on('exit', () => watches.delete(proc));
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return {
    proc,
    stderr: () => err,
    async next() {
      const r = await lines.next();
      if (r.done) throw new Error(`the watch ended early:\n${err}`);
      return JSON.parse(r.value) as Entry;
    },
  };
}

const fire = (deployment: string, kind = 'drift') => client.fireAlert({ deployment, kind, severity: 'warning', message: `${kind} on 4 of 6 features` });

async function stop(w: ReturnType<typeof watch>): Promise<number | null> {
  w.proc.kill('SIGINT');
  return new Promise((r) => w.proc.on('exit', (code) => r(code)));
}

test('mode ask: the alert is reported with the command that retrains; nothing runs', async () => {
  const w = watch();
  const start = await w.next();
  assert.equal(start.event, 'watching');
  assert.deepEqual(start.deployments, ['production']);
  await fire('production');
  const e = await w.next();
  assert.deepEqual([e.event, e.action], ['alert', 'ask']);
  assert.match(e.text!, /drift alert on production/);
  assert.match(e.text!, /ponte retrain --deployment production --approve/);
  assert.equal(await stop(w), 130);
  assert.doesNotMatch(w.stderr(), /\n\s+at /, 'no stack trace');
});

test('--approve: an alert on the watched deployment starts a retrain (refused here: this test holds the lock) and the watch goes on; another deployment is only reported', async () => {
  const w = watch('--approve');
  assert.equal((await w.next()).event, 'watching');
  await fire('production');
  const alert = await w.next();
  assert.deepEqual([alert.event, alert.action], ['alert', 'retrain']);
  const refused = await w.next();
  assert.deepEqual([refused.event, refused.code], ['refused', 'retrain.busy']);
  await fire('staging-elsewhere');
  const other = await w.next();
  assert.deepEqual([other.event, other.action, other.alert?.deployment], ['alert', 'none', 'staging-elsewhere']);
  await fire('production', 'accuracy');
  const again = await w.next();
  assert.deepEqual([again.event, again.action], ['alert', 'retrain'], 'a refused retrain does not stop the watch');
  assert.equal((await w.next()).event, 'refused');
  assert.equal(await stop(w), 130);
});

test('mode auto: the same without --approve', async () => {
  const file = join(dir, 'ponte.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('mode: ask', 'mode: auto'));
  try {
    const w = watch();
    assert.equal((await w.next()).event, 'watching');
    await fire('production');
    const e = await w.next();
    assert.deepEqual([e.event, e.action], ['alert', 'retrain']);
    assert.equal((await w.next()).code, 'retrain.busy');
    assert.equal(await stop(w), 130);
  } finally {
    writeFileSync(file, text);
  }
});

test('an alert fired while the event stream was down is acted on once the watch reconnects', { timeout: 120_000 }, async () => {
  // A project of its own: its backend is stopped and started again on the same address.
  const own = copyProject('examples/churn');
  const port = await freePort();
  const serve = () => spawnServe(['--port', String(port), '--root', own, '--log-level', 'warn'], { PONTE_BACKEND: '', PONTE_DB: '' });
  const first = await serve();
  const w = watchIn(own, '--approve');
  let second: ServerProc | undefined;
  try {
    assert.equal((await w.next()).event, 'watching');
    first.proc.kill('SIGTERM');
    await first.exited;
    // Fired into the store while no server listens: no event can carry it to the watch.
    const store = await openStore({ dataDir: join(own, '.ponte', 'db') });
    await store.fireAlert({ deployment: 'production', kind: 'drift', severity: 'warning', message: 'fired while the watch was away' });
    await store.close();
    second = await serve();
    const e = await w.next();
    assert.deepEqual([e.event, e.action], ['alert', 'retrain']);
    assert.match(e.text!, /fired while the watch was away/);
    // No lock here: the retrain runs, and stops at its first step (the copy has no production rows).
    const done = await w.next();
    assert.deepEqual([done.event, done.result?.ok, done.result?.failedStep], ['retrained', false, 'export']);
    assert.equal(await stop(w), 130);
  } finally {
    first.proc.kill('SIGTERM');
    second?.proc.kill('SIGTERM');
    await second?.exited;
    removeProject(own);
  }
});
