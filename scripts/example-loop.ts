// The closed loop `npm run example` runs on a copy of examples/churn (scripts/example.sh prepares
// the copy, the Docker engine and the base image, then runs this): version data, train, test,
// gate, register, build, deploy; production traffic (undrifted, then drifted, labels sent after
// each part); the window that closes with drift fires the alert to the event stream and the local
// webhook sink; `ponte retrain` trains on the new data, gates, builds and redeploys blue/green;
// drifted traffic again finds no drift and a better accuracy. One progress line per step, then a
// summary of every step and where to see it, the summary as JSON and the loop as an HTML page.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync, closeSync, appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { recordEvents, startWebhookSink, type EventRecorder, type WebhookSink } from './example-listeners';
import { renderLoopReport, type LoopAlert, type LoopStep, type LoopSummary, type LoopWindow } from './example-report';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** Debian's interpreter, with scikit-learn and pandas (dvc.yaml's `python` var says the same). */
const PYTHON = '/usr/bin/python3';
const DEPLOYMENT = 'production';

const { values: opts } = parseArgs({
  options: {
    project: { type: 'string' },
    'base-image': { type: 'string' },
    until: { type: 'string', default: 'end' },
    summary: { type: 'string' },
    report: { type: 'string' },
  },
});
if (!opts.project) throw new Error('example-loop: --project DIR is required');
if (opts.until !== 'end' && opts.until !== 'alert') throw new Error('example-loop: --until takes end or alert');
const project = path.resolve(opts.project);
const loopDir = path.join(project, '.ponte', 'loop');
mkdirSync(loopDir, { recursive: true });
const logFile = path.join(loopDir, 'steps.log');
const summaryFile = path.resolve(opts.summary ?? path.join(loopDir, 'summary.json'));
const reportFile = path.resolve(opts.report ?? path.join(loopDir, 'report.html'));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; its output goes to steps.log (and is returned). */
function run(program: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  appendFileSync(logFile, `\n$ ${[program, ...args].join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: project, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      appendFileSync(logFile, d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      appendFileSync(logFile, d);
    });
    child.on('error', (e) => resolve({ code: null, stdout, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const ponte = (...args: string[]) => run(process.execPath, [CLI, ...args]);

function must(r: Ran, what: string): Ran {
  if (r.code !== 0) {
    const tail = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-6).join('\n');
    throw new Error(`${what} failed (exit ${r.code}):\n${tail}`);
  }
  return r;
}
/** The last line a command wrote: its result, on stdout or (for some) on stderr. */
const lastLine = (r: Ran) => (r.stdout.trim() || r.stderr.trim()).split('\n').filter(Boolean).pop() ?? '';
function json<T>(r: Ran, what: string): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`${what} gave no JSON result (exit ${r.code}):\n${`${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-6).join('\n')}`);
  }
}

