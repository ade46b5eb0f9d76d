// The monitoring proxy's cost: autocannon against a model container directly and through the
// proxy's /deployments/<name>/predict, in the same run, alternating (direct, proxy, direct,
// proxy...) so a drift of the machine's speed hits both. Targets: proxy p99 at most 1 ms above
// direct, throughput at least 80% of direct, and no prediction missing from the store.
// A third arm, bench/bare-forwarder.ts, forwards to the same upstream with nothing else: what any
// Node.js forwarder costs on this machine, so the proxy's own share can be told apart.
// The proxy runs as `ponte serve` runs it: in its own process (the store, the proxy and the
// server, the embedded store's PGlite in a worker thread), so the load generator, here in the
// parent, measures both paths from outside and never shares the proxy's event loop.
// The model is a real container on the local Docker engine: the example's image when --image
// names one, else the deployment tests' stand-in model built on the offline base image.
// Run: npx tsx bench/proxy.bench.ts [--backend pglite|postgres] [--rounds 3] [--duration 10]
//      [--connections 8] [--image churn-model:1] [--pin] [--rate N]
// --rate N: both paths held to N req/s, so the CPU per request compares at the same load (the
// throughput ratio then says nothing).
// --pin: the proxy process on CPU 1, the load generator on CPU 0 (taskset), the model floating.
// PONTE_BENCH_NO_RECORD=1: forwarding alone (the queue takes nothing), to tell its cost from recording's.
// PONTE_BENCH_STORE_IN_LOOP=1: PGlite on the proxy's event loop, as before ponte serve gave it a thread.
// PONTE_BENCH_CPU_PROF=DIR: a CPU profile of the proxy process, written to DIR.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openStore } from '../src/core/store';
import { deploy, dockerEngine, undeploy } from '../src/core/deploy';
import { createLogger } from '../src/server/log';
import { deploymentProxy } from '../src/server/proxy';
import { startServer } from '../src/server/server';
import { freshPostgresDb } from '../test/integration/server/lib/backends';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'pglite' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    image: { type: 'string' },
    pin: { type: 'boolean', default: false },
    rate: { type: 'string' },
    child: { type: 'string' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
/** Requests per second autocannon keeps to (all connections together); unset: as fast as answered. */
const RATE = values.rate ? Number(values.rate) : undefined;
const root = path.resolve(__dirname, '..');
const body = JSON.stringify({ age: 42, income: 52000, plan: 'pro', tenure_months: 12, monthly_charges: 49.5, support_calls: 1 });

interface Urls { direct: string; proxied: string; /** where the proxy forwards to: the bridge address, or the published port */ upstream: string }
interface Count { stored: number; dropped: number; failed: number }
interface Load { rps: number; p50: number; p99: number; ok: number; failed: number }
/** CPU µs of the proxy process by thread. */
interface ProxyCpu { loop: number; store: number; other: number }

/** The child: the store (PGlite in a worker thread, or PostgreSQL), the proxy and the server; deploys the model, then waits for `count`. */
async function child(spec: { image: string; store: string }): Promise<void> {
  const project = `bench${process.pid}`;
  const before = new Set(threadCpu().keys());
  const store = await openStore(spec.store.startsWith('postgres') ? { url: spec.store } : { dataDir: spec.store, thread: process.env.PONTE_BENCH_STORE_IN_LOOP !== '1' });
  // the threads that opening the store started: the embedded store's worker
  const storeThreads = new Set([...threadCpu().keys()].filter((tid) => !before.has(tid)));
  const proxy = deploymentProxy(store, createLogger('warn'), process.env.PONTE_BENCH_NO_RECORD === '1' ? { capacity: 0 } : {});
  const server = await startServer({ host: '127.0.0.1', port: 0, api: store, logger: createLogger('warn'), mounts: [proxy] });
  const engine = dockerEngine();
  try {
    const d = await deploy(
      { project, name: 'bench', target: 'docker', image: spec.image, modelName: 'bench', modelVersion: 1, containerPort: 8080, health: '/health', predict: '/predict', strategy: 'rolling', monitor: { features: ['age', 'income', 'plan'], prediction: 'churn_probability' } },
      { api: store, engine, drainMs: 0 },
    );
    const upstream = typeof d.config.upstream === 'string' ? d.config.upstream : d.url!;
    const urls: Urls = { direct: `${d.url}/predict`, proxied: `${server.url}/deployments/bench/predict`, upstream };
    process.stdout.write(JSON.stringify(urls) + '\n');
    for await (const line of createInterface({ input: process.stdin })) {
      if (line === 'count') break;
      if (line === 'cpu') process.stdout.write(JSON.stringify(cpuByThread(storeThreads)) + '\n');
    }
    await proxy.recorder.flush();
    let stored = 0;
    let token: string | undefined;
    do {
      const page = await store.listPredictions({ deployment: 'bench', limit: 1000, pageToken: token });
      stored += page.items.length;
      token = page.nextPageToken;
    } while (token);
    const count: Count = { stored, dropped: proxy.recorder.stats.dropped, failed: proxy.recorder.stats.failed };
    process.stdout.write(JSON.stringify(count) + '\n');
  } finally {
    await undeploy(store, engine, project, 'bench').catch(() => undefined);
    await server.close();
    await store.close();
  }
}

/** CPU µs used so far by each thread of this process (/proc/self/task, clock ticks of 10 ms). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      out.set(Number(tid), ticksUs(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** utime + stime of a /proc stat line, in µs. */
function ticksUs(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
}

/** The proxy process's CPU split: its event loop, the store's thread, and the rest (V8's GC and compiler threads, libuv's pool). */
function cpuByThread(storeThreads: Set<number>): ProxyCpu {
  const cpu = { loop: 0, store: 0, other: 0 };
  for (const [tid, us] of threadCpu()) {
    if (tid === process.pid) cpu.loop += us;
    else if (storeThreads.has(tid)) cpu.store += us;
    else cpu.other += us;
  }
  return cpu;
}

/** Starts the child; resolves with its URLs, a `count()` that asks it for the stored total, and its exit. */
function startChild(image: string, store: string): Promise<{ urls: Urls; cpu(): Promise<ProxyCpu>; count(): Promise<Count> }> {
  const prof = process.env.PONTE_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.PONTE_BENCH_CPU_PROF] : [];
  const args = [...prof, '--import', 'tsx', __filename, '--child', JSON.stringify({ image, store })];
  const p = values.pin ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['pipe', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: p.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const r = await lines.next();
    if (r.done) throw new Error('the proxy process ended early (its error is above)');
    return JSON.parse(r.value) as T;
  };
  return next<Urls>().then((urls) => ({
    urls,
    async cpu() {
      p.stdin.write('cpu\n');
      return next<ProxyCpu>();
    },
    async count() {
      p.stdin.write('count\n');
      const c = await next<Count>();
      await new Promise((r) => p.on('exit', r));
      return c;
    },
  }));
}

