// Issue 13 in a real VS Code (code-server + Chromium): a backend started beside the workspace
// (dist/server.js, found by the extension through .ponte/server.json) holds data recorded
// through its real HTTP API: three runs with step metrics and kept plot files, a deployment
// with monitoring windows (latency, accuracy, per-feature drift), its history and an alert, a
// dataset version. The dashboard opens on a run's "Open in Dashboard"; every tab is switched and
// what each chart drew is read from the page's `ponteCharts()` probe (series and points, not
// pixels). Then: a window reload brings the panel back on the same tab and selection; a run
// recorded while the panel is open shows within 2 s; a stopped backend shows the banner, and
// Retry after a restart brings the data back; a drift report recorded in the backend (as `ponte
// drift` in a project records it) shows in the Drift tab. Compare Runs and a one-off drift report open on the
// same host and come back after a reload too. Screenshots: test-results/dashboard-*.png, light and dark.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { HttpClient, type Json } from '../../src/core/api';
import { compareTables, tableFromRecords } from '../../src/core/drift';
import type { ChartProbe } from '../../src/shared/webview-protocol';
import { setDriftSettings } from './lib/drift-settings.js';
import { repoRoot } from './lib/paths.js';
import { eventuallyValue as eventually, PontePages } from './lib/ponte-page.js';
import { openSession, type Session } from './lib/session.js';

const PROJECT = 'churn'; // examples/churn's ponte.yaml

interface Backend {
  child: ChildProcess;
  client: HttpClient;
}