const steps: LoopStep[] = [];
async function step(name: string, see: string, body: () => Promise<string>): Promise<void> {
  const n = steps.length + 1;
  process.stdout.write(`[${String(n).padStart(2)}] ${name} ...`);
  const started = Date.now();
  try {
    const detail = await body();
    const seconds = (Date.now() - started) / 1000;
    steps.push({ step: name, status: 'ok', seconds, detail, see });
    process.stdout.write(` ok (${seconds.toFixed(1)} s): ${detail}\n`);
  } catch (e) {
    const seconds = (Date.now() - started) / 1000;
    const detail = (e as Error).message;
    steps.push({ step: name, status: 'failed', seconds, detail, see: `${see}; the commands' output: ${logFile}` });
    process.stdout.write(` FAILED (${seconds.toFixed(1)} s)\n${detail.replace(/^/gm, '     ')}\n`);
    throw e;
  }
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting ${seconds} s for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ponte.yaml's monitor block, for the window size and the drift alert's webhook (read, never written).
const monitorYaml = (parseYaml(readFileSync(path.join(project, 'ponte.yaml'), 'utf8')) as { monitor?: { window?: { size?: number }; alerts?: { on: string; webhook?: string }[] } }).monitor;
const windowSize = monitorYaml?.window?.size;
const webhookUrl = monitorYaml?.alerts?.find((a) => a.on === 'drift' && a.webhook)?.webhook;

interface Backend {
  url: string;
  token?: string;
}
let backend: Backend | undefined;
async function api<T>(p: string): Promise<T> {
  const res = await fetch(`${backend!.url}${p}`, { headers: backend!.token ? { authorization: `Bearer ${backend!.token}` } : {} });
  if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Window {
  id: string;
  seq: number;
  count: number;
  stats: {
    labelled?: number;
    accuracy?: number | null;
    latency?: { p95: number } | null;
    drift?: { share: number; datasetDrift: boolean; columns: { column: string; drifted: boolean }[] } | null;
  };
}
interface Alert {
  id: string;
  rule: string | null;
  message: string;
  status: string;
  firedAt: string;
  windowId: string | null;
}
const windows = async () => (await api<Window[]>(`/api/v1/deployments/${DEPLOYMENT}/windows?limit=500`)).sort((a, b) => a.seq - b.seq);
const alerts = async () => (await api<{ items: Alert[] }>(`/api/v1/alerts?deployment=${DEPLOYMENT}&limit=100`)).items;
const liveVersion = async () => (await api<{ modelVersion: number | null }>(`/api/v1/deployments/${DEPLOYMENT}`)).modelVersion;

/** A part of the traffic: it fills whole windows, the first of them `firstSeq` once they closed. */
interface Phase {
  name: string;
  drift: boolean;
  windows: number;
  modelVersion: number | null;
  /** The id,label CSV `ponte feedback` sends later. */
  labels: string;
  firstSeq?: number;
}
/** In the order they were sent. */
const phases: Phase[] = [];

async function traffic(name: string, count: number, seed: number, drift: boolean): Promise<string> {
  const before = (await windows()).length;
  const labels = path.join(loopDir, `labels-${phases.length + 1}.csv`);
  const phase: Phase = { name, drift, windows: count, modelVersion: await liveVersion(), labels };
  phases.push(phase);
  const r = must(await run(PYTHON, ['src/traffic.py', 'send', '--rows', String(count * windowSize!), '--seed', String(seed), '--deployment', DEPLOYMENT, '--labels', labels, ...(drift ? ['--drift'] : [])]), 'src/traffic.py send');
  const sent = json<{ sent: number; errors: number }>(r, 'src/traffic.py send');
  const closed = await until(`${count} windows to close`, 120, async () => {
    const ws = await windows();
    return ws.length >= before + count ? ws : undefined;
  });
  phase.firstSeq = closed[before].seq;
  const mine = closed.slice(before, before + count);
  const share = mine.map((w) => (w.stats.drift ? w.stats.drift.share.toFixed(2) : '–')).join(', ');
  return `${sent.sent} requests to model v${phase.modelVersion} through the proxy; windows ${mine[0].seq}–${mine[mine.length - 1].seq} closed, drift share ${share}`;
}

/** Sends a part's labels (later than its predictions, as in production) and waits for its windows to be scored again. */
async function labels(phaseIndex: number): Promise<string> {
  const phase = phases[phaseIndex];
  const r = must(await ponte('feedback', phase.labels, '--json'), 'ponte feedback');
  const { accepted } = json<{ accepted: number }>(r, 'ponte feedback');
  const scored = await until('the late labels to score their windows', 60, async () => {
    const mine = (await windows()).filter((w) => w.seq >= phase.firstSeq! && w.seq < phase.firstSeq! + phase.windows);
    return mine.length === phase.windows && mine.every((w) => (w.stats.labelled ?? 0) >= w.count) ? mine : undefined;
  });
  const acc = accuracyOf(scored);
  return `${accepted} labels sent with ponte feedback; accuracy from them ${acc === null ? '–' : acc.toFixed(3)} (${scored.map((w) => w.stats.accuracy?.toFixed(3)).join(', ')})`;
}

function accuracyOf(ws: Window[]): number | null {
  const n = ws.reduce((s, w) => s + (w.stats.labelled ?? 0), 0);
  return n ? ws.reduce((s, w) => s + (w.stats.accuracy ?? 0) * (w.stats.labelled ?? 0), 0) / n : null;
}

let serve: ChildProcess | undefined;
let sink: WebhookSink | undefined;
let events: EventRecorder | undefined;
let retrainResult: LoopSummary['retrain'] = null;
const startedAt = new Date();

async function main(): Promise<void> {
  await step('validate ponte.yaml and dvc.yaml', 'ponte validate; the Problems panel in VS Code', async () => lastLine(must(await ponte('validate'), 'ponte validate')));
  await step('version data and train (ponte run)', 'ponte exp list; dvc.lock and .dvc/cache', async () => {
    const r = must(await ponte('run', '--json'), 'ponte run');
    const j = json<{ stages: { name: string; ran: boolean }[]; run_id?: string }>(r, 'ponte run');
    return `stages ${j.stages.filter((s) => s.ran).map((s) => s.name).join(', ')} ran, outputs cached as DVC versions; run ${j.run_id ?? '–'}`;
  });
  await step('test (ponte test)', 'reports/junit.xml; the Testing view in VS Code', async () => lastLine(must(await ponte('test'), 'ponte test')));
  await step('gate (ponte gate)', 'ponte gate; metrics.json', async () => lastLine(must(await ponte('gate'), 'ponte gate')));
  await step('register and promote to production', 'ponte model list', async () => {
    must(await ponte('model', 'register'), 'ponte model register');
    const version = json<{ version: number }[]>(must(await ponte('model', 'list', '--json'), 'ponte model list'), 'ponte model list')[0].version;
    must(await ponte('model', 'promote', String(version), '--to', DEPLOYMENT), 'ponte model promote');
    return `model version ${version} registered and promoted`;
  });
  await step('build the image', 'docker images churn-model', async () => {
    const args = ['build', '--model', DEPLOYMENT, ...(opts['base-image'] ? ['--build-arg', `BASE_IMAGE=${opts['base-image']}`] : [])];
    return lastLine(must(await ponte(...args), 'ponte build'));
  });
  await step('start the backend, the webhook sink and an event-stream listener', `${path.join(project, '.ponte', 'serve.log')}`, async () => {
    if (!windowSize || !webhookUrl) throw new Error('ponte.yaml needs monitor.window.size and a drift alert with a webhook (the example has both)');
    const serverFile = path.join(project, '.ponte', 'server.json');
    const log = openSync(path.join(project, '.ponte', 'serve.log'), 'a');
    serve = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'info'], { cwd: project, stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    const exited = new Promise<never>((_, reject) => serve!.once('exit', (code) => reject(new Error(`ponte serve exited (${code}); see .ponte/serve.log`))));
    backend = await Promise.race([exited, until('ponte serve to listen', 60, async () => (existsSync(serverFile) ? (JSON.parse(readFileSync(serverFile, 'utf8')) as Backend) : undefined))]);
    sink = await startWebhookSink(webhookUrl, path.join(loopDir, 'webhook.jsonl'));
    events = await recordEvents(backend.url, backend.token);
    return `backend ${backend.url}; webhook sink ${webhookUrl}`;
  });
  await step(`deploy ${DEPLOYMENT}`, 'ponte deployments; the Deployments view', async () => lastLine(must(await ponte('deploy', DEPLOYMENT), 'ponte deploy')));
  await step('traffic: undrifted customers', 'ponte monitor status', () => traffic('undrifted', 2, 1, false));
  await step('labels for it, later (ponte feedback)', 'ponte monitor status', () => labels(0));
  await step('traffic: drifted customers (prices, plan mix, tenure, age; why they churn)', 'ponte monitor status', () => traffic('drifted', 3, 2, true));
  await step('drift alert: event stream and webhook', `ponte alerts; ${path.join(loopDir, 'webhook.jsonl')}`, async () => {
    const fired = await until('the drift alert on the event stream', 60, async () => events!.events.find((e) => e.type === 'alert.fired' && (e.alert as Alert).rule === 'drift')?.alert as Alert | undefined);
    await until('the drift alert at the webhook sink', 60, async () => sink!.received.find((r) => (r.body as { alert?: Alert }).alert?.id === fired.id));
    const seq = (await windows()).find((w) => w.id === fired.windowId)?.seq;
    return `fired at window ${seq}: ${fired.message}; delivered to ${webhookUrl}`;
  });
  await step('labels for the drifted traffic, later', 'ponte monitor status', () => labels(1));
  if (opts.until === 'alert') return;
  await step(`retrain (ponte retrain --deployment ${DEPLOYMENT} --approve)`, 'the audit log: GET /api/v1/audit; ponte model list', async () => {
    const r = await ponte('retrain', '--deployment', DEPLOYMENT, '--approve', ...(opts['base-image'] ? ['--build-arg', `BASE_IMAGE=${opts['base-image']}`] : []), '--json');
    const j = json<{ ok?: boolean; modelVersion?: number; failedStep?: string; reason?: string; steps?: { step: string; status: string; detail?: string }[] }>(r, 'ponte retrain');
    retrainResult = { ok: j.ok === true, modelVersion: j.modelVersion, failedStep: j.failedStep, reason: j.reason, steps: (j.steps ?? []).map((s) => ({ step: s.step, status: s.status, detail: s.detail })) };
    if (!j.ok) throw new Error(`ponte retrain failed at ${j.failedStep}: ${j.reason}`);
    return `${retrainResult.steps.map((s) => `${s.step} ${s.status}`).join(', ')}; model version ${j.modelVersion} live`;
  });
  await step('traffic again: drifted customers, the retrained model', 'ponte monitor status; the dashboard', () => traffic('drifted, after retrain', 2, 3, true));
  await step('labels for it, later', 'ponte monitor status', () => labels(2));
}

async function summarize(ok: boolean): Promise<LoopSummary> {
  const ws = backend ? await windows().catch(() => []) : [];
  const as = backend ? await alerts().catch(() => []) : [];
  const seqOf = new Map(ws.map((w) => [w.id, w.seq]));
  const phaseOf = (seq: number) => phases.find((p) => p.firstSeq !== undefined && seq >= p.firstSeq && seq < p.firstSeq + p.windows);
  const loopWindows: LoopWindow[] = ws.map((w) => ({
    seq: w.seq,
    count: w.count,
    phase: phaseOf(w.seq)?.name ?? '–',
    modelVersion: phaseOf(w.seq)?.modelVersion ?? null,
    driftShare: w.stats.drift?.share ?? null,
    datasetDrift: w.stats.drift?.datasetDrift ?? null,
    drifted: w.stats.drift?.columns.filter((c) => c.drifted).map((c) => c.column) ?? [],
    labelled: w.stats.labelled ?? 0,
    accuracy: w.stats.accuracy ?? null,
    p95Ms: w.stats.latency?.p95 ?? null,
  }));
  const loopAlerts: LoopAlert[] = as.map((a) => ({
    id: a.id, rule: a.rule, message: a.message, status: a.status, firedAt: a.firedAt,
    windowSeq: a.windowId ? (seqOf.get(a.windowId) ?? null) : null,
    onEventStream: events?.events.some((e) => e.type === 'alert.fired' && (e.alert as Alert).id === a.id) ?? false,
    webhookDeliveries: sink?.received.filter((r) => (r.body as { alert?: Alert }).alert?.id === a.id).length ?? 0,
  }));
  const driftAlerts = loopAlerts.filter((a) => a.rule === 'drift');
  const injected = phases.find((p) => p.drift)?.firstSeq ?? null;
  const first = driftAlerts.map((a) => a.windowSeq).filter((s): s is number => s !== null).sort((a, b) => a - b)[0] ?? null;
  const windowsOf = (i: number) => ws.filter((w) => phases[i]?.firstSeq !== undefined && w.seq >= phases[i].firstSeq && w.seq < phases[i].firstSeq + phases[i].windows);
  const versions = backend ? await api<{ version: number; aliases: string[]; metrics: Record<string, number> }[]>('/api/v1/models').catch(() => []) : [];
  const audit = backend ? await api<{ items: { action: string }[] }>('/api/v1/audit?limit=500').catch(() => ({ items: [] })) : { items: [] };
  const actions: Record<string, number> = {};
  for (const e of audit.items) actions[e.action] = (actions[e.action] ?? 0) + 1;
  return {
    ok,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    project,
    steps,
    windows: loopWindows,
    alerts: loopAlerts,
    drift: {
      injectedAtWindow: injected,
      alertAtWindow: first,
      withinOneWindow: injected === null || first === null ? null : first >= injected && first <= injected + 1,
      falseAlarms: loopWindows.filter((w) => w.phase === phases[0]?.name && w.datasetDrift).length,
      undriftedWindows: loopWindows.filter((w) => w.phase === phases[0]?.name).length,
      afterRetrain: loopWindows.filter((w) => w.phase === phases[2]?.name && w.datasetDrift).length,
      alertStatus: driftAlerts[0]?.status ?? null,
    },
    accuracy: { undrifted: accuracyOf(windowsOf(0)), before: accuracyOf(windowsOf(1)), after: accuracyOf(windowsOf(2)) },
    versions: { before: phases[0]?.modelVersion ?? null, after: phases[2]?.modelVersion ?? null, all: versions.map((v) => ({ version: v.version, aliases: v.aliases, metrics: v.metrics })) },
    retrain: retrainResult,
    webhook: { url: webhookUrl ?? '', received: sink?.received.length ?? 0 },
    audit: { entries: audit.items.length, actions },
    where: {
      dashboard: 'VS Code: "Ponte: Open Dashboard" on this folder (the windows, the alert marker and the redeploy)',
      'audit log': `GET ${backend?.url ?? '<backend>'}/api/v1/audit (every step of the retrain, with inputs and outputs)`,
      'monitoring windows': `cd ${project} && ponte monitor status --limit 20`,
      alerts: `cd ${project} && ponte alerts`,
      'webhook deliveries': path.join(loopDir, 'webhook.jsonl'),
      "the commands' output": logFile,
      'backend log': path.join(project, '.ponte', 'serve.log'),
      'summary (JSON)': summaryFile,
      'report (HTML)': reportFile,
    },
  };
}

/** What the loop must show once it ran to the end; a failed check fails the loop. */
function check(s: LoopSummary): string[] {
  const problems: string[] = [];
  if (!s.drift.withinOneWindow) problems.push(`the drift alert fired at window ${s.drift.alertAtWindow}, the drift began in window ${s.drift.injectedAtWindow}`);
  if (s.drift.falseAlarms) problems.push(`${s.drift.falseAlarms} undrifted window(s) judged drifted`);
  if (opts.until === 'end') {
    if (s.drift.alertStatus !== 'resolved') problems.push(`the drift alert is ${s.drift.alertStatus} after the retrained model's good windows, not resolved`);
    if (s.drift.afterRetrain) problems.push(`${s.drift.afterRetrain} window(s) judged drifted after the retrain (is the reference dataset the retrained model's data?)`);
    if (!(s.accuracy.after !== null && s.accuracy.before !== null && s.accuracy.after > s.accuracy.before)) problems.push(`accuracy on drifted traffic did not recover: ${s.accuracy.before} before, ${s.accuracy.after} after`);
  }
  return problems;
}

async function finish(failed: boolean): Promise<number> {
  let summary = await summarize(!failed);
  if (!failed) {
    const problems = check(summary);
    if (problems.length) {
      steps.push({ step: 'check the loop', status: 'failed', seconds: 0, detail: problems.join('; '), see: reportFile });
      summary = { ...summary, ok: false, steps };
    } else steps.push({ step: 'check the loop', status: 'ok', seconds: 0, detail: 'alert within one window, no false alarm' + (opts.until === 'end' ? ', no drift after the retrain (the alert resolved), accuracy recovered' : ''), see: reportFile });
  }
  writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(reportFile, renderLoopReport(summary));
  process.stdout.write('\nsummary\n');
  for (const st of summary.steps) process.stdout.write(`  ${st.status === 'ok' ? 'ok    ' : st.status.padEnd(6)} ${st.step}${st.see ? `  -> ${st.see}` : ''}\n`);
  const a = summary.accuracy;
  process.stdout.write(`\naccuracy on drifted traffic, from its labels: old model ${a.before?.toFixed(3) ?? '–'}, retrained ${a.after?.toFixed(3) ?? '–'} (undrifted: ${a.undrifted?.toFixed(3) ?? '–'})\n`);
  process.stdout.write(`drift injected in window ${summary.drift.injectedAtWindow ?? '–'}, alert at window ${summary.drift.alertAtWindow ?? '–'}; webhook deliveries ${summary.webhook.received}; audit entries ${summary.audit.entries}\n`);
  for (const [k, v] of Object.entries(summary.where)) process.stdout.write(`  ${k}: ${v}\n`);
  process.stdout.write(`\nexample: the loop ${summary.ok ? 'closed' : 'did not close'} in ${summary.seconds.toFixed(0)} s; report: ${reportFile}\n`);
  return summary.ok ? 0 : 1;
}

let stopping: Promise<void> | undefined;
/** Once, whether from the end of the loop or from Ctrl-C. */
function shutdown(): Promise<void> {
  stopping ??= stopAll();
  return stopping;
}

async function stopAll(): Promise<void> {
  events?.close();
  await sink?.close();
  if (serve && serve.exitCode === null) {
    await ponte('undeploy', DEPLOYMENT);
    const gone = new Promise((r) => serve!.once('exit', r));
    serve.kill('SIGTERM');
    await gone;
  }
}

// Ctrl-C: the deployment's containers would outlive this process; the backend (in a process
// group of its own, so the signal does not stop it first) undeploys them, then stops.
process.once('SIGINT', () => {
  process.stdout.write('\nexample: interrupted; undeploying and stopping the backend\n');
  void shutdown().finally(() => process.exit(130));
});

void (async () => {
  let failed = false;
  try {
    await main();
  } catch {
    failed = true;
  }
  let code = 1;
  try {
    code = await finish(failed);
  } finally {
    await shutdown();
  }
  process.exit(code);
})();
