// The Experiments and Compare tabs' data: runs filtered by status and gate verdict, one metric
// across runs, step-wise histories, params against a metric (scatter, or parallel coordinates on
// axes scaled 0..1), and the differences between selected runs. Pure functions over RunView.
import type { MetricHistory, PanelState, RunView, Scalar } from '../src/shared/webview-protocol';
import type { ChartSpec, DatasetSpec } from './chart-spec';
import { sortedByX } from './decimation';

export const STATUSES = ['running', 'finished', 'failed', 'killed'] as const;
export const GATES = ['passed', 'failed', 'skipped', 'none'] as const;

export function runLabel(r: RunView): string {
  return r.name ? `${r.name} (${r.id.slice(0, 7)})` : r.id.slice(0, 12);
}

/** Oldest first, so a metric across runs reads left to right in time. */
export function filterRuns(runs: RunView[], filter: PanelState['filter']): RunView[] {
  const status = filter?.status?.length ? new Set(filter.status) : undefined;
  const gate = filter?.gate?.length ? new Set(filter.gate) : undefined;
  return runs
    .filter((r) => (!status || status.has(r.status)) && (!gate || gate.has(r.gate ?? 'none')))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function keysOf(records: Record<string, unknown>[], numeric: boolean): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const [k, v] of Object.entries(r)) if (!numeric || typeof v === 'number') keys.add(k);
  return [...keys].sort();
}

export const metricKeys = (runs: RunView[], histories: MetricHistory[] = []): string[] =>
  [...new Set([...keysOf(runs.map((r) => r.metrics), true), ...histories.map((h) => h.key)])].sort();
/** Numeric params, those that vary across the runs first (a constant one explains nothing). */
export function numericParamKeys(runs: RunView[]): string[] {
  const distinct = (k: string) => new Set(runs.map((r) => r.params[k])).size;
  return keysOf(runs.map((r) => r.params), true).sort((a, b) => Number(distinct(b) > 1) - Number(distinct(a) > 1) || a.localeCompare(b));
}

/** The metric the tab shows: the saved one when runs still have it, else the first. */
export function chosenMetric(keys: string[], wanted: string | undefined): string | undefined {
  return wanted && keys.includes(wanted) ? wanted : keys[0];
}

export function metricAcrossRuns(runs: RunView[], metric: string, kind: 'line' | 'bar', selected: string[]): ChartSpec {
  const sel = new Set(selected);
  return {
    id: 'experiments.metric',
    type: kind,
    title: `${metric} by run`,
    labels: runs.map(runLabel),
    datasets: [{ label: metric, data: runs.map((r) => r.metrics[metric] ?? null), pointRadius: runs.map((r) => (sel.has(r.id) ? 6 : 3)) }],
    x: { title: 'run', kind: 'category' },
    y: { title: metric },
    zoom: runs.length > 50,
    pointIds: runs.map((r) => r.id),
  };
}

/** Metrics logged at more than one step (`ponte log-metric --step`), the ones a history chart can draw. */
export const historyKeys = (histories: MetricHistory[]): string[] => [...new Set(histories.filter((h) => h.points.length > 0).map((h) => h.key))].sort();

/**
 * The metric whose histories a tab draws: the chosen one when it was logged step by step, else
 * the first that was (a final `accuracy` has no history, while `loss` over steps has one).
 */
export function historyMetric(histories: MetricHistory[], wanted: string | undefined): string | undefined {
  const keys = historyKeys(histories);
  return wanted && keys.includes(wanted) ? wanted : keys[0];
}

/**
 * Histories of `metric` for the given runs, one dataset per run with any points. With a
 * selection among them, the selected runs are drawn strong and the others faded behind.
 */
