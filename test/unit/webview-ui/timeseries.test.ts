// The Drift and Monitoring tabs: windows of one deployment in time order, alert and event markers
// of that deployment, a feature's threshold line, histogram bins, decimation and zoom thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WindowView } from '../../../src/shared/webview-protocol';
import { featureDriftChart, histogramChart, markersFor, markersOutside, monitoringCharts, timeAxis, windowsOf } from '../../../webview-ui/timeseries';
import { decimationFor, sortedByX } from '../../../webview-ui/decimation';
import { timeStep } from '../../../webview-ui/chart-spec';
import { withAlpha } from '../../../webview-ui/colour';

const w = (id: string, deployment: string, end: string, over: Partial<WindowView> = {}): WindowView => ({
  id, deployment, start: end, end, count: 10, latency: { p50: 1, p95: 2, p99: 3 }, features: {}, ...over,
});

test("a deployment's windows in time order; its alerts and events as markers, others' left out", () => {
  const ws = [w('b', 'prod', '2026-01-02T00:00:00Z'), w('a', 'prod', '2026-01-01T00:00:00Z'), w('x', 'dev', '2026-01-01T00:00:00Z')];
  assert.deepEqual(windowsOf(ws, 'prod').map((x) => x.id), ['a', 'b']);
  const markers = markersFor('prod', [
    { id: '1', deployment: 'prod', rule: 'p99 > 100', status: 'open', firedAt: '2026-01-01T12:00:00Z', message: '' },
    { id: '2', deployment: 'dev', rule: 'r', status: 'open', firedAt: '2026-01-01T12:00:00Z', message: '' },
  ], [{ deployment: 'prod', action: 'rollback', at: '2026-01-01T06:00:00Z', modelVersion: 2 }, { deployment: 'prod', action: 'deploy', at: 'not a date' }]);
  assert.deepEqual(markers, [
    { x: Date.parse('2026-01-01T12:00:00Z'), label: 'alert: p99 > 100', kind: 'alert' },
    { x: Date.parse('2026-01-01T06:00:00Z'), label: 'rollback v2', kind: 'event' },
  ]);
});

test('monitoring: p50/p95/p99, error rate, throughput (from count and span when not given), accuracy', () => {
  const ws = [w('a', 'prod', '2026-01-01T01:00:00Z', { start: '2026-01-01T00:00:00Z', count: 3600, errorRate: 0.01 })];
  const [latency, errors, throughput, accuracy] = monitoringCharts('prod', ws, []);
  assert.deepEqual(latency.datasets.map((d) => [d.label, d.data.length]), [['p50', 1], ['p95', 1], ['p99', 1]]);
  assert.deepEqual(errors.datasets[0].data, [{ x: Date.parse('2026-01-01T01:00:00Z'), y: 0.01 }]);
  assert.deepEqual((throughput.datasets[0].data[0] as { y: number }).y, 1);
  assert.deepEqual(accuracy.datasets[0].data, [], 'no accuracy recorded: no point, not a zero');
});

test("a feature's drift: its score over time and its threshold as a dashed reference line", () => {
  const f = (score: number) => ({ tenure: { score, threshold: 0.2, drifted: score > 0.2, method: 'wasserstein' } });
  const spec = featureDriftChart('prod', 'tenure', [w('a', 'prod', '2026-01-01T00:00:00Z', { features: f(0.1) }), w('b', 'prod', '2026-01-02T00:00:00Z', { features: f(0.3) })], []);
  assert.deepEqual(spec.datasets.map((d) => [d.label, d.reference ?? false, d.data.map((p) => (p as { y: number }).y)]), [['tenure score', false, [0.1, 0.3]], ['threshold (wasserstein)', true, [0.2, 0.2]]]);
});

test("a test's drift is drawn as its p-value against the threshold it is compared with, not the statistic", () => {
  const f = (pValue: number) => ({ age: { score: 0.3, pValue, threshold: 0.001, drifted: pValue < 0.001, method: 'ks' } });
  const spec = featureDriftChart('prod', 'age', [w('a', 'prod', '2026-01-01T00:00:00Z', { features: f(0.4) }), w('b', 'prod', '2026-01-02T00:00:00Z', { features: f(0.00001) })], []);
  assert.deepEqual(spec.datasets.map((d) => [d.label, d.data.map((p) => (p as { y: number }).y)]), [['age p-value', [0.4, 0.00001]], ['threshold (ks)', [0.001, 0.001]]]);
});

