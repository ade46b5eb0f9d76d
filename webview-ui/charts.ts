// ChartSpec → chart.js, and the charts of the visible tab: only the controllers and plugins the
// tabs use are registered (the bundle stays lean), colours come from the theme, long series are
// decimated (LTTB) and zoom/pan with the wheel and drag, and a zoomed range is kept in the state.
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement,
  PointElement, ScatterController, Title, Tooltip, type ChartConfiguration, type ChartDataset, type Plugin,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import zoomPlugin from 'chartjs-plugin-zoom';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import type { ChartProbe } from '../src/shared/webview-protocol';
import { timeStep, type ChartSpec, type DatasetSpec } from './chart-spec';
import { decimationFor } from './decimation';
import { formatTime, formatValue, h } from './dom';
import { readTheme, withAlpha, type Theme } from './theme';

Chart.register(
  LineController, BarController, ScatterController, MatrixController, LineElement, PointElement, BarElement, MatrixElement,
  LinearScale, CategoryScale, Legend, Tooltip, Title, Decimation, zoomPlugin, annotationPlugin,
);

type Range = { min: number; max: number };

/** Writes each cell's value in a confusion matrix, in a colour that reads on the cell. */
const matrixLabels: Plugin<'matrix'> = {
  id: 'ponteMatrixLabels',
  afterDatasetsDraw(chart) {
    const meta = chart.getDatasetMeta(0);
    const ctx = chart.ctx;
    const normalized = (chart.options.plugins as { ponteMatrixLabels?: { normalized?: boolean } }).ponteMatrixLabels?.normalized;
    ctx.save();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const cells = chart.data.datasets[0].data as unknown as { v: number }[];
    const max = Math.max(1e-9, ...cells.map((c) => c.v));
    const font = ctx.font;
    meta.data.forEach((el, i) => {
      const cell = cells[i];
      // a strong cell is a saturated theme colour: white, bold text reads on it in every theme
      const strong = cell.v / max > 0.55;
      ctx.fillStyle = strong ? '#ffffff' : (chart.options.color as string);
      ctx.font = strong ? `bold ${font}` : font;
      const { x, y, width, height } = el.getProps(['x', 'y', 'width', 'height'], true) as { x: number; y: number; width: number; height: number };
      ctx.fillText(normalized ? cell.v.toFixed(2) : String(cell.v), x + width / 2, y + height / 2);
    });
    ctx.restore();
  },
};

function dataset(spec: ChartSpec, d: DatasetSpec, i: number, theme: Theme): ChartDataset {
  // a threshold is a reference, not a series: drawn in the text's colour, which reads on every theme
  const colour = d.reference ? theme.foreground : theme.palette[(d.colour ?? i) % theme.palette.length];
  const cycle = Math.floor((d.colour ?? i) / theme.palette.length);
  const long = d.data.length > 40;
  const base = {
    label: d.label,
    data: d.data as never,
    borderColor: d.faded ? withAlpha(colour, 0.35) : colour,
    backgroundColor: d.faded ? withAlpha(colour, 0.35) : spec.type === 'bar' && !d.reference ? withAlpha(colour, theme.highContrast ? 1 : 0.7) : colour,
    borderWidth: d.reference ? 1.5 : theme.highContrast ? 2.5 : 1.75,
    borderDash: d.reference ? [6, 4] : cycle % 2 ? [3, 3] : undefined,
    pointRadius: d.pointRadius ?? (d.pointsOnly ? 3 : long || d.reference ? 0 : 2.5),
    pointHoverRadius: 5,
    showLine: !d.pointsOnly && spec.type !== 'scatter',
    spanGaps: true,
    order: d.reference ? 0 : d.faded ? 2 : 1,
  };
  if (d.type) return { ...base, type: d.type };
  return base;
}

/** An axis extent widened to whole steps: chart.js starts the ticks at `min` itself, so 00:17 would give 00:27, 00:37. */
function roundedTo(step: number | undefined, min: number | undefined, max: number | undefined): { min?: number; max?: number } {
  if (!step) return { min, max };
  return { min: min === undefined ? undefined : Math.floor(min / step) * step, max: max === undefined ? undefined : Math.ceil(max / step) * step };
}

