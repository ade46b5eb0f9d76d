// Sustained prediction ingest through `ponte serve`, with autocannon on loopback: batches of
// fresh predictions POSTed to /api/v1/predictions for 30 s per store, against the targets
// (PGlite >= 20,000/s, PostgreSQL >= 50,000/s). The reference, measured in the same run, is the
// store's own ingest rate called in-process without HTTP; the table gives both ratios.
// Run: npx tsx bench/ingest.bench.ts [--duration 30] [--batch 1000] [--connections 4]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openStore } from '../src/core/store';
import type { PredictionInput } from '../src/core/api';
// The same private cluster and throwaway databases the API tests use.
import { freshPostgresDb } from '../test/integration/server/lib/backends';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '30' }, batch: { type: 'string', default: '1000' }, connections: { type: 'string', default: '4' } },
});
const DURATION = Number(values.duration);
const BATCH = Number(values.batch);
const CONNECTIONS = Number(values.connections);
const root = path.resolve(__dirname, '..');
const MARK = '~ID~';

function prediction(id: string, i: number): PredictionInput {
  return { id, deployment: 'bench', features: { age: 18 + (i % 70), income: 1000 + i * 3.5, plan: i % 2 ? 'pro' : 'basic' }, prediction: (i % 100) / 100, latencyMs: 1 + (i % 9), status: 200 };
}

/** The body as pieces around the id prefix, so each request gets fresh ids for the cost of a join. */
const pieces = JSON.stringify({ predictions: Array.from({ length: BATCH }, (_, i) => prediction(`${MARK}-${i}`, i)) }).split(MARK);

function startServe(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve', '--port', '0', '--log-level', 'warn', '--no-server-file', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve({ proc, url: (JSON.parse(line) as { url: string }).url });
    });
    proc.once('exit', (c) => reject(new Error(`ponte serve exited with ${c}`)));
  });
}

/** SIGTERM, then wait: the server finishes what is in flight before the database goes. */
function stop(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  return exited;
}

async function load(url: string, tag: string): Promise<{ rate: number; p50: number; p99: number; errors: number; non2xx: number }> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/predictions',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: pieces.join(`${tag}${n++}`) }),
      },
    ],
  });
  return {
    rate: (result['2xx'] * BATCH) / DURATION,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The store alone: the same batches through ingestPredictions in this process, no HTTP. */
async function direct(options: { url?: string; dataDir?: string }): Promise<number> {
  const store = await openStore(options);
  const seconds = Math.min(DURATION, 10);
  const started = Date.now();
  let stored = 0;
  for (let b = 0; Date.now() - started < seconds * 1000; b++) {
    const batch = Array.from({ length: BATCH }, (_, i) => prediction(`direct-${b}-${i}`, i));
    stored += (await store.ingestPredictions(batch)).accepted;
  }
  const rate = stored / ((Date.now() - started) / 1000);
  await store.close();
  return rate;
}


async function main() {
  const rows: string[][] = [['store', 'HTTP predictions/s', 'p50 ms', 'p99 ms', 'errors', 'target/s', 'vs target', 'store alone/s', 'HTTP / store alone']];
  const tmp = mkdtempSync(path.join(tmpdir(), 'ponte-bench-'));
  try {
    // PGlite: one writer, so the direct reference runs before the server takes the store.
    const pgliteDir = path.join(tmp, 'db');
    const pgliteDirect = await direct({ dataDir: path.join(tmp, 'direct-db') });
    const s1 = await startServe(['--data-dir', pgliteDir, '--root', tmp]);
    const r1 = await load(s1.url, 'l');
    await stop(s1.proc);
    rows.push(['PGlite', r1.rate.toFixed(0), String(r1.p50), String(r1.p99), String(r1.errors + r1.non2xx), '20000', (r1.rate / 20000).toFixed(2), pgliteDirect.toFixed(0), (r1.rate / pgliteDirect).toFixed(2)]);

    const db = await freshPostgresDb();
    try {
      const pgDirect = await direct({ url: db.url });
      const s2 = await startServe(['--db', db.url, '--root', tmp]);
      const r2 = await load(s2.url, 'p');
      await stop(s2.proc);
      rows.push(['PostgreSQL', r2.rate.toFixed(0), String(r2.p50), String(r2.p99), String(r2.errors + r2.non2xx), '50000', (r2.rate / 50000).toFixed(2), pgDirect.toFixed(0), (r2.rate / pgDirect).toFixed(2)]);
    } finally {
      await db.drop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\ningest: ${DURATION} s per store, batches of ${BATCH}, ${CONNECTIONS} connections, loopback\n`);
  for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
