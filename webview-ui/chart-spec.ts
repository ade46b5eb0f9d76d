// What a chart shows, as plain data the tabs build and unit tests read: charts.ts turns a spec into
// a chart.js chart with the theme's colours. Keeping chart.js out of here keeps the logic testable.

export type Point = { x: number; y: number };

export interface DatasetSpec {
  label: string;
  /** Points on a numeric x axis, or one value per category label. */
  data: Point[] | (number | null)[];
  /** Draw this dataset differently from the chart's type (a bar chart's threshold line). */
  type?: 'line' | 'bar' | 'scatter';
  /** A dashed reference line (a threshold) rather than data. */
  reference?: boolean;
  /** Draw as points only (scatter on a line chart). */
  pointsOnly?: boolean;
  /** Index into the theme palette; by default the dataset's position. */
  colour?: number;
  /** Drawn light, behind the others (the runs not selected, among many). */
  faded?: boolean;
  /** Per-point radius, for highlighting selected runs. */
  pointRadius?: number[];
}

export interface MatrixCell {
  x: string;
  y: string;
  v: number;
}

export interface Marker {
  /** Position on the x axis (ms since epoch on a time axis). */
  x: number;
  label: string;
  kind: 'alert' | 'event';
}

export interface ChartSpec {
  id: string;
  type: 'line' | 'bar' | 'scatter' | 'matrix';
  title?: string;
  datasets: DatasetSpec[];
  /** Category labels (x, or y for horizontal bars). */
  labels?: string[];
  /** `min`/`max`: the axis's extent when the data alone should not set it (a time axis spans the windows). */
  x: { title?: string; kind: 'linear' | 'category' | 'time'; min?: number; max?: number };
  y: { title?: string; kind?: 'linear' | 'category'; min?: number; max?: number };
  horizontal?: boolean;
  /** Confusion matrices: cells, and the category order of each axis. */
  matrix?: { cells: MatrixCell[]; xs: string[]; ys: string[]; normalized: boolean };
  markers?: Marker[];
  /** Series long enough to zoom and pan (and to decimate). */
  zoom?: boolean;
  /** Tooltips show these per-dataset values instead of the normalised y (parallel coordinates). */
  rawValues?: (number | null)[][];
  note?: string;
  /** Name the series even when there is one (a plot's one revision: the workspace, or which run). */
  legend?: boolean;
  /** What each point stands for (a run id): clicking the point toggles it in the selection. */
  pointIds?: string[];
}

/** Points a dataset holds, as ponteCharts() reports them. */
export function pointCount(spec: ChartSpec): { label: string; points: number }[] {
  if (spec.matrix) return [{ label: spec.datasets[0]?.label ?? spec.title ?? spec.id, points: spec.matrix.cells.length }];
  return spec.datasets.map((d) => ({ label: d.label, points: d.data.length }));
}

const MINUTE = 60_000;
const TIME_STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080, 43_200].map((m) => m * MINUTE);

/** Ticks on a time axis at round times (whole hours, days...), about six of them, not at 01:46 and 02:20. */
export function timeStep(spec: ChartSpec): number | undefined {
  const xs = spec.datasets.flatMap((d) => d.data.map((p) => (typeof p === 'object' && p ? p.x : NaN))).filter(Number.isFinite);
  const min = spec.x.min ?? Math.min(...xs);
  const max = spec.x.max ?? Math.max(...xs);
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return undefined;
  return TIME_STEPS.find((step) => (max - min) / step <= 6) ?? undefined;
}