function toConfig(spec: ChartSpec, theme: Theme, width: number, range: Range | undefined, onRange: (chart: Chart) => void): ChartConfiguration {
  const longest = Math.max(0, ...spec.datasets.map((d) => d.data.length));
  const decimation = spec.type === 'line' ? decimationFor(longest, width, spec.x.kind) : undefined;
  const axisTitle = (text: string | undefined) => ({ display: !!text, text: text ?? '', color: theme.muted });
  const grid = { color: theme.grid };
  const ticks = { color: theme.foreground };
  const step = spec.x.kind === 'time' ? timeStep(spec) : undefined;
  const xTicks = spec.x.kind === 'time' ? { ...ticks, callback: (v: number | string) => formatTime(Number(v)), maxRotation: 0, autoSkipPadding: 16, stepSize: step } : { ...ticks, autoSkipPadding: 8, autoSkip: (spec.labels?.length ?? 0) > 20 }; // a few runs: name every one
  const annotations: Record<string, unknown> = {};
  (spec.markers ?? []).forEach((m, i) => {
    const colour = m.kind === 'alert' ? theme.alert : theme.event;
    annotations[`m${i}`] = {
      type: 'line', xMin: m.x, xMax: m.x, borderColor: colour, borderWidth: 1.5, borderDash: m.kind === 'event' ? [4, 3] : undefined,
      // labels show on hover: several markers close in time would cover each other and the data
      label: { display: false, content: m.label, position: 'start', backgroundColor: withAlpha(colour, 0.9), color: '#fff', font: { size: theme.fontSize - 2 }, padding: 3 },
      enter: ({ element }: { element: { label?: { options: { display: boolean } } } }) => { if (element.label) element.label.options.display = true; return true; },
      leave: ({ element }: { element: { label?: { options: { display: boolean } } } }) => { if (element.label) element.label.options.display = false; return true; },
    };
  });
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    color: theme.foreground,
    font: { family: theme.font, size: theme.fontSize },
    plugins: {
      title: { display: !!spec.title, text: spec.title, color: theme.foreground, font: { weight: 'normal' as const, size: theme.fontSize + 1 } },
      legend: { display: (spec.legend || spec.datasets.length > 1) && spec.datasets.length <= 20, labels: { color: theme.foreground, boxWidth: 12, sort: (a: { datasetIndex?: number }, b: { datasetIndex?: number }) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
      tooltip: spec.rawValues
        ? { callbacks: { label: (c: { datasetIndex: number; dataIndex: number; dataset: { label?: string } }) => `${c.dataset.label}: ${formatValue(spec.rawValues![c.datasetIndex]?.[c.dataIndex] ?? undefined)}` } }
        : spec.x.kind === 'time' ? { callbacks: { title: (items: { parsed: { x: number } }[]) => formatTime(items[0]?.parsed.x) } } : {},
      decimation: decimation ?? { enabled: false },
      annotation: { annotations },
      zoom: spec.zoom
        ? {
          zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'x' as const, onZoomComplete: ({ chart }: { chart: Chart }) => onRange(chart) },
          pan: { enabled: true, mode: 'x' as const, onPanComplete: ({ chart }: { chart: Chart }) => onRange(chart) },
        }
        : undefined,
    },
  };
  if (spec.type === 'matrix' && spec.matrix) {
    const { cells, xs, ys, normalized } = spec.matrix;
    const max = Math.max(1e-9, ...cells.map((c) => c.v));
    const colour = theme.palette[0];
    return {
      type: 'matrix',
      data: {
        datasets: [{
          label: spec.datasets[0]?.label ?? '',
          data: cells as never,
          backgroundColor: (c: { raw?: unknown }) => withAlpha(colour, 0.08 + 0.85 * (((c.raw as { v: number } | undefined)?.v ?? 0) / max)),
          borderColor: theme.grid,
          borderWidth: 1,
          width: ({ chart }: { chart: Chart }) => (chart.chartArea?.width ?? 0) / xs.length - 2,
          height: ({ chart }: { chart: Chart }) => (chart.chartArea?.height ?? 0) / ys.length - 2,
        }] as never,
      },
      options: {
        ...common,
        plugins: { ...common.plugins, legend: { display: false }, ponteMatrixLabels: { normalized } } as never,
        scales: {
          x: { type: 'category', labels: xs, offset: true, grid: { display: false }, ticks, title: axisTitle(spec.x.title) },
          y: { type: 'category', labels: ys, offset: true, reverse: false, grid: { display: false }, ticks, title: axisTitle(spec.y.title) },
        },
      },
      plugins: [matrixLabels],
    };
  }
  const numericX = spec.x.kind !== 'category';
  const datasets = spec.datasets.map((d, i) => dataset(spec, d, i, theme));
  const valueAxis = { grid, ticks, title: axisTitle(spec.y.title), min: spec.y.min, max: spec.y.max };
  const xAxis = { type: numericX ? ('linear' as const) : ('category' as const), grid, ticks: xTicks, title: axisTitle(spec.x.title), ...roundedTo(step, spec.x.min, spec.x.max), ...(range ?? {}) };
  return {
    type: spec.type === 'scatter' ? 'scatter' : spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      ...common,
      indexAxis: spec.horizontal ? 'y' : 'x',
      parsing: decimation?.enabled ? false : undefined,
      normalized: numericX,
      interaction: { mode: spec.rawValues || spec.type === 'scatter' ? 'nearest' : 'index', intersect: false },
      scales: spec.horizontal
        ? { x: { ...valueAxis, title: axisTitle(spec.x.title) }, y: { type: 'category', grid, ticks, title: axisTitle(spec.y.title) } }
        : { x: xAxis, y: valueAxis },
    } as never,
  };
}

