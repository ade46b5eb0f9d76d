// loadDashboardData (src/extension/dashboard/data.ts) on a real embedded store: runs of the
// project only (newest first) with gate verdict and model version/aliases, step histories,
// the workspace's plots overlaid with a selected run's kept plot files (after the file changed),
// monitoring windows in the monitor's format, alerts, deployment history, datasets from git and
// the backend, the backend's drift reports beside the editor's own. Also the plain plot reading
// that stands in for the resolver.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { SqlStore } from '../../../src/core/store/sql-store';
import { openStore } from '../../../src/core/store';
import type { Json } from '../../../src/core/api';
import { NumericSketch, profileToJson } from '../../../src/core/drift/sketch';
import { compareTables, tableFromRecords } from '../../../src/core/drift';
import { driftReportView } from '../../../src/extension/dashboard/drift-view';
import { loadDashboardData, profileSummary, windowView } from '../../../src/extension/dashboard/data';
import { seedPgliteDir, tempDir } from '../../integration/server/lib/backends';
import { dashboardPlots } from '../../../src/extension/dashboard/plots';
import { writeFileSync } from 'node:fs';

let store: SqlStore;
let tmp: { dir: string; remove(): void };
before(async () => {
  tmp = tempDir('ponte-dashboard-data-');
  const dataDir = path.join(tmp.dir, 'db');
  await seedPgliteDir(dataDir);
  store = (await openStore({ dataDir }));
});
after(async () => {
  await store?.close();
  tmp?.remove();
});

const monitorStats = (p95: number, share: number) => ({
  count: 100, latency: { p50: 5, p95, p99: p95 * 2, mean: 6 }, errorRate: 0.01, throughput: 3.5, labelled: 50, accuracy: 0.9, precision: null, recall: null, f1: null,
  drift: { share, datasetDrift: share >= 0.5, skipped: [], columns: [
    { column: 'age', method: 'ks', statistic: 0.3, threshold: 0.1, drifted: true },
    { column: 'income', method: 'psi', statistic: 0.05, threshold: 0.2, drifted: false },
  ] },
});