/** `ponte serve` for the workspace, as a person would start it; it writes .ponte/server.json. */
async function startServer(root: string): Promise<Backend> {
  const token = 'dashboard-e2e-token-0123456789abcdef';
  const child = spawn(process.execPath, [join(repoRoot, 'dist/server.js'), '--root', root, '--host', '127.0.0.1', '--port', '0'], {
    cwd: root, env: { ...process.env, PONTE_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${err}`)));
  });
  return { child, client: new HttpClient({ url, token }) };
}

async function stopServer(b: Backend | undefined): Promise<void> {
  if (!b || b.child.exitCode !== null) return;
  await b.client.close();
  await new Promise<void>((resolve) => {
    b.child.once('exit', () => resolve());
    b.child.kill('SIGTERM');
  });
}

/** A run as `ponte run` records one: params, loss over 7 steps, final metrics, kept plot files. */
async function recordRun(client: HttpClient, name: string, C: number, rocRows: number): Promise<string> {
  const run = await client.createRun({ project: PROJECT, name, params: { C, penalty: 'l2' } });
  await client.logMetrics(run.id, Array.from({ length: 7 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1 + C), step })));
  await client.logMetrics(run.id, [{ key: 'accuracy', value: 0.8 + C / 100 }, { key: 'f1', value: 0.7 + C / 100 }]);
  const roc = ['fpr,tpr', ...Array.from({ length: rocRows }, (_, i) => `${i / (rocRows - 1)},${Math.sqrt(i / (rocRows - 1))}`)].join('\n');
  await client.putRunPlots(run.id, [
    { path: 'plots/roc.csv', format: 'csv', content: `${roc}\n` },
    { path: 'plots/confusion.csv', format: 'csv', content: 'actual,predicted\n0,0\n0,1\n1,1\n1,1\n' },
  ]);
  await client.updateRun(run.id, { status: 'finished', gates: { passed: C > 1, verdicts: [] } });
  return run.id;
}

const windowStats = (i: number) => ({
  count: 200, latency: { p50: 4 + i, p95: 12 + i, p99: 20 + i * 3, mean: 6 }, errorRate: 0.01 * i, throughput: 3 + i, labelled: 100,
  accuracy: 0.9 - i * 0.05, precision: null, recall: null, f1: null,
  drift: { share: i / 2, datasetDrift: i >= 1, skipped: [], columns: [
    { column: 'age', method: 'ks', statistic: 0.05 + i * 0.1, threshold: 0.1, drifted: 0.05 + i * 0.1 > 0.1 },
    { column: 'income', method: 'psi', statistic: 0.02 * (i + 1), threshold: 0.2, drifted: false },
  ] },
});

describe('the dashboard in code-server', { timeout: 900_000 }, () => {
  let session: Session;
  let backend: Backend | undefined;
  const runs: string[] = [];

  before(async () => {
    session = await openSession({
      name: 'dashboard',
      extraFiles: {
        'drift-check/a-reference.csv': join(repoRoot, 'test/fixtures/drift/reference.csv'),
        'drift-check/b-current.csv': join(repoRoot, 'test/fixtures/drift/current.csv'),
      },
    });
    setDriftSettings(session.workspace);
    backend = await startServer(session.workspace);
    const c = backend.client;
    runs.push(await recordRun(c, 'baseline', 0.5, 4), await recordRun(c, 'stronger', 2, 6), await recordRun(c, 'strongest', 5, 8));
    await c.registerModelVersion({ name: 'churn', uri: 'models/model.pkl', runId: runs[1] });
    await c.setAlias('churn', 'production', 1);
    await c.upsertDeployment({ name: 'production', target: 'docker', status: 'running', modelName: 'churn', modelVersion: 1 });
    // three 20-minute windows that closed in the last hour, as the deployment's monitor records them;
    // the deploy and the alert come after them, near enough to be marked on the same time axis
    const hourAgo = Date.now() - 3_600_000;
    const at = (k: number) => new Date(hourAgo + k * 1_200_000).toISOString();
    for (let i = 0; i < 3; i++) {
      await c.recordWindow({ deployment: 'production', start: at(i), end: at(i + 1), count: 200, stats: windowStats(i) });
    }
    await c.fireAlert({ deployment: 'production', kind: 'drift', severity: 'critical', message: 'age drifted (share 1)' });
    await c.registerDatasetVersion({ name: 'raw', hash: 'a3f5c0ffee', path: 'data/raw.csv', rows: 1000, source: 'e2e' });
  });
  after(async () => {
    await session?.close();
    await stopServer(backend);
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  const pages = () => new PontePages(session.workbench);
  const pageFrame = () => pages().frame();
  const charts = () => pages().charts();
  const chartWhere = (what: string, pred: (c: ChartProbe) => boolean, timeoutMs?: number) => pages().chartWhere(what, pred, timeoutMs);

  async function openTab(name: string): Promise<void> {
    const frame = await pageFrame();
    const byRole = frame.getByRole('tab', { name, exact: true });
    const tab = (await byRole.count()) > 0 ? byRole.first() : frame.getByText(name, { exact: true }).first();
    await tab.click();
  }

  const points = (c: ChartProbe) => c.datasets.map((d) => d.points);

  test('Open in Dashboard on a run opens Experiments: metrics of the three runs and their step histories', async () => {
    const wb = session.workbench;
    await wb.openViewContainer('Ponte');
    await wb.treeRow('Experiments', 'Runs').click();
    await wb.treeRowMenu('Experiments', new RegExp(`${runs[0].slice(0, 8)}$`), 'Open in Dashboard');
    // one point per run for a metric across runs
    await chartWhere('a metric across the three runs', (c) => c.datasets.some((d) => d.points === 3));
    // loss over 7 steps for each of the three runs
    await chartWhere('three step histories of 7 points', (c) => points(c).filter((p) => p === 7).length >= 3);
    // the alert fired before the window connected shows in the status bar
    await wb.page.locator('.statusbar-item', { hasText: 'drift alert' }).first().waitFor({ timeout: 30_000 });
  });

  test('Plots: the selected run\'s kept ROC data (4 rows) is drawn', async () => {
    await openTab('Plots');
    const roc = await chartWhere('the ROC curve of the selected run', (c) => /roc/i.test(c.id) && c.datasets.some((d) => d.points === 4));
    assert.ok(roc.datasets.every((d) => d.points !== 6 && d.points !== 8), `only the selected run overlays: ${JSON.stringify(roc)}`);
  });

  test('Compare, Drift, Monitoring and Data tabs draw the recorded data', async () => {
    await openTab('Compare');
    await chartWhere('the selected run\'s loss history in Compare', (c) => c.datasets.some((d) => d.points === 7));
    await openTab('Drift');
    // age and income: a score per window (3), over time
    const drift = await chartWhere('drift scores over the three windows', (c) => c.datasets.some((d) => d.points === 3));
    const all = await charts();
    const labels = all.flatMap((c) => [c.id, ...c.datasets.map((d) => d.label)]).join(' ');
    assert.match(labels, /age/, `no chart for age: ${JSON.stringify(all)}`);
    assert.match(labels, /income/, `no chart for income: ${JSON.stringify(all)}`);
    assert.ok(drift);
    await openTab('Monitoring');
    // p50, p95, p99 over the three windows
    await chartWhere('latency percentiles over three windows', (c) => points(c).filter((p) => p === 3).length >= 3);
    await openTab('Data');
    const frame = await pageFrame();
    await frame.locator('table tr', { hasText: 'a3f5c0ffee' }).first().waitFor({ timeout: 30_000 });
  });

  test('light and dark themes: every tab redrawn in the theme\'s colours, a screenshot of each', async () => {
    const wb = session.workbench;
    // what each tab has drawn once it is ready for its screenshot
    const ready: [string, (all: ChartProbe[]) => boolean][] = [
      ['Experiments', (all) => all.some((c) => c.id === 'experiments.history' && c.drawn)],
      ['Plots', (all) => all.some((c) => /roc/i.test(c.id) && c.drawn)],
      ['Compare', (all) => all.some((c) => c.id === 'compare.history' && c.drawn)],
      ['Drift', (all) => all.filter((c) => c.id.startsWith('drift.production.') && c.drawn).length >= 3],
      ['Monitoring', (all) => all.filter((c) => c.id.startsWith('monitoring.production.') && c.drawn).length === 4],
      ['Data', (all) => all.length === 0],
    ];
    for (const [theme, name] of [['Default Light Modern', 'light'], ['Default Dark Modern', 'dark']] as const) {
      mkdirSync(join(session.workspace, '.vscode'), { recursive: true });
      writeFileSync(join(session.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme }));
      const want = name === 'light' ? 'vs' : 'vs-dark';
      await eventually(`the ${name} theme`, async () => ((await wb.page.locator('.monaco-workbench').getAttribute('class'))?.split(/\s+/).includes(want) ? true : undefined));
      for (const [tab, drawn] of ready) {
        await openTab(tab);
        await pages().chartsWhere(`the ${tab} tab drawn in the ${name} theme`, (all) => (drawn(all) ? true : undefined));
        if (tab === 'Data') await (await pageFrame()).locator('table tr', { hasText: 'a3f5c0ffee' }).first().waitFor({ timeout: 30_000 });
        await wb.screenshot(`${tab.toLowerCase()}-${name}`);
      }
    }
  });

  test('a window reload brings the dashboard back on the same tab and selection', async () => {
    const wb = session.workbench;
    await openTab('Plots');
    await chartWhere('the ROC curve before the reload', (c) => /roc/i.test(c.id) && c.datasets.some((d) => d.points === 4));
    await wb.runCommand('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    const roc = await chartWhere('the ROC curve of the same run after the reload', (c) => /roc/i.test(c.id) && c.datasets.some((d) => d.points === 4), 120_000);
    assert.ok(roc.datasets.every((d) => d.points !== 6 && d.points !== 8), JSON.stringify(roc));
  });

  test('a run recorded while the panel is open shows within 2 seconds, with no reload', async () => {
    await openTab('Experiments');
    await chartWhere('the three runs', (c) => c.datasets.some((d) => d.points === 3));
    await recordRun(backend!.client, 'recorded-live', 9, 5);
    // the bound, polled
    await chartWhere('the fourth run', (c) => c.datasets.some((d) => d.points === 4) && points(c).every((p) => p !== 3), 2_000);
  });

  test('a drift report recorded in the backend (as ponte drift records it) opens in the Drift tab, with no reload', async () => {
    await openTab('Drift');
    const rows = (shift: number) => Array.from({ length: 120 }, (_, i) => ({ tenure: (i % 24) + shift, contract: i % 3 ? 'monthly' : 'yearly' }));
    const report = compareTables(tableFromRecords('data/reference.csv', rows(0)), tableFromRecords('data/today.csv', rows(12)));
    const stored = await backend!.client.addDriftReport({ project: PROJECT, title: 'data/reference.csv → data/today.csv', report: JSON.parse(JSON.stringify(report)) as Record<string, Json> });
    const histograms = await chartWhere('the recorded report\'s histograms', (c) => c.id.startsWith(`drift.report.${stored.id}.`), 15_000);
    assert.ok(histograms.datasets.length >= 2, JSON.stringify(histograms));
    const mine = (await charts()).filter((c) => c.id.startsWith(`drift.report.${stored.id}.`)).map((c) => c.id.slice(`drift.report.${stored.id}.`.length)).sort();
    assert.deepEqual(mine, ['contract', 'tenure']);
    await session.workbench.screenshot('drift-recorded-report');
    // the banner test below reads the runs' chart
    await openTab('Experiments');
    await chartWhere('the four runs again', (c) => c.datasets.some((d) => d.points === 4));
  });

  test('a stopped backend shows the banner; started again, Retry brings the data back', async () => {
    await stopServer(backend);
    const frame = await pageFrame();
    const retry = frame.getByRole('button', { name: /Retry/ }).or(frame.getByText('Retry', { exact: true })).first();
    await retry.waitFor({ timeout: 60_000 });
    await session.workbench.screenshot('banner');
    // the charts keep their last data under the banner
    await chartWhere('the last data kept', (c) => c.datasets.some((d) => d.points === 4));
    backend = await startServer(session.workspace);
    await recordRun(backend.client, 'after-restart', 11, 5);
    await retry.click();
    await chartWhere('five runs after Retry', (c) => c.datasets.some((d) => d.points === 5) && points(c).every((p) => p !== 4), 60_000);
    await retry.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  test('Compare Runs opens on the same host, its two runs\' histories overlaid, and comes back after a reload', async () => {
    const wb = session.workbench;
    await wb.runCommand('Ponte: Compare Runs', { asksInput: true });
    for (const id of [runs[0], runs[2]]) {
      const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: id.slice(0, 8) }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
    }
    await wb.page.keyboard.press('Enter');
    const overlaid = (c: ChartProbe) => c.datasets.filter((d) => d.points === 7).length === 2;
    await chartWhere('two loss histories of 7 steps', overlaid);
    await wb.page.locator('.tab', { hasText: 'Compare 2 Runs' }).first().waitFor({ timeout: 15_000 });
    await wb.runCommand('Developer: Reload Window');
    await chartWhere('the two histories after the reload', overlaid, 120_000);
  });

  test('a one-off drift report opens on the host: the verdict, reference against current per column, and it comes back after a reload', async () => {
    const wb = session.workbench;
    await wb.explorerMultiMenu(['drift-check/a-reference.csv', 'drift-check/b-current.csv'], 'Compare Datasets for Drift');
    // the fixtures' compared columns (note, different in every row, is skipped): each a histogram, reference and current over the same bins
    const histograms = (all: ChartProbe[]) => {
      const mine = all.filter((c) => c.id.startsWith('drift.report.'));
      const ok = mine.length === 3 && mine.every((c) => c.drawn && c.datasets.length === 2 && c.datasets[0].points > 0 && c.datasets[0].points === c.datasets[1].points);
      return ok ? mine.map((c) => c.id.split('.').pop()).sort() : undefined;
    };
    assert.deepEqual(await pages().chartsWhere('three histograms in the drift report', histograms), ['age', 'income', 'plan']);
    const report = wb.webview().locator('body');
    await report.getByText('Dataset drift detected').first().waitFor({ timeout: 30_000 });
    await wb.page.locator('.tab', { hasText: 'Drift: b-current.csv vs a-reference.csv' }).first().waitFor({ timeout: 15_000 });
    await wb.screenshot('drift-report-dark');
    await wb.runCommand('Developer: Reload Window');
    assert.deepEqual(await pages().chartsWhere('the three histograms after the reload', histograms, 120_000), ['age', 'income', 'plan']);
  });
});
