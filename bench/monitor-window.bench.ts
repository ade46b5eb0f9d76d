// Closing monitoring windows at scale, on PostgreSQL (the team backend): windows of 100,000
// predictions × 20 features close with sketch drift against a stored reference profile, in a
// child process whose peak RSS is measured (target < 200 MB: memory flat in the window's size);
// and ingest with windows closing at the same time against the same ingest alone, alternating
// (alone, closing, alone, closing) so the machine's drift hits both. Ingest is measured twice:
// saturated (1,000-row batches back to back: the store's ceiling, which on 2 cores shares the CPU
// with the closer, so it is reported with the CPU the machine and the closer used) and paced as
// the proxy's recorder sends (a batch every 50 ms at --rate predictions a second, above what the
// proxy forwards here): that one must keep its rate. The closer also reports its longest event
// loop stall, what a proxy sharing its process would wait at most.
// Run: npx tsx bench/monitor-window.bench.ts [--windows 3] [--size 100000] [--seconds 10] [--rate 2000]
// (--seconds: how long each ingest-alone measurement runs)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Json, PredictionInput } from '../src/core/api';
import { profileDataset, profileToJson, profileFromJson, runLoadJob } from '../src/core/drift';
import { monitorSettingsOf, windowPlan } from '../src/core/monitor';
import { openStore, type SqlStore } from '../src/core/store';
import { rng } from '../test/fixtures/monitor/generated-rows';
// The same private cluster and throwaway databases the tests use.
import { freshPostgresDb } from '../test/integration/server/lib/backends';

const { values } = parseArgs({ options: { windows: { type: 'string', default: '3' }, size: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, rate: { type: 'string', default: '2000' }, child: { type: 'string' } } });
const WINDOWS = Number(values.windows);
const SIZE = Number(values.size);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const FEATURES = Array.from({ length: 20 }, (_, i) => `f${i}`);

/** 20 features: 15 numeric (normal, the last one shifted when drifted), 5 categorical. */
function features(r: () => number, shift: number): Record<string, Json> {
  const out: Record<string, Json> = {};
  FEATURES.forEach((f, i) => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    out[f] = i < 15 ? Math.round((100 * i + 10 * z + (i === 14 ? shift : 0)) * 100) / 100 : ['a', 'b', 'c', 'd'][Math.floor(r() * 4)];
  });
  return out;
}

function batch(deployment: string, from: number, n: number, startMs: number, shift: number, seed: number): PredictionInput[] {
  const r = rng(seed + from);
  return Array.from({ length: n }, (_, i) => ({ id: `${deployment}-${String(from + i).padStart(9, '0')}`, deployment, timestamp: new Date(startMs + from + i).toISOString(), features: features(r, shift), prediction: r(), latencyMs: 1 + r() * 20, status: 200 }));
}

/** The child: closes every complete window of `closing` and reports its peak RSS. */
async function child(url: string): Promise<void> {
  const store = await openStore({ url });
  const d = await store.getDeployment('closing');
  const settings = monitorSettingsOf(d)!;
  const stored = await store.getReferenceProfile(settings.reference!.dataset, settings.reference!.hash);
  const reference = profileFromJson(JSON.stringify(stored!.profile), 'reference');
  // Node, tsx, the modules, the pool and the profile: what the process holds before any window.
  const startRssMb = process.memoryUsage().rss / 1024 / 1024;
  // The parent measures ingest from here: tsx and the start-up are not the closer's cost.
  process.stdout.write('ready\n');
  const started = Date.now();
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const windows = [];
  for (let r; (r = await store.closeWindow('closing', windowPlan(settings, reference))); ) {
    const drift = r.window.stats.drift as { share: number; datasetDrift: boolean };
    windows.push({ seq: r.window.seq, count: r.window.count, share: drift.share, drift: drift.datasetDrift });
  }
  loop.disable();
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await store.close();
  const report: ChildReport = { windows, seconds, startRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024, cores: (used.user + used.system) / 1e6 / seconds, maxStallMs: loop.max / 1e6 };
  process.stdout.write(JSON.stringify(report) + '\n');
}

type ChildReport = { windows: { seq: number | null; count: number; share: number; drift: boolean }[]; seconds: number; startRssMb: number; maxRssMb: number; cores: number; maxStallMs: number };

/** Starts the closer; `ready` resolves when it begins closing, `done` with its report. */
function closeInChild(url: string): { ready: Promise<void>; done: Promise<ChildReport> } {
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const done = new Promise<ChildReport>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (out.startsWith('ready\n')) onReady();
    });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as ChildReport) : reject(new Error(`closer exited ${code}`))));
  });
  return { ready, done };
}

interface Ingest { rate: number; n: number; busy: number; p99Ms?: number }

/** The machine's CPU time so far, busy and total, over every core (/proc/stat). */
function cpuTimes(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - f[4], total };
}

