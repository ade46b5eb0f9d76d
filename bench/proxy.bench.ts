// The monitoring proxy's cost: autocannon against a model container directly and through
// `ponte serve`'s /deployments/<name>/predict, in the same run, alternating (direct, proxy,
// direct, proxy) so a drift of the machine's speed hits both. Targets: proxy p99 at most 1 ms
// above direct, throughput at least 80% of direct, and no prediction missing from the store.
// The model is a real container on the local Docker engine: the example's image when
// --image names one, else the deployment tests' stand-in model built on the offline base image.
// Run: npx tsx bench/proxy.bench.ts [--duration 10] [--connections 8] [--image churn-model:1]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openStore } from '../src/core/store';
import { deploy, dockerEngine, undeploy } from '../src/core/deploy';
import { createLogger } from '../src/server/log';
import { deploymentProxy } from '../src/server/proxy';
import { startServer } from '../src/server/server';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' }, image: { type: 'string' } } });
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const root = path.resolve(__dirname, '..');
const project = `bench${process.pid}`;
const body = JSON.stringify({ age: 42, income: 52000, plan: 'pro', tenure_months: 12, monthly_charges: 49.5, support_calls: 1 });

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; ok: number; failed: number }> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { rps: r['2xx'] / DURATION, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], failed: r.non2xx + r.errors + r.timeouts };
}

async function main(): Promise<void> {
  let image = values.image;
  if (!image) {
    image = `ponte-bench/tiny-model:${process.pid}`;
    execFileSync('docker', ['build', '-q', '--build-arg', 'MODEL_VERSION=1', '-t', image, path.join(root, 'test/fixtures/deploy/tiny-model')], { stdio: 'pipe' });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-proxy-bench-'));
  const store = await openStore({ dataDir: path.join(dir, 'db') });
  // PONTE_BENCH_NO_RECORD=1: forwarding alone (the queue takes nothing), to tell its cost from recording's.
  const proxy = deploymentProxy(store, createLogger('warn'), process.env.PONTE_BENCH_NO_RECORD === '1' ? { capacity: 0 } : {});
  const server = await startServer({ host: '127.0.0.1', port: 0, api: store, logger: createLogger('warn'), mounts: [proxy] });
  const engine = dockerEngine();
  try {
    const d = await deploy(
      { project, name: 'bench', target: 'docker', image, modelName: 'bench', modelVersion: 1, containerPort: 8080, health: '/health', predict: '/predict', strategy: 'rolling', monitor: { features: ['age', 'income', 'plan'], prediction: 'churn_probability' } },
      { api: store, engine, drainMs: 0 },
    );
    const direct = `${d.url}/predict`;
    const proxied = `${server.url}/deployments/bench/predict`;
    await load(direct); // warm-up: the model's first requests, the proxy's connections
    const rows: { what: string; rps: number; p50: number; p99: number; ok: number; failed: number }[] = [];
    let proxiedOk = 0;
    for (let round = 1; round <= 2; round++) {
      rows.push({ what: `direct #${round}`, ...(await load(direct)) });
      const p = await load(proxied);
      proxiedOk += p.ok;
      rows.push({ what: `proxy #${round}`, ...p });
    }
    await proxy.recorder.flush();
    let stored = 0;
    let token: string | undefined;
    do {
      const page = await store.listPredictions({ deployment: 'bench', limit: 1000, pageToken: token });
      stored += page.items.length;
      token = page.nextPageToken;
    } while (token);
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const directRows = rows.filter((r) => r.what.startsWith('direct'));
    const proxyRows = rows.filter((r) => r.what.startsWith('proxy'));
    console.log(`\nmonitoring proxy, ${CONNECTIONS} connections, ${DURATION} s per run, image ${image}\n`);
    console.log('| run | req/s | p50 ms | p99 ms | failed |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.what} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.failed} |`);
    const ratio = (proxyRows[0].rps / directRows[0].rps + proxyRows[1].rps / directRows[1].rps) / 2;
    const p99Delta = med(proxyRows.map((r, i) => r.p99 - directRows[i].p99));
    console.log(`\nthroughput proxy/direct: ${(ratio * 100).toFixed(1)}% (target >= 80%)`);
    console.log(`p99 proxy - direct: ${p99Delta.toFixed(2)} ms (target <= 1 ms)`);
    console.log(`stored predictions: ${stored} of ${proxiedOk} answered through the proxy (${proxy.recorder.stats.dropped} dropped, ${proxy.recorder.stats.failed} failed)`);
    await undeploy(store, engine, project, 'bench');
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (!values.image) execFileSync('docker', ['rmi', '-f', image], { stdio: 'pipe' });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
