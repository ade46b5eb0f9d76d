// `ponte export grafana` proven end to end (needs `npm run build`, Docker and Debian's
// prometheus): a real `ponte serve` runs a real container deployed by `ponte deploy`; traffic and
// labels go through its proxy and feedback endpoint until windows close; a real Prometheus,
// started here on a free loopback port with its own config and storage, scrapes /metrics; then
// every query of every panel of the exported dashboard, with the dashboard's variables filled in
// as Grafana would, returns data through Prometheus' HTTP API, and so does the deployment variable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HttpClient } from '../../../src/core/api';
import { grafanaDashboard, prometheusRules } from '../../../src/core/export';
import { loadProject } from '../../../src/core/project';
import { readServerFile } from '../../../src/core/workspace';
import { tempDir } from '../server/lib/backends';
import { CLI, ponte } from '../pipeline/lib/project';
import { freePort } from '../server/lib/free-port';

const FIXTURE = resolve(__dirname, '../../fixtures/deploy/tiny-model');
const project = `obsexport${process.pid}`;
const image = `ponte-test/obs-export-tiny-${process.pid}`;
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const YAML = `version: 1
project: ${project}
datasets:
  reference: { path: reference.csv }
model: { name: tiny, path: models/tiny.pkl }
container: { dockerfile: Dockerfile, image: ${image}, port: 8080, health: /health }
deployments:
  prod: { target: docker, predict: /predict }
monitor:
  deployment: prod
  reference: reference
  features: [age]
  prediction: churn_probability
  label: churned
  window: { size: 40 }
  drift: { threshold: 0.1, share: 0.5 }
  latency: { p50_ms: 100, p95_ms: 200, p99_ms: 300 }
  error_rate: { max: 0.05 }
  accuracy: { metric: accuracy, min: 0.8 }
`;

let tmp: ReturnType<typeof tempDir>;
let serve: ChildProcess | undefined;
let prometheus: ChildProcess | undefined;
let promUrl: string;

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 900): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (i > tries) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface PromResult { status: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } }

async function query(expr: string): Promise<PromResult> {
  const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await r.json()) as PromResult & { error?: string };
  assert.equal(r.status, 200, `${expr}: ${body.error}`);
  return body;
}

function stopped(p: ChildProcess | undefined): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    p.once('exit', () => r());
    p.kill('SIGTERM');
  });
}

before(async () => {
  docker('build', '-q', '--build-arg', 'MODEL_VERSION=1', '-t', `${image}:1`, FIXTURE);
  tmp = tempDir('ponte-grafana-');
  writeFileSync(join(tmp.dir, 'ponte.yaml'), YAML);
  writeFileSync(join(tmp.dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(tmp.dir, 'reference.csv'), 'age\n' + Array.from({ length: 400 }, (_, i) => 20 + (i % 50)).join('\n') + '\n');
  serve = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'warn'], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } });
  await new Promise<void>((res, rej) => {
    let out = '';
    serve!.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('"listening"')) res();
    });
    serve!.once('exit', (c) => rej(new Error(`ponte serve exited with ${c}`)));
  });
});

after(async () => {
  await stopped(prometheus);
  await stopped(serve);
  const ids = docker('ps', '-aq', '--filter', `label=org.ponte.project=${project}`).trim();
  if (ids) docker('rm', '-f', ...ids.split('\n'));
  docker('rmi', '-f', `${image}:1`);
  tmp?.remove();
});

