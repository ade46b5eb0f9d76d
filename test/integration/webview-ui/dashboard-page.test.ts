// The dashboard page (dist/webview.js) in Debian's Chromium, under the panel's CSP, fed fixture
// DashboardData the way the extension posts it: every tab draws the expected charts (read from
// chart.js through ponteCharts()), the state survives a reload, the banner's Retry, empty states'
// buttons, run selection, and malformed messages. Needs `npm run build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartProbe, DashboardData, DashboardTab, FromWebview } from '../../../src/shared/webview-protocol';
import { fixtureData } from '../../../webview-ui/dev/fixtures';
import { openHarness, type Harness, type PageGlobals } from '../../../webview-ui/dev/harness';

type Globals = PageGlobals & { __posted: FromWebview[]; document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } };
const data = fixtureData();
const selected = data.runs.slice(-3).map((r) => r.id);
let hx: Harness;

const posted = () => hx.page.evaluate(() => (globalThis as unknown as Globals).__posted);
const clearPosted = () => hx.page.evaluate(() => { (globalThis as unknown as Globals).__posted.length = 0; });
const byId = (charts: ChartProbe[]) => new Map(charts.map((c) => [c.id, c.datasets.map((d) => d.points)]));
async function showTab(tab: DashboardTab): Promise<ChartProbe[]> {
  await hx.page.click(`[data-tab=${tab}]`);
  await hx.page.evaluate(() => new Promise<void>((r) => (globalThis as unknown as PageGlobals).requestAnimationFrame(r)));
  const charts = await hx.charts();
  assert.ok(charts.every((c) => c.drawn), `${tab}: every chart laid out on its canvas: ${JSON.stringify(charts.filter((c) => !c.drawn).map((c) => c.id))}`);
  return charts;
}

before(async () => {
  hx = await openHarness({ theme: 'dark' });
  await hx.post({ type: 'init', state: { panel: 'dashboard', tab: 'experiments', runs: selected } });
  await hx.post({ type: 'data', data });
});
after(() => hx?.close());

test('the page says ready first, and posts its state as it restores it', async () => {
  const all = await posted();
  assert.deepEqual(all[0], { type: 'ready' });
  assert.ok(all.some((m) => m.type === 'state' && m.state.tab === 'experiments'));
});

test('Experiments: a metric across the runs, the latest runs\' histories (the selected ones drawn strong), params against the metric', async () => {
  const charts = byId(await showTab('experiments'));
  assert.deepEqual(charts.get('experiments.metric'), [data.runs.length]);
  // the fixture's six latest runs log step histories; three of them are selected
  assert.deepEqual(charts.get('experiments.history'), [60, 60, 60, 60, 60, 60]);
  assert.deepEqual(charts.get('experiments.params'), [data.runs.length]);
});

test('Plots: each template drawn, the workspace and the selected runs overlaid, confusion matrices per revision', async () => {
  const charts = await showTab('plots');
  const points = byId(charts);
  assert.deepEqual(points.get('plots.plots/roc.csv'), [41, 41, 41]);
  assert.deepEqual(points.get('plots.ROC'), [41]);
  assert.deepEqual(points.get('plots.plots/confusion.csv.0'), [4]);
  assert.deepEqual(points.get('plots.plots/confusion.csv.1'), [4]);
  assert.deepEqual(points.get('plots.plots/calibration.csv'), [60, 60]);
  assert.deepEqual(points.get('plots.plots/importance.json'), [5]);
  assert.equal(charts.find((c) => c.id === 'plots.plots/confusion.csv.0')?.type, 'matrix');
  assert.equal(charts.find((c) => c.id === 'plots.plots/calibration.csv')?.type, 'scatter');
  assert.equal(await hx.page.locator('.images img').count(), 2, 'the image plot of two revisions, side by side');
});

test('Compare: the selected runs side by side with differences marked, metrics and histories overlaid', async () => {
  const points = byId(await showTab('compare'));
  assert.deepEqual(points.get('compare.metrics'), [8, 8, 8]);
  assert.deepEqual(points.get('compare.history'), [60, 60, 60]);
  assert.ok((await hx.page.locator('table.compare tr.differs').count()) > 0);
  assert.equal(await hx.page.locator('table.compare thead th').count(), 4);
});

test('Drift: share over time, a histogram, each feature against its threshold, the one-off report', async () => {
  const points = byId(await showTab('drift'));
  const windows = data.windows.filter((w) => w.deployment === 'churn-prod').length;
  assert.deepEqual(points.get('drift.churn-prod.share'), [windows]);
  assert.deepEqual(points.get('drift.histogram'), [10, 10]);
  for (const f of ['tenure', 'monthly_charges', 'total_charges', 'contract', 'support_calls']) assert.deepEqual(points.get(`drift.churn-prod.${f}`), [windows, windows], f);
  for (const f of ['tenure', 'monthly_charges', 'total_charges', 'contract', 'support_calls']) assert.deepEqual(points.get(`drift.report.report-reference-vs-current.${f}`), [10, 10], `the report's ${f}`);
});

