// DVC templates as charts: lines, scatter, LOESS smoothing, confusion matrices (counts and
// normalised per actual class, one per revision), horizontal bars and their sorted form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotView } from '../../../src/shared/webview-protocol';
import { loess, plotCharts } from '../../../webview-ui/dvc-templates';

const series = (revision: string, x: string, y: string, rows: Record<string, number | string>[]) => ({ revision, label: revision, x, y, rows });
const plot = (template: string, s: PlotView['series']): PlotView => ({ id: 'p', title: 'P', kind: 'data', template, series: s });

test('linear and simple: one line per revision, sorted by x; numeric text counts as a number', () => {
  const [spec] = plotCharts(plot('simple', [series('workspace', 'fpr', 'tpr', [{ fpr: 1, tpr: 1 }, { fpr: '0', tpr: '0' }, { fpr: 0.5, tpr: 'n/a' }]), series('r1', 'fpr', 'tpr', [{ fpr: 0, tpr: 0 }])]));
  assert.equal(spec.type, 'line');
  assert.deepEqual(spec.datasets.map((d) => [d.label, d.data]), [['workspace', [{ x: 0, y: 0 }, { x: 1, y: 1 }]], ['r1', [{ x: 0, y: 0 }]]]);
  assert.equal(spec.note, undefined);
});

test('scatter draws points only; a custom template file draws as linear and says so', () => {
  assert.equal(plotCharts(plot('scatter', [series('w', 'a', 'b', [{ a: 1, b: 2 }])]))[0].type, 'scatter');
  assert.equal(plotCharts(plot('scatter', [series('w', 'a', 'b', [{ a: 1, b: 2 }])]))[0].datasets[0].pointsOnly, true);
  assert.match(plotCharts(plot('.dvc/plots/mine.json', [series('w', 'a', 'b', [{ a: 1, b: 2 }])]))[0].note!, /custom file; drawn as linear/);
});

test('smooth: LOESS reproduces a straight line exactly, and flattens noise around it', () => {
  const line = Array.from({ length: 50 }, (_, i) => ({ x: i, y: 2 * i + 1 }));
  for (const p of loess(line)) assert.ok(Math.abs(p.y - (2 * p.x + 1)) < 1e-9, `${p.x} → ${p.y}`);
  const noisy = line.map((p, i) => ({ x: p.x, y: p.y + (i % 2 ? 3 : -3) }));
  const smooth = loess(noisy);
  assert.equal(smooth[smooth.length - 1].x, 49, 'ends on the last point');
  assert.ok(smooth.slice(5, -5).every((p) => Math.abs(p.y - (2 * p.x + 1)) < 1), 'the ±3 zigzag is gone away from the ends');
  assert.ok(loess(Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: i }))).length <= 201, 'a long series is evaluated at about 200 points');
});

test('confusion: counts per (actual, predicted) on both axes\' union of classes, one matrix per revision', () => {
  const rows = [{ actual: 0, predicted: 0 }, { actual: 0, predicted: 0 }, { actual: 1, predicted: 0 }, { actual: 1, predicted: 1 }, { actual: 2, predicted: 1 }];
  const specs = plotCharts({ ...plot('confusion', [series('workspace', 'actual', 'predicted', rows), series('r1', 'actual', 'predicted', rows.slice(0, 1))]), xLabel: 'actual', yLabel: 'predicted' });
  assert.equal(specs.length, 2);
  const m = specs[0].matrix!;
  assert.deepEqual([m.xs, m.ys], [['0', '1', '2'], ['0', '1', '2']]);
  const cell = (x: string, y: string) => m.cells.find((c) => c.x === x && c.y === y)!.v;
  assert.deepEqual([cell('0', '0'), cell('1', '0'), cell('1', '1'), cell('2', '1'), cell('2', '2')], [2, 1, 1, 1, 0]);
  assert.deepEqual(specs[0].x.title, 'actual');
  const norm = plotCharts(plot('confusion_normalized', [series('w', 'actual', 'predicted', rows)]))[0].matrix!;
  assert.ok(norm.normalized);
  assert.deepEqual(norm.cells.filter((c) => c.x === '1').map((c) => c.v), [0.5, 0.5, 0], 'each actual class sums to 1');
});

test('bar_horizontal: categories on y as the file lists them; the sorted form orders by value, largest first', () => {
  const rows = [{ name: 'b', imp: 0.2 }, { name: 'a', imp: 0.5 }, { name: 'c', imp: 0.1 }];
  const [plain] = plotCharts(plot('bar_horizontal', [series('w', 'imp', 'name', rows)]));
  assert.ok(plain.horizontal);
  assert.deepEqual([plain.labels, plain.datasets[0].data], [['b', 'a', 'c'], [0.2, 0.5, 0.1]]);
  const [sorted] = plotCharts(plot('bar_horizontal_sorted', [series('w', 'imp', 'name', rows)]));
  assert.deepEqual([sorted.labels, sorted.datasets[0].data], [['a', 'b', 'c'], [0.5, 0.2, 0.1]]);
});
