// `ponte serve --cloudwatch-emf` as a real process (needs `npm run build`): windows closed from
// ingested traffic come out as whole EMF lines, one set per window, in the file (appended) or on
// stdout, with the namespace and dimensions of the flags or the environment, and the figures the
// store holds for the same windows. A bad dimension or an unwritable file stops it before it listens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient, type Json, type MonitoringWindow } from '../../../src/core/api';
import { cliJs, tempDir } from '../server/lib/backends';
import { serveRefusal } from '../server/lib/server-process';
import { rows, storeReference, traffic } from '../monitor/lib/traffic';
import type { SqlStore } from '../../../src/core/store';
import { checkLine, type Line } from '../../unit/core/export/lib/emf-spec';

interface Serve {
  url: string;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const proc = spawn(process.execPath, [cliJs, 'serve', '--port', '0', '--log-level', 'error', ...args], { env: { ...process.env, PONTE_DB: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const exited = new Promise((r) => proc.once('exit', r));
  let listening = false;
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line && !listening) {
        listening = true;
        resolve({ url: (JSON.parse(line) as { url: string }).url, stdout: () => out, stderr: () => err, stop: async () => void (proc.kill('SIGTERM'), await exited) });
      }
    });
    void exited.then(() => reject(new Error(`ponte serve exited before listening:\n${err}`)));
  });
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    if (i > 600) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const MONITOR = (ref: Json): Record<string, Json> => ({ features: ['age', 'income', 'plan'], window: { size: 200 }, drift: { method: 'auto', share: 0.5 }, latency: { p95_ms: 100 }, reference_profile: ref });

/** Three windows of traffic through the API; the store's windows, oldest first. */
async function threeWindows(url: string, dir: string): Promise<MonitoringWindow[]> {
  const client = new HttpClient({ url });
  try {
    const ref = await storeReference(client as unknown as SqlStore, dir, 2000);
    await client.upsertDeployment({ name: 'shop', target: 'docker', status: 'running', config: { monitor: MONITOR(ref) } });
    await client.ingestPredictions(traffic('shop', rows(600, 3), Date.now() - 60_000, 'p'));
    return await until('three windows', async () => {
      const w = await client.listWindows('shop', 10);
      return w.length >= 3 ? w.reverse() : undefined;
    });
  } finally {
    await client.close();
  }
}

function agree(lines: Line[], windows: MonitoringWindow[], dims: Record<string, string>, namespace: string): void {
  assert.equal(lines.length, windows.length, 'one line per window (few metrics)');
  for (const [i, w] of windows.entries()) {
    const l = lines[i];
    assert.equal(l.WindowSeq, w.seq);
    assert.equal(l._aws.Timestamp, Date.parse(w.end));
    assert.equal(l._aws.CloudWatchMetrics[0].Namespace, namespace);
    assert.deepEqual(l._aws.CloudWatchMetrics[0].Dimensions, [['Deployment', ...Object.keys(dims)]]);
    for (const [k, v] of Object.entries({ Deployment: 'shop', ...dims })) assert.equal(l[k], v);
    const s = w.stats as { latency: Record<string, number>; errorRate: number; drift: { share: number; columns: { column: string; statistic: number }[] } };
    assert.equal(l.Predictions, w.count);
    assert.equal(l.LatencyP95, s.latency.p95);
    assert.equal(l.ErrorRate, s.errorRate);
    assert.equal(l.DriftShare, s.drift.share);
    assert.deepEqual(s.drift.columns.map((c) => l[`Drift.${c.column}`]), s.drift.columns.map((c) => c.statistic));
  }
}

test('serve --cloudwatch-emf FILE: each closed window appended as whole EMF lines with the figures of the store', async () => {
  const tmp = tempDir('ponte-emf-');
  const file = join(tmp.dir, 'emf.log');
  writeFileSync(file, '{"earlier":"line kept"}\n');
  const s = await serve(['--root', tmp.dir, '--cloudwatch-emf', file, '--cloudwatch-namespace', 'Ponte/Test', '--cloudwatch-dimension', 'Service=shop', '--cloudwatch-dimension', 'Stage=prod']);
  try {
    const windows = await threeWindows(s.url, tmp.dir);
    const text = await until('three EMF lines', () => {
      const t = readFileSync(file, 'utf8');
      return t.split('\n').length - 2 >= 3 ? t : undefined;
    });
    assert.ok(text.endsWith('\n'), 'never a half line');
    const [earlier, ...lines] = text.trimEnd().split('\n');
    assert.equal(earlier, '{"earlier":"line kept"}', 'appended, not replaced');
    agree(lines.map(checkLine), windows, { Service: 'shop', Stage: 'prod' }, 'Ponte/Test');
  } finally {
    await s.stop();
    tmp.remove();
  }
});

test('serve --cloudwatch-emf - (from the environment): the lines on stdout beside the listening line', async () => {
  const tmp = tempDir('ponte-emf-');
  const s = await serve(['--root', tmp.dir], { PONTE_CLOUDWATCH_EMF: '-', PONTE_CLOUDWATCH_DIMENSIONS: 'Service=shop' });
  try {
    const windows = await threeWindows(s.url, tmp.dir);
    const lines = await until('three EMF lines on stdout', () => {
      const ls = s.stdout().split('\n').filter((l) => l.includes('"_aws"'));
      return ls.length >= 3 ? ls : undefined;
    });
    agree(lines.map(checkLine), windows, { Service: 'shop' }, 'Ponte');
  } finally {
    await s.stop();
    tmp.remove();
  }
});

test('a bad dimension or a file that cannot be opened: serve refuses to start, naming it', async () => {
  const tmp = tempDir('ponte-emf-');
  try {
    const dim = await serveRefusal(['--port', '0', '--root', tmp.dir, '--cloudwatch-emf', '-', '--cloudwatch-dimension', 'Service']);
    assert.equal(dim.code, 2);
    assert.match(dim.stderr, /error\[usage.bad_emf_dimension\]: --cloudwatch-dimension: "Service" is not a KEY=VALUE dimension/);
    const missing = join(tmp.dir, 'no', 'such', 'emf.log');
    const file = await serveRefusal(['--port', '0', '--root', tmp.dir, '--cloudwatch-emf', missing]);
    assert.equal(file.code, 1);
    assert.match(file.stderr, /cannot open the CloudWatch EMF file/);
    assert.ok(file.stderr.includes(missing));
    assert.ok(!existsSync(join(tmp.dir, '.ponte', 'server.json')), 'never listened');
  } finally {
    tmp.remove();
  }
});

test('a full disk (/dev/full): each failed window is logged and the windows keep closing', async () => {
  const tmp = tempDir('ponte-emf-');
  const s = await serve(['--root', tmp.dir, '--cloudwatch-emf', '/dev/full']);
  try {
    const windows = await threeWindows(s.url, tmp.dir);
    assert.equal(windows.length, 3);
    const failures = await until('three failures logged', () => {
      const ls = s.stderr().split('\n').filter((l) => l.includes('window.export_failed'));
      return ls.length >= 3 ? ls : undefined;
    });
    assert.match(failures[0], /cannot append to \/dev\/full/);
  } finally {
    await s.stop();
    tmp.remove();
  }
});
