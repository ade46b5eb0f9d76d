// DVC's plot templates as charts: linear and simple (lines), scatter (points), smooth (lines through
// a LOESS fit, bandwidth 0.3 as DVC's template), confusion and confusion_normalized (a count matrix
// per revision, normalised per actual class), bar_horizontal and its sorted form. A custom template
// file draws as linear, with a note saying so.
import type { PlotView, Scalar } from '../src/shared/webview-protocol';
import type { ChartSpec, MatrixCell, Point } from './chart-spec';
import { sortedByX, ZOOM_ABOVE } from './decimation';

export const TEMPLATES = ['linear', 'simple', 'scatter', 'smooth', 'confusion', 'confusion_normalized', 'bar_horizontal', 'bar_horizontal_sorted'] as const;

const num = (v: Scalar | undefined): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);
type Series = NonNullable<PlotView['series']>[number];

function points(s: Series): Point[] {
  const out: Point[] = [];
  for (const r of s.rows) {
    const x = num(r[s.x]);
    const y = num(r[s.y]);
    if (x !== null && y !== null) out.push({ x, y });
  }
  return out;
}

/** LOESS (local linear regression, tricube weights) over the nearest `bandwidth` share of points. */
export function loess(data: Point[], bandwidth = 0.3, maxEvaluations = 200): Point[] {
  const pts = sortedByX(data);
  const n = pts.length;
  if (n < 3) return pts;
  const k = Math.max(3, Math.ceil(bandwidth * n));
  const step = Math.max(1, Math.floor(n / maxEvaluations));
  const out: Point[] = [];
  const at: number[] = [];
  for (let i = 0; i < n; i += step) at.push(i);
  if (at[at.length - 1] !== n - 1) at.push(n - 1);
  let lo = 0;
  for (const i of at) {
    const x0 = pts[i].x;
    // slide the window of k nearest points along the sorted x
    while (lo + k < n && x0 - pts[lo].x > pts[lo + k].x - x0) lo++;
    const hi = Math.min(n, lo + k);
    const span = Math.max(x0 - pts[lo].x, pts[hi - 1].x - x0) || 1;
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let j = lo; j < hi; j++) {
      const d = Math.abs(pts[j].x - x0) / (span * 1.0001);
      const w = (1 - d ** 3) ** 3;
      sw += w; sx += w * pts[j].x; sy += w * pts[j].y; sxx += w * pts[j].x ** 2; sxy += w * pts[j].x * pts[j].y;
    }
    const denom = sw * sxx - sx * sx;
    const slope = Math.abs(denom) < 1e-12 ? 0 : (sw * sxy - sx * sy) / denom;
    out.push({ x: x0, y: sy / sw + slope * (x0 - sx / sw) });
  }
  return out;
}

function confusion(plot: PlotView, normalized: boolean): ChartSpec[] {
  return (plot.series ?? []).map((s, i) => {
    const counts = new Map<string, number>();
    const xs = new Set<string>();
    const ys = new Set<string>();
    for (const r of s.rows) {
      const x = String(r[s.x]);
      const y = String(r[s.y]);
      xs.add(x);
      ys.add(y);
      counts.set(`${x}\u0000${y}`, (counts.get(`${x}\u0000${y}`) ?? 0) + 1);
    }
    const order = (set: Set<string>) => [...set].sort((a, b) => (num(a) !== null && num(b) !== null ? Number(a) - Number(b) : a.localeCompare(b)));
    const xsSorted = order(new Set([...xs, ...ys]));
    const cells: MatrixCell[] = [];
    for (const x of xsSorted) {
      const total = xsSorted.reduce((t, y) => t + (counts.get(`${x}\u0000${y}`) ?? 0), 0);
      for (const y of xsSorted) {
        const c = counts.get(`${x}\u0000${y}`) ?? 0;
        cells.push({ x, y, v: normalized ? (total ? c / total : 0) : c });
      }
    }
    return {
      id: `plots.${plot.id}.${i}`,
      type: 'matrix',
      title: `${plot.title} · ${s.label}`,
      datasets: [{ label: s.label, data: [] }],
      matrix: { cells, xs: xsSorted, ys: xsSorted, normalized },
      x: { title: plot.xLabel ?? s.x, kind: 'category' },
      y: { title: plot.yLabel ?? s.y, kind: 'category' },
    };
  });
}

function horizontalBars(plot: PlotView, sorted: boolean): ChartSpec {
  const series = plot.series ?? [];
  // bar_horizontal: x is the value, y the category (DVC's log_plot example: x=importance, y=name)
  let labels = [...new Set(series.flatMap((s) => s.rows.map((r) => String(r[s.y]))))];
  const value = (s: Series, label: string) => num(s.rows.find((r) => String(r[s.y]) === label)?.[s.x]);
  if (sorted && series.length) labels = labels.sort((a, b) => (value(series[0], b) ?? -Infinity) - (value(series[0], a) ?? -Infinity));
  return {
    id: `plots.${plot.id}`,
    type: 'bar',
    title: plot.title,
    horizontal: true,
    labels,
    datasets: series.map((s, i) => ({ label: s.label, data: labels.map((l) => value(s, l)), colour: i })),
    x: { title: plot.xLabel, kind: 'linear' },
    y: { title: plot.yLabel, kind: 'category' },
    legend: true,
  };
}

/** The charts one DVC plot draws: one, or one matrix per revision for confusion templates. */
export function plotCharts(plot: PlotView): ChartSpec[] {
  const template = plot.template ?? 'linear';
  if (template === 'confusion' || template === 'confusion_normalized') return confusion(plot, template === 'confusion_normalized');
  if (template === 'bar_horizontal' || template === 'bar_horizontal_sorted') return [horizontalBars(plot, template === 'bar_horizontal_sorted')];
  const series = plot.series ?? [];
  const datasets = series.map((s, i) => {
    const data = points(s);
    if (template === 'scatter') return { label: s.label, data, pointsOnly: true, colour: i };
    return { label: s.label, data: template === 'smooth' ? loess(data) : sortedByX(data), colour: i };
  });
  const longest = Math.max(0, ...datasets.map((d) => d.data.length));
  return [{
    id: `plots.${plot.id}`,
    type: template === 'scatter' ? 'scatter' : 'line',
    title: plot.title,
    datasets,
    x: { title: plot.xLabel, kind: 'linear' },
    y: { title: plot.yLabel },
    zoom: longest > ZOOM_ABOVE,
    legend: true,
    note: (TEMPLATES as readonly string[]).includes(template) ? undefined : `template "${template}" is a custom file; drawn as linear`,
  }];
}