/** bench/bare-forwarder.ts in a process of its own (pinned as the proxy is), forwarding to `upstream`. */
async function startBareForwarder(upstream: string): Promise<{ url: string; pid: number; stop(): void }> {
  const args = ['--import', 'tsx', path.join(__dirname, 'bare-forwarder.ts'), upstream];
  const p = values.pin ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await createInterface({ input: p.stdout })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error('the bare forwarder ended early (its error is above)');
  // under taskset, the node process is taskset's exec: the same pid
  return { url: `${first.value.trim()}/predict`, pid: p.pid!, stop: () => p.kill() };
}

/** CPU time (µs) used so far by the model's container process. */
function modelCpuUs(pid: number): number {
  return ticksUs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** CPU µs per answered request, by process (and the proxy's by thread), over one run. */
interface Cpu extends ProxyCpu { model: number; generator: number; proxy: number }

async function load(url: string, duration = DURATION, cpu?: () => Promise<ProxyCpu & { model: number }>): Promise<Load & { cpu?: Cpu }> {
  const before = cpu && { ...(await cpu()), generator: process.cpuUsage() };
  const r = await autocannon({ url, connections: CONNECTIONS, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body, ...(RATE ? { overallRate: RATE } : {}) });
  const result = { rps: r['2xx'] / duration, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], failed: r.non2xx + r.errors + r.timeouts };
  if (!before || !cpu) return result;
  const after = await cpu();
  const gen = process.cpuUsage(before.generator);
  const per = (k: keyof ProxyCpu | 'model') => (after[k] - before[k]) / Math.max(1, r['2xx']);
  const split = { loop: per('loop'), store: per('store'), other: per('other') };
  return { ...result, cpu: { model: per('model'), ...split, proxy: split.loop + split.store + split.other, generator: (gen.user + gen.system) / Math.max(1, r['2xx']) } };
}

async function main(): Promise<void> {
  if (values.pin) execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  let image = values.image;
  if (!image) {
    image = `ponte-bench/tiny-model:${process.pid}`;
    execFileSync('docker', ['build', '-q', '--build-arg', 'MODEL_VERSION=1', '-t', image, path.join(root, 'test/fixtures/deploy/tiny-model')], { stdio: 'pipe' });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-proxy-bench-'));
  const db = values.backend === 'postgres' ? await freshPostgresDb() : undefined;
  let bare: { url: string; pid: number; stop(): void } | undefined;
  try {
    const proc = await startChild(image, db?.url ?? path.join(dir, 'db'));
    const { direct, proxied } = proc.urls;
    const port = new URL(direct).port;
    const container = execFileSync('docker', ['ps', '-q', '--filter', `publish=${port}`], { encoding: 'utf8' }).trim().split('\n')[0];
    const modelPid = Number(execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', container], { encoding: 'utf8' }).trim());
    const cpu = async () => ({ model: modelCpuUs(modelPid), ...(await proc.cpu()) });
    bare = await startBareForwarder(proc.urls.upstream);
    const bareCpu = async () => ({ model: modelCpuUs(modelPid), loop: modelCpuUs(bare!.pid), store: 0, other: 0 });
    // warm-up: the model's first requests, the proxy's connections and the JIT of every path
    await load(direct, 3);
    await load(bare.url, 3);
    const warm = await load(proxied, 3);
    let proxiedOk = warm.ok;
    const rounds: { direct: Load & { cpu?: Cpu }; proxy: Load & { cpu?: Cpu }; bare: Load & { cpu?: Cpu } }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const d = await load(direct, DURATION, cpu);
      const p = await load(proxied, DURATION, cpu);
      const b = await load(bare.url, DURATION, bareCpu);
      proxiedOk += p.ok;
      rounds.push({ direct: d, proxy: p, bare: b });
    }
    const count = await proc.count();
    const mode = process.env.PONTE_BENCH_NO_RECORD === '1' ? 'forwarding alone (no recording)' : process.env.PONTE_BENCH_STORE_IN_LOOP === '1' ? 'recording, PGlite on the proxy\'s loop' : 'recording';
    const via = proc.urls.upstream === new URL(direct).origin ? 'the published port' : `the container's bridge address ${proc.urls.upstream}`;
    console.log(`\nmonitoring proxy, ${values.backend}, ${mode}, ${CONNECTIONS} connections, ${DURATION} s per run, image ${image}${values.pin ? ', pinned (proxy CPU 1, autocannon CPU 0)' : ''}${RATE ? `, held to ${RATE} req/s` : ''}; the proxy and the bare forwarder reach the model at ${via}\n`);
    console.log('| round | direct req/s | proxy req/s (ratio) | bare forwarder req/s (ratio) | direct p50 / p99 ms | proxy p50 / p99 (delta) | bare p50 / p99 (delta) | failed |');
    console.log('|---|---|---|---|---|---|---|---|');
    const pct = (a: Load, b: Load) => `${((100 * a.rps) / b.rps).toFixed(1)}%`;
    const delta = (a: Load, b: Load) => `${a.p99 - b.p99 >= 0 ? '+' : ''}${a.p99 - b.p99}`;
    rounds.forEach((r, i) =>
      console.log(`| ${i + 1} | ${r.direct.rps.toFixed(0)} | ${r.proxy.rps.toFixed(0)} (${pct(r.proxy, r.direct)}) | ${r.bare.rps.toFixed(0)} (${pct(r.bare, r.direct)}) | ${r.direct.p50} / ${r.direct.p99} | ${r.proxy.p50} / ${r.proxy.p99} (${delta(r.proxy, r.direct)}) | ${r.bare.p50} / ${r.bare.p99} (${delta(r.bare, r.direct)}) | ${r.direct.failed + r.proxy.failed + r.bare.failed} |`),
    );
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = med(rounds.map((r) => r.proxy.rps / r.direct.rps));
    const p99Delta = med(rounds.map((r) => r.proxy.p99 - r.direct.p99));
    const bareRatio = med(rounds.map((r) => r.bare.rps / r.direct.rps));
    const bareDelta = med(rounds.map((r) => r.bare.p99 - r.direct.p99));
    console.log(`\nthroughput proxy/direct, median of ${ROUNDS}: ${(ratio * 100).toFixed(1)}% (target >= 80%) ${ratio >= 0.8 ? 'met' : 'NOT met'}; the bare forwarder ${(bareRatio * 100).toFixed(1)}%`);
    console.log(`p99 proxy - direct, median of ${ROUNDS}: ${p99Delta} ms (target <= 1 ms) ${p99Delta <= 1 ? 'met' : 'NOT met'}; the bare forwarder ${bareDelta} ms`);
    const dMed = (k: keyof Cpu) => med(rounds.map((x) => x.direct.cpu![k]));
    const pMed = (k: keyof Cpu) => med(rounds.map((x) => x.proxy.cpu![k]));
    console.log(`\nCPU per answered request (median of ${ROUNDS}): direct: model ${dMed('model').toFixed(0)} µs, autocannon ${dMed('generator').toFixed(0)} µs; through the proxy: model ${pMed('model').toFixed(0)} µs, proxy process ${pMed('proxy').toFixed(0)} µs (its loop ${pMed('loop').toFixed(0)}, the store's thread ${pMed('store').toFixed(0)}, V8's and libuv's threads ${pMed('other').toFixed(0)}), autocannon ${pMed('generator').toFixed(0)} µs; through the bare forwarder: its process ${med(rounds.map((x) => x.bare.cpu!.loop)).toFixed(0)} µs`);
    console.log(`stored predictions: ${count.stored} for ${proxiedOk} answered 2xx through the proxy (${count.dropped} dropped, ${count.failed} failed; requests cut off at a run's end are stored but not counted as answered)`);
  } finally {
    bare?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    if (!values.image) execFileSync('docker', ['rmi', '-f', image], { stdio: 'pipe' });
  }
}

// The child exits once it has answered: the Docker client's keep-alive sockets would hold it.
const run = values.child ? child(JSON.parse(values.child) as { image: string; store: string }).then(() => process.exit(0)) : main();
run.catch((e) => {
  console.error(e);
  process.exit(1);
});