export function historyChart(id: string, histories: MetricHistory[], metric: string, runs: RunView[], selected: string[] = []): ChartSpec {
  const byRun = new Map<string, MetricHistory>();
  for (const h of histories) if (h.key === metric) byRun.set(h.runId, h);
  const sel = new Set(selected.filter((r) => runs.some((x) => x.id === r)));
  const datasets: DatasetSpec[] = [];
  runs.forEach((r, i) => {
    const h = byRun.get(r.id);
    if (h?.points.length) datasets.push({ label: runLabel(r), data: sortedByX(h.points.map((p) => ({ x: p.step, y: p.value }))), colour: i, faded: sel.size > 0 && !sel.has(r.id) });
  });
  const longest = Math.max(0, ...datasets.map((d) => d.data.length));
  return { id, type: 'line', title: `${metric} by step`, datasets, x: { title: 'step', kind: 'linear' }, y: { title: metric }, zoom: longest > 200 };
}

/** Runs whose histories Experiments draws: the latest few (500 lines read as noise) and every selected one, oldest first. */
export function historyRuns(runs: RunView[], selected: string[], latest = 10): RunView[] {
  const recent = new Set(runs.slice(-latest).map((r) => r.id));
  return runs.filter((r) => recent.has(r.id) || selected.includes(r.id));
}

export function paramScatter(runs: RunView[], param: string, metric: string): ChartSpec {
  const data = runs.flatMap((r) => (typeof r.params[param] === 'number' && typeof r.metrics[metric] === 'number' ? [{ x: r.params[param], y: r.metrics[metric] }] : []));
  return { id: 'experiments.params', type: 'scatter', title: `${metric} against ${param}`, datasets: [{ label: `${param} → ${metric}`, data }], x: { title: param, kind: 'linear' }, y: { title: metric } };
}

/**
 * Parallel coordinates on a line chart: one category per axis (the numeric params, then the
 * metric), each run a line through its values scaled to 0..1 per axis; tooltips show raw values.
 */
export function parallelCoordinates(runs: RunView[], params: string[], metric: string, selected: string[] = []): ChartSpec {
  // a param every run shares is an axis every line crosses at one point: it says nothing
  const varying = params.filter((k) => new Set(runs.map((r) => r.params[k])).size > 1);
  const axes = [...varying, metric];
  const sel = new Set(selected);
  const value = (r: RunView, k: string): number | null => {
    const v = k === metric ? r.metrics[metric] : r.params[k];
    return typeof v === 'number' ? v : null;
  };
  const ranges = axes.map((k) => {
    const vs = runs.map((r) => value(r, k)).filter((v): v is number => v !== null);
    return { min: Math.min(...vs), max: Math.max(...vs) };
  });
  const scale = (v: number | null, i: number): number | null => {
    if (v === null) return null;
    const { min, max } = ranges[i];
    return max > min ? (v - min) / (max - min) : 0.5;
  };
  const raw = runs.map((r) => axes.map((k) => value(r, k)));
  return {
    id: 'experiments.params',
    type: 'line',
    title: `parameters and ${metric}`,
    labels: axes,
    // many runs: one colour, faded, and the selected runs drawn strong on top
    datasets: runs.map((r, i) => ({ label: runLabel(r), data: raw[i].map(scale), colour: sel.has(r.id) ? 1 : 0, faded: !sel.has(r.id) })),
    rawValues: raw,
    x: { kind: 'category' },
    y: { min: 0, max: 1, title: 'scaled to each axis' },
  };
}

export interface CompareRow {
  key: string;
  section: 'param' | 'metric';
  values: (Scalar | undefined)[];
  differs: boolean;
}

/** Params then metrics of the selected runs, each row flagged when the runs disagree. */
export function compareRows(runs: RunView[]): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const section of ['param', 'metric'] as const) {
    const records = runs.map((r) => (section === 'param' ? r.params : r.metrics));
    for (const key of keysOf(records, false)) {
      const values = records.map((rec) => rec[key]);
      rows.push({ key, section, values, differs: new Set(values.map((v) => JSON.stringify(v ?? null))).size > 1 });
    }
  }
  return rows;
}

/** The selected runs' metrics side by side: a bar per run for each metric. */
export function compareMetricsChart(runs: RunView[]): ChartSpec {
  const keys = metricKeys(runs);
  return {
    id: 'compare.metrics',
    type: 'bar',
    title: 'metrics',
    labels: keys,
    datasets: runs.map((r, i) => ({ label: runLabel(r), data: keys.map((k) => r.metrics[k] ?? null), colour: i })),
    x: { kind: 'category' },
    y: {},
  };
}