test('histogram: numeric edges become ranges, categories stay names', () => {
  assert.deepEqual(histogramChart('h', 'x', { bins: [0, 10, 20], reference: [0.5, 0.5], current: [0.2, 0.8] }).labels, ['0–10', '10–20']);
  assert.deepEqual(histogramChart('h', 'c', { bins: ['a', 'b'], reference: [0.5, 0.5], current: [1, 0] }).labels, ['a', 'b']);
  assert.deepEqual(histogramChart('h', 'income', { bins: [25_012, 31_400, 1_250_000], reference: [0.5, 0.5], current: [0.2, 0.8] }).labels, ['25K–31.4K', '31.4K–1.25M'], 'large edges in compact notation');
});

test('decimation: only long series on a numeric axis, about two samples per pixel; x sorted only when needed', () => {
  assert.equal(decimationFor(1000, 600, 'linear').enabled, false);
  assert.deepEqual(decimationFor(100_000, 600, 'linear'), { enabled: true, algorithm: 'lttb', samples: 1200 });
  assert.equal(decimationFor(100_000, 600, 'category').enabled, false);
  const sorted = [{ x: 1 }, { x: 2 }];
  assert.equal(sortedByX(sorted), sorted);
  assert.deepEqual(sortedByX([{ x: 2 }, { x: 1 }]), [{ x: 1 }, { x: 2 }]);
});

test('the time axis spans the windows and the markers near them; a marker far from them is named, not drawn, so the windows are not squeezed into a line', () => {
  const ws = [w('a', 'prod', '2026-01-01T01:00:00Z'), w('b', 'prod', '2026-01-01T03:00:00Z')];
  const alert = { x: Date.parse('2026-01-01T02:00:00Z'), label: 'alert: drift', kind: 'alert' as const };
  const deploy = { x: Date.parse('2026-12-07T00:00:00Z'), label: 'deploy v1', kind: 'event' as const };
  const axis = timeAxis(ws, [alert, deploy]);
  assert.deepEqual([axis.min, axis.max], [Date.parse('2026-01-01T01:00:00Z'), Date.parse('2026-01-01T03:00:00Z')]);
  assert.deepEqual([axis.markers, axis.outside], [[alert], [deploy]]);
  const [latency] = monitoringCharts('prod', ws, [alert, deploy]);
  assert.deepEqual([latency.x.min, latency.x.max, latency.markers], [axis.min, axis.max, [alert]]);
  assert.equal(markersOutside(ws, [alert, deploy]), 'Not on the charts, after the last window: deploy v1.');
  assert.equal(markersOutside(ws, [alert]), undefined);
  // an alert as the last window closes (a few minutes after its end) is on the chart, the axis stretched to it
  const late = { x: Date.parse('2026-01-01T03:05:00Z'), label: 'alert: p99', kind: 'alert' as const };
  const stretched = timeAxis(ws, [late, deploy]);
  assert.deepEqual([stretched.max, stretched.markers, stretched.outside], [late.x, [late], [deploy]]);
  const one = timeAxis([ws[0]], []);
  assert.ok(one.max! - one.min! > 0, 'one window still gets an axis with a width');
});

test('a time axis ticks at round times: hourly over three hours, daily over a week', () => {
  const ws = [w('a', 'prod', '2026-01-01T01:00:00Z'), w('b', 'prod', '2026-01-01T02:00:00Z'), w('c', 'prod', '2026-01-01T03:00:00Z')];
  assert.equal(timeStep(monitoringCharts('prod', ws, [])[0]), 30 * 60_000);
  const week = [w('a', 'prod', '2026-01-01T00:00:00Z'), w('b', 'prod', '2026-01-08T00:00:00Z')];
  assert.equal(timeStep(monitoringCharts('prod', week, [])[0]), 2 * 24 * 3600_000);
});

test('a theme colour given with alpha becomes opaque for a series, and any colour takes a fill alpha', () => {
  assert.equal(withAlpha('#d1861680', 1), 'rgba(209, 134, 22, 1)');
  assert.equal(withAlpha('rgba(10, 20, 30, 0.4)', 1), 'rgba(10, 20, 30, 1)');
  assert.equal(withAlpha('#fff', 0.5), 'rgba(255, 255, 255, 0.5)');
});