test('Monitoring: latency percentiles, errors, throughput and accuracy per window; the open alert listed', async () => {
  const points = byId(await showTab('monitoring'));
  const windows = data.windows.filter((w) => w.deployment === 'churn-prod').length;
  assert.deepEqual(points.get('monitoring.churn-prod.latency'), [windows, windows, windows]);
  for (const k of ['errors', 'throughput', 'accuracy']) assert.deepEqual(points.get(`monitoring.churn-prod.${k}`), [windows]);
  await clearPosted();
  await hx.page.locator('.alerts vscode-button', { hasText: 'Acknowledge' }).click();
  assert.deepEqual(await posted(), [{ type: 'command', command: 'acknowledgeAlert', args: ['alert-1'] }]);
});

test('Data: versions with their statistics, rows per version', async () => {
  const points = byId(await showTab('data'));
  assert.deepEqual(points.get('data.customers.rows'), [3]);
  assert.equal(await hx.page.locator('section table').count(), 4, 'the versions, then statistics of each of 3 versions');
  // a version without statistics says why, in its row
  assert.equal(await hx.page.locator('tr', { hasText: 'c0ffee0' }).locator('td.hint').textContent(), 'not in the cache: dvc pull');
});

test('selecting a run posts `select` and carries it to Compare', async () => {
  await showTab('experiments');
  await clearPosted();
  await hx.page.locator('tbody input[type=checkbox]').nth(3).check();
  const msgs = await posted();
  const select = msgs.find((m) => m.type === 'select');
  assert.ok(select && select.type === 'select' && select.runs.length === 4, JSON.stringify(msgs));
  assert.deepEqual(byId(await showTab('compare')).get('compare.metrics'), [8, 8, 8, 8]);
});

test('the backend goes away: a banner with Retry, the charts keep their data; back: the banner goes', async () => {
  const before = await showTab('monitoring');
  await hx.post({ type: 'connection', status: 'down', message: 'connect ECONNREFUSED' });
  assert.match(await hx.page.locator('.banner').innerText(), /not answering: connect ECONNREFUSED/);
  assert.deepEqual(await hx.charts(), before);
  await clearPosted();
  await hx.page.locator('.banner vscode-button').click();
  assert.deepEqual(await posted(), [{ type: 'retry' }]);
  await hx.post({ type: 'connection', status: 'ok' });
  assert.equal(await hx.page.locator('.banner').count(), 0);
});

test('malformed messages are dropped, logged, and change nothing', async () => {
  const charts = await hx.charts();
  const logs: string[] = [];
  hx.page.on('console', (m) => logs.push(m.text()));
  for (const m of [null, 'x', { type: 'data', data: { runs: 5 } }, { type: 'nope' }, { type: 'init', state: { panel: 'x' } }]) await hx.post(m);
  assert.deepEqual(await hx.charts(), charts);
  assert.equal(logs.filter((l) => l.startsWith('ponte dashboard: ignored')).length, 5);
});

test('a theme change redraws the charts in its colours, and nothing breaks the CSP', async () => {
  const charts = await hx.charts();
  await hx.setTheme('light');
  await hx.page.evaluate(() => new Promise<void>((r) => (globalThis as unknown as PageGlobals).requestAnimationFrame(r)));
  assert.deepEqual(await hx.charts(), charts);
  assert.deepEqual(await hx.page.evaluate(() => (globalThis as unknown as PageGlobals).window.__cspViolations), []);
});

test('after a reload the panel comes back on the same tab and selection', async () => {
  await showTab('drift');
  const state = (await posted()).filter((m) => m.type === 'state').pop();
  assert.ok(state && state.type === 'state' && state.state.tab === 'drift');
  await hx.page.reload();
  await hx.page.waitForFunction(() => typeof (globalThis as unknown as Partial<PageGlobals>).ponteCharts === 'function');
  await hx.post({ type: 'init', state: { panel: 'dashboard' } });
  await hx.post({ type: 'data', data });
  const restored = (await posted()).filter((m) => m.type === 'state').pop();
  assert.ok(restored && restored.type === 'state');
  assert.equal(restored.state.tab, 'drift');
  assert.deepEqual(restored.state.runs, state.state.runs);
  assert.ok((await hx.charts()).some((c) => c.id === 'drift.churn-prod.share'), 'the Drift tab is the one drawn');
});