/** Runs `body` until `done()`; returns predictions a second, how many, and the share of the machine's CPU busy meanwhile. */
async function measured(done: () => boolean, body: (n: number) => Promise<number>): Promise<Ingest> {
  const started = Date.now();
  const cpu0 = cpuTimes();
  let n = 0;
  while (!done()) n += await body(n);
  const cpu1 = cpuTimes();
  return { rate: n / ((Date.now() - started) / 1000), n, busy: (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total) };
}

/** Saturated: 1,000-row batches into another deployment, back to back, until `done()`. */
function ingestUntil(store: SqlStore, done: () => boolean, offset: number): Promise<Ingest> {
  return measured(done, async (n) => {
    await store.ingestPredictions(batch('ingest', offset + n, 1000, 0, 0, 7));
    return 1000;
  });
}

/** As the proxy's recorder sends: a batch of RATE/20 rows every 50 ms (the next at once when one took longer); also each batch's p99 latency. */
async function ingestPaced(store: SqlStore, done: () => boolean, offset: number): Promise<Ingest> {
  const size = Math.max(1, Math.round(RATE / 20));
  const latencies: number[] = [];
  let due = Date.now();
  const r = await measured(done, async (n) => {
    await new Promise((res) => setTimeout(res, Math.max(0, due - Date.now())));
    due += 50;
    const t = performance.now();
    await store.ingestPredictions(batch('paced', offset + n, size, 0, 0, 9));
    latencies.push(performance.now() - t);
    return size;
  });
  latencies.sort((a, b) => a - b);
  return { ...r, p99Ms: latencies[Math.floor(latencies.length * 0.99)] };
}

async function main(): Promise<void> {
  const db = await freshPostgresDb();
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-window-bench-'));
  const store = await openStore({ url: db.url });
  try {
    const r = rng(1);
    writeFileSync(path.join(dir, 'ref.csv'), `${FEATURES.join(',')}\n${Array.from({ length: 50_000 }, () => Object.values(features(r, 0)).map(String).join(',')).join('\n')}\n`);
    const profile = await profileDataset(path.join(dir, 'ref.csv'), { threads: false, inThread: runLoadJob });
    await store.putReferenceProfile('reference', 'bench', profileToJson(profile) as unknown as Record<string, Json>);
    await store.upsertDeployment({ name: 'closing', target: 'docker', status: 'running', config: { monitor: { window: { size: SIZE }, drift: { share: 0.04 }, reference_profile: { dataset: 'reference', hash: 'bench' } } } });
    const start = Date.now() - 24 * 3_600_000;
    const fill = async (round: number) => {
      for (let w = 0; w < WINDOWS; w++) {
        // the last window of each round drifts (f14 shifted by two standard deviations)
        const shift = w === WINDOWS - 1 ? 20 : 0;
        for (let i = 0; i < SIZE; i += 2000) await store.ingestPredictions(batch('closing', (round * WINDOWS + w) * SIZE + i, Math.min(2000, SIZE - i), start, shift, round * 1000 + w));
      }
    };

    console.log(`| round | ingest | alone (pred/s, machine CPU busy) | while closing (pred/s, machine CPU busy) | ratio | windows closed | close time (s) | closer cores used | closer longest loop stall (ms) | closer RSS before / peak (MB) | drift verdicts |`);
    console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    let offset = 0;
    let round = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const [what, ingest] of [['saturated', ingestUntil], [`paced ${RATE}/s`, ingestPaced]] as const) {
        await fill(round);
        const until = Date.now() + SECONDS * 1000;
        const alone = await ingest(store, () => Date.now() >= until, offset);
        offset += alone.n;
        let closed = false;
        const closing = closeInChild(db.url);
        void closing.done.finally(() => (closed = true)).catch(() => undefined);
        await closing.ready;
        const during = await ingest(store, () => closed, offset);
        offset += during.n;
        const c = await closing.done;
        const p99 = (x: Ingest) => (x.p99Ms === undefined ? '' : `, batch p99 ${x.p99Ms.toFixed(0)} ms`);
        console.log(`| ${round + 1} | ${what} | ${alone.rate.toFixed(0)} (${pct(alone.busy)}${p99(alone)}) | ${during.rate.toFixed(0)} (${pct(during.busy)}${p99(during)}) | ${(during.rate / alone.rate).toFixed(2)} | ${c.windows.map((w) => `#${w.seq} ${w.count}`).join(', ')} | ${c.seconds.toFixed(1)} | ${c.cores.toFixed(2)} | ${c.maxStallMs.toFixed(0)} | ${c.startRssMb.toFixed(0)} / ${c.maxRssMb.toFixed(0)} | ${c.windows.map((w) => (w.drift ? 'drift' : 'calm')).join(', ')} |`);
        round++;
      }
    }
    console.log(`\ntarget: closer peak RSS < 200 MB for windows of ${SIZE.toLocaleString('en')} × ${FEATURES.length} features; the paced ingest (the proxy's) keeps its rate while closing (ratio 1.00); the saturated one shows the store's ceiling, shared with the closer's CPU on this machine (measured over exactly the time the closer ran).`);
  } finally {
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.child) void child(values.child).catch((e) => {
  console.error(e);
  process.exit(1);
});
else void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