test('the dashboard data of a project: runs, histories, plots, monitoring, alerts, datasets', async () => {
  const first = await store.createRun({ project: 'churn', name: 'baseline', params: { C: 1 } });
  await store.logMetrics(first.id, [{ key: 'loss', value: 0.9, step: 0 }, { key: 'loss', value: 0.5, step: 1 }, { key: 'accuracy', value: 0.8 }]);
  await store.updateRun(first.id, { status: 'finished', gates: { passed: true, verdicts: [] } });
  await store.putRunPlots(first.id, [{ path: 'plots/roc.csv', format: 'csv', content: 'fpr,tpr\n0,0\n0.2,0.7\n1,1\n' }]);
  const second = await store.createRun({ project: 'churn', params: { C: 0.5 } });
  await store.logMetrics(second.id, [{ key: 'accuracy', value: 0.85 }]);
  await store.updateRun(second.id, { status: 'failed', gates: { passed: false, verdicts: [] } });
  await store.createRun({ project: 'other' });
  await store.registerModelVersion({ name: 'churn', uri: 'models/model.pkl', runId: first.id });
  await store.setAlias('churn', 'production', 1);
  await store.upsertDeployment({ name: 'production', target: 'docker', status: 'running', modelName: 'churn', modelVersion: 1 });
  await store.recordWindow({ deployment: 'production', start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z', count: 100, stats: monitorStats(12, 0.5) });
  await store.recordWindow({ deployment: 'production', start: '2026-01-01T01:00:00Z', end: '2026-01-01T02:00:00Z', count: 100, stats: { garbage: 'a hand-recorded window' } });
  await store.fireAlert({ deployment: 'production', kind: 'drift', severity: 'critical', message: 'age drifted' });
  await store.registerDatasetVersion({ name: 'train', hash: 'abc', path: 'data/train.csv', rows: 500, source: 'production-window:w1' });

  const plotsDir = tempDir('ponte-dash-plots-');
  after(() => plotsDir.remove());
  const dvcFile = path.join(plotsDir.dir, 'dvc.yaml');
  writeFileSync(dvcFile, 'stages:\n  evaluate:\n    cmd: python evaluate.py\n    plots:\n      - plots/roc.csv:\n          x: fpr\n          y: tpr\n');
  const data = await loadDashboardData({
    api: store,
    project: 'churn',
    backend: { url: 'http://127.0.0.1:1', kind: 'local' },
    selectedRuns: [first.id, 'not-a-run'],
    // the workspace's roc.csv has changed since the first run
    workspacePlots: async () => [{ path: 'plots/roc.csv', format: 'csv', content: 'fpr,tpr\n0,0\n0.1,0.9\n0.5,0.95\n1,1\n' }],
    plots: (revisions) => dashboardPlots(dvcFile, revisions),
    datasets: async () => [{ name: 'train', path: 'data/train.csv', git: [{ commit: '0123456789abcdef', hash: 'd41d8', date: '2026-01-01T00:00:00Z' }] }],
    driftReports: [],
  });

  assert.deepEqual(data.runs.map((r) => [r.id, r.status, r.gate, r.modelVersion, r.aliases]), [
    [second.id, 'failed', 'failed', undefined, undefined],
    [first.id, 'finished', 'passed', 1, ['production']],
  ]);
  assert.deepEqual(data.runs[1].metrics, { loss: 0.5, accuracy: 0.8 });
  assert.deepEqual(data.histories.map((h) => [h.runId, h.key, h.points.map((p) => p.value)]), [[first.id, 'loss', [0.9, 0.5]]]);
  assert.equal(data.plots.length, 1);
  assert.deepEqual(data.plots[0].series!.map((s) => [s.revision, s.label, s.y, s.rows.length]), [['workspace', 'workspace', 'tpr', 4], [first.id, 'baseline', 'tpr', 3]]);
  assert.equal(data.windows.length, 2);
  assert.deepEqual(data.windows[0].latency, { p50: 5, p95: 12, p99: 24 });
  assert.deepEqual(data.windows[0].features.age, { score: 0.3, threshold: 0.1, drifted: true, method: 'ks' });
  assert.equal(data.windows[0].datasetDrift, true);
  assert.deepEqual(data.windows[1].features, {});
  assert.deepEqual(data.alerts.map((a) => [a.deployment, a.rule, a.status, a.message]), [['production', 'drift', 'open', 'age drifted']]);
  assert.deepEqual(data.deployments, [{ name: 'production', status: 'running', modelVersion: 1 }]);
  assert.deepEqual(data.events.map((e) => [e.deployment, e.action, e.modelVersion]), [['production', 'created', 1]]);
  assert.deepEqual(data.datasets[0].versions.map((v) => [v.version, v.source, v.rows]), [['0123456', 'git', undefined], ['v1', 'production-window:w1', 500]]);
});

test('a window recorded by hand with odd stats still reads', () => {
  const w = windowView({ id: 'w', deployment: 'd', start: 'a', end: 'b', count: 1, createdAt: 'c', seq: null, stats: { latency: 'fast', drift: { columns: [null, { column: 'x' }, 3] }, accuracy: 'high' } });
  assert.deepEqual(w, { id: 'w', deployment: 'd', start: 'a', end: 'b', count: 1, latency: {}, features: {} });
});

test('a dataset version with a kept reference profile shows its summary statistics', async () => {
  // age 1, 2, 3, 4; plan basic, pro, pro and one missing: the profile the drift engine keeps
  const age = new NumericSketch();
  for (const x of [1, 2, 3, 4]) age.add(x);
  const profile = profileToJson({
    file: 'reference.csv', rows: 4,
    columns: [{ name: 'age', kind: 'numeric', missing: 0, sketch: age }, { name: 'plan', kind: 'categorical', missing: 1, counts: new Map([['basic', 1], ['pro', 2]]) }],
  }) as unknown as Record<string, Json>;
  await store.putReferenceProfile('reference', 'f00d', profile);
  const summary = profileSummary(profile)!;
  assert.equal(summary.rows, 4);
  assert.deepEqual({ ...summary.stats.age, mean: Number((summary.stats.age.mean as number).toFixed(9)), std: Number((summary.stats.age.std as number).toFixed(9)) },
    { kind: 'numeric', count: 4, missing: 0, min: 1, max: 4, mean: 2.5, std: 1.118033989 });
  assert.deepEqual(summary.stats.plan, { kind: 'categorical', count: 3, missing: 1, distinct: 2, top: 'pro' });
  assert.equal(profileSummary({ columns: 'not a list' }), undefined);

  const data = await loadDashboardData({
    api: store, project: 'none', backend: { url: '', kind: 'local' }, selectedRuns: [], workspacePlots: async () => [],
    plots: async () => [], driftReports: [],
    datasets: async () => [{ name: 'reference', path: 'data/reference.csv', git: [{ commit: 'abcdef0123', hash: 'f00d' }, { commit: '99', hash: 'nothing-kept' }] }],
  });
  assert.deepEqual(data.datasets[0].versions.map((v) => [v.version, v.rows, v.stats?.plan?.top]), [['abcdef0', 4, 'pro'], ['99', undefined, undefined]]);
});

test('a window keeps each test\'s p-value and the reference-against-window bars, as fractions', () => {
  const w = windowView({
    id: 'w', deployment: 'd', start: 'a', end: 'b', count: 4, createdAt: 'c', seq: 1,
    stats: { drift: { share: 0.5, datasetDrift: true, columns: [
      { column: 'age', method: 'ks', statistic: 0.4, p_value: 0.0001, threshold: 0.001, drifted: true, histogram: { kind: 'numeric', edges: [0, 10, 20], reference: [3, 1], current: [1, 3] } },
      { column: 'plan', method: 'psi', statistic: 0.05, threshold: 0.2, drifted: false, histogram: { kind: 'categorical', categories: ['basic'], reference: [2], current: [1, 1] } },
    ] } },
  });
  assert.deepEqual(w.features.age, {
    score: 0.4, threshold: 0.001, drifted: true, method: 'ks', pValue: 0.0001,
    histogram: { bins: [0, 10, 20], reference: [0.75, 0.25], current: [0.25, 0.75] },
  });
  // bars whose sides disagree in length are dropped, not drawn wrong
  assert.deepEqual(w.features.plan, { score: 0.05, threshold: 0.2, drifted: false, method: 'psi' });
});

test('the drift reports ponte drift recorded in the backend show beside the editor\'s own, newest first, of this project only', async () => {
  const rows = (shift: number) => Array.from({ length: 100 }, (_, i) => ({ age: 20 + (i % 30) + shift, plan: i % 4 ? 'basic' : 'pro' }));
  const report = compareTables(tableFromRecords('reference.csv', rows(0)), tableFromRecords('today.csv', rows(10)));
  const editorOwn = driftReportView(report, 'editor-1', 'compared in the editor', '2000-01-01T00:00:00.000Z');
  const stored = await store.addDriftReport({ project: 'drifty', title: 'data/reference.csv → data/today.csv', report: JSON.parse(JSON.stringify(report)) as Record<string, Json> });
  await store.addDriftReport({ project: 'someone-else', title: 'not ours', report: JSON.parse(JSON.stringify(report)) as Record<string, Json> });
  const data = await loadDashboardData({
    api: store, project: 'drifty', backend: { url: '', kind: 'local' }, selectedRuns: [], workspacePlots: async () => [],
    plots: async () => [], datasets: async () => [], driftReports: [editorOwn],
  });
  assert.deepEqual(data.driftReports.map((r) => [r.id, r.title]), [[stored.id, 'data/reference.csv → data/today.csv'], ['editor-1', 'compared in the editor']]);
  const fromBackend = data.driftReports[0];
  assert.equal(fromBackend.createdAt, stored.createdAt);
  assert.equal(fromBackend.driftShare, report.summary.share);
  assert.deepEqual(Object.keys(fromBackend.features).sort(), ['age', 'plan']);
  assert.equal(fromBackend.features.age.drifted, report.columns.find((c) => c.column === 'age')!.drifted);
  assert.ok(fromBackend.notes?.includes('Current: today.csv (100 rows)'));
});