test('every panel of the exported dashboard returns data from a Prometheus scraping ponte serve', async () => {
  const url = (await readServerFile(tmp.dir))!.url;
  const client = new HttpClient({ url });
  try {
    await client.registerModelVersion({ name: 'tiny', uri: 'models/tiny.pkl' });
    const deployed = ponte(tmp.dir, 'deploy', 'prod', '--model', '1');
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);

    // Prometheus first: the live panels need the counters scraped before and during the traffic.
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const target = new URL(url).host;
    const dir = join(tmp.dir, 'prometheus');
    mkdirSync(dir);
    writeFileSync(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: ponte\n    metrics_path: /metrics\n    static_configs: [{ targets: ['${target}'] }]\n`);
    prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    prometheus.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
    await until('Prometheus to scrape ponte serve a few times', async () => {
      const r = await query('count_over_time(up{job="ponte"}[1m])');
      return r.data.result[0] && Number(r.data.result[0].value[1]) >= 3 && (await query('up{job="ponte"}')).data.result[0].value[1] === '1' ? true : undefined;
    }, 300).catch((e: Error) => assert.fail(`${e.message}\n${log}`));

    // Traffic through the proxy, older customers drawn more often than in the reference (drift),
    // and a label for each answer: the tiny model says age/100, the label says age >= 50.
    const labels: { predictionId: string; label: number }[] = [];
    // In four bursts, each after a fresh scrape, so the counters rise between samples as live traffic does.
    const scrapes = async () => Number((await query('count_over_time(up{job="ponte"}[10m])')).data.result[0]?.value[1] ?? 0);
    for (let i = 0; i < 120; i++) {
      if (i % 30 === 0) {
        const seen = await scrapes();
        await until('another scrape', async () => ((await scrapes()) > seen ? true : undefined));
      }
      const age = 30 + ((i * 7) % 60);
      const r = await fetch(`${url}/deployments/prod/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ age }) });
      assert.equal(r.status, 200);
      await r.arrayBuffer();
      labels.push({ predictionId: r.headers.get('ponte-prediction-id')!, label: age >= 50 ? 1 : 0 });
    }
    await until('the predictions to be stored', async () => ((await client.listPredictions({ deployment: 'prod', limit: 200 })).items.length >= 120 ? true : undefined));
    const fed = await client.addFeedback(labels);
    assert.equal(fed.accepted, 120);
    await until('windows with accuracy', async () => {
      const ws = await client.listWindows('prod', 10);
      return ws.length >= 3 && ws.every((w) => typeof w.stats.accuracy === 'number') ? ws : undefined;
    });

    // Scraped once more after the windows closed, so the monitoring gauges are in Prometheus too.
    await until('the window gauges in Prometheus', async () => ((await query('ponte_monitor_quality{deployment="prod"}')).data.result.length ? true : undefined));

    const dashboard = grafanaDashboard(loadProject(tmp.dir).config).value;
    const variable = dashboard.templating.list.find((v) => v.name === 'deployment') as { query: string };
    const [, metric] = /^label_values\((\w+), deployment\)$/.exec(variable.query)!;
    const values = (await (await fetch(`${promUrl}/api/v1/label/deployment/values?match[]=${metric}`)).json()) as { data: string[] };
    assert.deepEqual(values.data, ['prod'], 'the deployment variable offers the deployment');

    let checked = 0;
    for (const panel of dashboard.panels) {
      for (const t of panel.targets) {
        const expr = t.expr.replaceAll('$deployment', 'prod').replaceAll('$__rate_interval', '5m');
        const r = await query(expr);
        assert.equal(r.status, 'success');
        assert.ok(r.data.result.length > 0, `${panel.title} (${t.legendFormat}): no data for ${expr}`);
        for (const s of r.data.result) assert.ok(Number.isFinite(Number(s.value[1])), `${panel.title}: ${expr} gave ${s.value[1]}`);
        checked++;
      }
    }
    assert.equal(checked, dashboard.panels.reduce((n, p) => n + p.targets.length, 0));

    // The same series feed the alert rules: each rule's expression is a valid query over them.
    for (const rule of prometheusRules(loadProject(tmp.dir).config).value.groups[0].rules) {
      const series = rule.expr.split(' ')[0];
      assert.ok((await query(series)).data.result.length > 0, `${rule.alert}: no series ${series}`);
    }
  } finally {
    await client.close();
  }
});
