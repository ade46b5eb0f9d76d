// The Experiments and Compare tabs' series: filters, a metric across runs, histories, params
// against a metric (scatter and parallel coordinates), and which rows of a comparison differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunView } from '../../../src/shared/webview-protocol';
import {
  compareRows, filterRuns, historyChart, historyMetric, historyRuns, metricAcrossRuns, metricKeys, numericParamKeys, paramScatter, parallelCoordinates,
} from '../../../webview-ui/series';

const run = (id: string, over: Partial<RunView> = {}): RunView => ({ id, status: 'finished', createdAt: `2026-01-0${id.length}T00:00:00Z`, params: {}, metrics: {}, ...over });

test('filters by status and by gate verdict (no gate is "none"); oldest first', () => {
  const runs = [run('ccc', { status: 'failed' }), run('a', { gate: 'passed' }), run('bb', { gate: 'failed' })];
  assert.deepEqual(filterRuns(runs, undefined).map((r) => r.id), ['a', 'bb', 'ccc']);
  assert.deepEqual(filterRuns(runs, { status: ['finished'] }).map((r) => r.id), ['a', 'bb']);
  assert.deepEqual(filterRuns(runs, { gate: ['none', 'passed'] }).map((r) => r.id), ['a', 'ccc']);
  assert.deepEqual(filterRuns(runs, { status: ['finished'], gate: ['none'] }), []);
});

test('a metric across runs: a value or a gap per run, selected runs drawn larger, points carry run ids', () => {
  const runs = [run('a', { metrics: { f1: 0.5 } }), run('bb', { metrics: {} }), run('ccc', { metrics: { f1: 0.7 } })];
  const spec = metricAcrossRuns(runs, 'f1', 'bar', ['ccc']);
  assert.equal(spec.type, 'bar');
  assert.deepEqual(spec.datasets[0].data, [0.5, null, 0.7]);
  assert.deepEqual(spec.datasets[0].pointRadius, [3, 3, 6]);
  assert.deepEqual(spec.pointIds, ['a', 'bb', 'ccc']);
});

test('histories: one dataset per run that has points, x sorted; the latest runs and the selected ones, the selection drawn strong', () => {
  const runs = [run('a'), run('bb'), run('ccc')];
  const histories = [
    { runId: 'a', key: 'loss', points: [{ step: 2, value: 0.2 }, { step: 1, value: 0.5 }] },
    { runId: 'ccc', key: 'loss', points: [{ step: 1, value: 0.4 }] },
    { runId: 'bb', key: 'acc', points: [{ step: 1, value: 0.9 }] },
  ];
  const spec = historyChart('h', histories, 'loss', runs);
  assert.deepEqual(spec.datasets.map((d) => [d.label, d.data]), [['a', [{ x: 1, y: 0.5 }, { x: 2, y: 0.2 }]], ['ccc', [{ x: 1, y: 0.4 }]]]);
  assert.deepEqual(spec.datasets.map((d) => d.faded), [false, false], 'no selection: nothing faded');
  assert.deepEqual(historyChart('h', histories, 'loss', runs, ['ccc']).datasets.map((d) => [d.label, d.faded]), [['a', true], ['ccc', false]]);
  assert.deepEqual(historyRuns(runs, [], 2).map((r) => r.id), ['bb', 'ccc']);
  assert.deepEqual(historyRuns(runs, ['a'], 1).map((r) => r.id), ['a', 'ccc'], 'a selected run older than the latest ones still shows');
  assert.deepEqual(metricKeys(runs, [{ runId: 'a', key: 'loss', points: [] }]), ['loss']);
});

test('the history drawn: the chosen metric when it was logged step by step, else the first that was', () => {
  const histories = [{ runId: 'a', key: 'loss', points: [{ step: 1, value: 0.5 }] }, { runId: 'a', key: 'val_loss', points: [{ step: 1, value: 0.6 }] }];
  assert.equal(historyMetric(histories, 'val_loss'), 'val_loss');
  assert.equal(historyMetric(histories, 'accuracy'), 'loss', 'a metric with one final value has no history to draw');
  assert.equal(historyMetric([], 'accuracy'), undefined);
});

test('params: varying ones first; scatter pairs a param with the metric, skipping runs missing either', () => {
  const runs = [run('a', { params: { c: 1, lr: 0.1, name: 'x' }, metrics: { f1: 0.5 } }), run('bb', { params: { c: 1, lr: 0.3 }, metrics: {} })];
  assert.deepEqual(numericParamKeys(runs), ['lr', 'c']);
  assert.deepEqual(paramScatter(runs, 'lr', 'f1').datasets[0].data, [{ x: 0.1, y: 0.5 }]);
});

test('parallel coordinates: each axis scaled to 0..1 over the runs, raw values kept for tooltips', () => {
  const runs = [run('a', { params: { d: 2, lr: 0.1, same: 1 }, metrics: { f1: 0.5 } }), run('bb', { params: { d: 6, lr: 0.1, same: 1 }, metrics: { f1: 0.9 } }), run('ccc', { params: { d: 4, same: 1 }, metrics: { f1: 0.7 } })];
  const spec = parallelCoordinates(runs, ['d', 'lr', 'same'], 'f1', ['bb']);
  assert.deepEqual(spec.labels, ['d', 'lr', 'f1'], 'a param no run changes is no axis');
  const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v);
  assert.deepEqual(spec.datasets.map((d) => d.data.map(round)), [[0, 0.5, 0], [1, 0.5, 1], [0.5, null, 0.5]]);
  assert.deepEqual(spec.rawValues, [[2, 0.1, 0.5], [6, 0.1, 0.9], [4, null, 0.7]]);
  assert.deepEqual(spec.datasets.map((d) => d.faded), [true, false, true], 'the selected run stands out');
});

test('compare rows: params then metrics, a row differs when any run disagrees (a missing value too)', () => {
  const rows = compareRows([run('a', { params: { lr: 0.1, m: 'gbm' }, metrics: { f1: 0.5 } }), run('bb', { params: { lr: 0.1 }, metrics: { f1: 0.6 } })]);
  assert.deepEqual(rows.map((r) => [r.section, r.key, r.differs]), [['param', 'lr', false], ['param', 'm', true], ['metric', 'f1', true]]);
  assert.deepEqual(rows[1].values, ['gbm', undefined]);
});