test('a long series zooms with the wheel; the range is saved and comes back after a reload', async () => {
  const long = fixtureData({ longPlot: 20_000 });
  await hx.post({ type: 'data', data: long });
  const id = 'plots.plots/long.csv';
  const full = (await showTab('plots')).find((c) => c.id === id)!;
  assert.deepEqual(full.datasets.map((d) => d.points), [20_000]);
  const box = (await hx.page.locator(`[data-chart="${id}"] canvas`).boundingBox())!;
  await hx.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await hx.page.mouse.wheel(0, -400);
  await hx.page.waitForFunction((chart) => (globalThis as unknown as PageGlobals).ponteCharts().find((c) => c.id === chart)!.xRange!.max < 19_000, id);
  // the plugin reports a wheel zoom once the wheel has rested
  await hx.page.waitForFunction((chart) => (globalThis as unknown as Globals).__posted.some((m) => m.type === 'state' && !!m.state.ranges?.[chart]), id);
  const zoomed = (await hx.charts()).find((c) => c.id === id)!.xRange!;
  const saved = (await posted()).filter((m) => m.type === 'state').pop();
  assert.ok(saved?.type === 'state');
  assert.deepEqual(saved.state.ranges?.[id], zoomed);
  await hx.page.reload();
  await hx.page.waitForFunction(() => typeof (globalThis as unknown as Partial<PageGlobals>).ponteCharts === 'function');
  await hx.post({ type: 'init', state: { panel: 'dashboard' } });
  await hx.post({ type: 'data', data: long });
  assert.deepEqual((await hx.charts()).find((c) => c.id === id)?.xRange, zoomed);
});

test('no data anywhere: each tab says what to do, and its button asks the extension to do it', async () => {
  const empty: DashboardData = { backend: data.backend, runs: [], histories: [], plots: [], windows: [], driftReports: [], alerts: [], deployments: [], events: [], datasets: [] };
  await hx.post({ type: 'data', data: empty });
  const expected: [DashboardTab, string | undefined][] = [
    ['experiments', 'runPipeline'], ['plots', 'runPipeline'], ['compare', undefined], ['drift', 'compareDatasets'], ['monitoring', 'deploy'], ['data', 'openPonteYaml'],
  ];
  for (const [tab, command] of expected) {
    await showTab(tab);
    assert.equal(await hx.page.locator('.empty').count(), 1, `${tab} shows an empty state`);
    assert.deepEqual(await hx.charts(), [], `${tab}: no empty chart`);
    await clearPosted();
    await hx.page.locator('.empty vscode-button').first().click();
    const msgs = await posted();
    if (command) assert.deepEqual(msgs.find((m) => m.type === 'command'), { type: 'command', command }, tab);
    else assert.ok(msgs.some((m) => m.type === 'state' && m.state.tab === 'experiments'), 'Compare\'s button goes to Experiments');
  }
});

test('the Compare Runs panel and the drift report panel draw what their own messages carry', async () => {
  const panel = await openHarness({ theme: 'light' });
  try {
    await panel.post({ type: 'init', state: { panel: 'compare', runs: selected } });
    const runs = data.runs.slice(-2);
    const histories = data.histories.filter((x) => runs.some((r) => r.id === x.runId));
    await panel.post({ type: 'compare', runs, plots: data.plots.filter((p) => p.id === 'plots/roc.csv'), histories });
    const compare = byId(await panel.charts());
    assert.deepEqual(compare.get('compare.metrics'), [8, 8]);
    assert.deepEqual(compare.get('compare.history'), [60, 60], 'the histories the message carries, overlaid');
    assert.deepEqual(compare.get('plots.plots/roc.csv'), [41, 41, 41], 'the workspace and the two runs compared, overlaid');
    assert.equal(await panel.page.locator('vscode-tabs').count(), 0, 'a panel of its own, without the dashboard\'s tabs');

    await panel.page.reload();
    await panel.page.waitForFunction(() => typeof (globalThis as unknown as Partial<PageGlobals>).ponteCharts === 'function');
    await panel.post({ type: 'init', state: { panel: 'drift', report: data.driftReports[0].id } });
    assert.equal(await panel.page.locator('.empty').count(), 1, 'before its report arrives the panel says so');
    await panel.post({ type: 'driftReport', report: data.driftReports[0] });
    const drift = byId(await panel.charts());
    assert.equal([...drift.keys()].filter((id) => id.startsWith(`drift.report.${data.driftReports[0].id}.`)).length, 5, 'a histogram per feature');
    assert.match(await panel.page.locator('.verdict').innerText(), /^Dataset drift detected: 2 of 5 features drifted/);
    const rows = await panel.page.locator('table.drift-report tr').allInnerTexts();
    // distances have no p-value: no column of dashes for it
    assert.match(rows[0], /^feature\s+kind\s+method\s+statistic\s+threshold\s+result$/);
    assert.match(rows[1], /\bdrifted$/, 'drifted features first');
    assert.match(rows[rows.length - 1], /\bok$/);
  } finally {
    await panel.close();
  }
});