export interface ChartHostOptions {
  range(id: string): Range | undefined;
  onRange(id: string, range: Range | undefined): void;
  /** A point that stands for something (a run) was clicked. */
  onPoint?(pointId: string): void;
}

/** The charts on screen. A tab's render clears them and mounts its own. */
export class ChartHost {
  private readonly charts = new Map<string, { chart: Chart; spec: ChartSpec; canvas: HTMLCanvasElement }>();
  private theme = readTheme();

  constructor(private readonly options: ChartHostOptions) {}

  /** A titled chart card in `parent`; `height` in px. */
  mount(parent: HTMLElement, spec: ChartSpec, height = 260): HTMLElement {
    const canvas = h('canvas', { role: 'img', 'aria-label': spec.title ?? spec.id });
    const box = h('div', { class: 'chart' }, canvas);
    box.style.height = `${height}px`; // through the CSSOM: the panel's CSP refuses style attributes
    const card = h('div', { class: 'chart-card', 'data-chart': spec.id }, box);
    if (spec.note) card.prepend(h('p', { class: 'note' }, spec.note));
    if (spec.markers?.length) {
      const alerts = spec.markers.filter((m) => m.kind === 'alert').length;
      card.append(h('p', { class: 'hint marker-key' }, `${alerts ? `red lines: ${alerts} alert(s)` : ''}${alerts && alerts < spec.markers.length ? ' · ' : ''}${alerts < spec.markers.length ? `dashed: ${spec.markers.length - alerts} deployment event(s)` : ''} (hover a line for its name)`));
    }
    if (spec.zoom) {
      card.append(h('div', { class: 'chart-tools' }, h('span', { class: 'hint' }, 'wheel: zoom, drag: pan'), h('vscode-button', { secondary: true, onclick: () => this.resetZoom(spec.id) }, 'Reset zoom')));
    }
    parent.append(card);
    this.draw(spec, canvas, parent.clientWidth || 600);
    return card;
  }

  private draw(spec: ChartSpec, canvas: HTMLCanvasElement, width: number): void {
    this.charts.get(spec.id)?.chart.destroy();
    const config = toConfig(spec, this.theme, width, spec.zoom ? this.options.range(spec.id) : undefined, (chart) => {
      this.options.onRange(spec.id, { min: chart.scales.x.min, max: chart.scales.x.max });
    });
    if (this.options.onPoint && spec.pointIds) {
      config.options = { ...config.options, onClick: (_e, elements) => { const id = elements[0] && spec.pointIds![elements[0].index]; if (id) this.options.onPoint?.(id); } };
    }
    this.charts.set(spec.id, { chart: new Chart(canvas, config), spec, canvas });
  }

  resetZoom(id: string): void {
    const c = this.charts.get(id);
    if (!c) return;
    this.options.onRange(id, undefined);
    (c.chart as Chart & { resetZoom(): void }).resetZoom();
  }

  clear(): void {
    for (const c of this.charts.values()) c.chart.destroy();
    this.charts.clear();
  }

  /** The theme changed (VS Code swaps the body's class and variables): redraw in its colours. */
  restyle(): void {
    this.theme = readTheme();
    for (const { spec, canvas } of [...this.charts.values()]) this.draw(spec, canvas, canvas.parentElement?.clientWidth || 600);
  }

  /** What each chart holds, read from chart.js (decimation keeps the original data in `_data`). */
  probe(): ChartProbe[] {
    return [...this.charts.entries()].map(([id, { chart }]) => ({
      id,
      type: (chart.config as { type: string }).type,
      drawn: chart.attached && !!chart.chartArea && chart.chartArea.width > 0,
      xRange: chart.scales.x ? { min: chart.scales.x.min, max: chart.scales.x.max } : undefined,
      datasets: chart.data.datasets.map((d) => ({ label: d.label ?? '', points: ((d as { _data?: unknown[] })._data ?? d.data).length })),
    }));
  }
}
