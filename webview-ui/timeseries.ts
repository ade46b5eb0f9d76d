// The Drift and Monitoring tabs' data: monitoring windows of a deployment over time (latency
// percentiles, error rate, throughput, accuracy, each feature's drift score against its threshold,
// the dataset-drift share), with alerts and deployment events as markers on the same time axis.
import type { AlertView, DeploymentEventView, FeatureDrift, Histogram, WindowView } from '../src/shared/webview-protocol';
import type { ChartSpec, DatasetSpec, Marker } from './chart-spec';
import { ZOOM_ABOVE } from './decimation';

const t = (iso: string): number => Date.parse(iso);

export function windowsOf(windows: WindowView[], deployment: string | undefined): WindowView[] {
  return windows.filter((w) => !deployment || w.deployment === deployment).sort((a, b) => a.end.localeCompare(b.end));
}

export function deploymentsOf(windows: WindowView[], names: string[]): string[] {
  return [...new Set([...names, ...windows.map((w) => w.deployment)])].sort();
}

export function markersFor(deployment: string | undefined, alerts: AlertView[], events: DeploymentEventView[]): Marker[] {
  const mine = <T extends { deployment: string }>(xs: T[]) => xs.filter((x) => !deployment || x.deployment === deployment);
  return [
    ...mine(alerts).map((a): Marker => ({ x: t(a.firedAt), label: `alert: ${a.rule}`, kind: 'alert' })),
    ...mine(events).map((e): Marker => ({ x: t(e.at), label: `${e.action}${e.modelVersion !== undefined ? ` v${e.modelVersion}` : ''}`, kind: 'event' })),
  ].filter((m) => Number.isFinite(m.x));
}

/** A pause in the windows shorter than this still reads as one stretch of time. */
const PAD_MS = 30 * 60_000;

/**
 * The time axis spans the windows and the markers near them (an alert fires as a window closes),
 * not markers far away: a deploy months before would squeeze every window into one vertical line.
 * Markers left outside are named in a note. Near: within half the windows' span of them.
 */
export function timeAxis(windows: WindowView[], markers: Marker[]): { min?: number; max?: number; markers: Marker[]; outside: Marker[] } {
  const ends = windows.map((w) => t(w.end)).filter(Number.isFinite);
  if (ends.length === 0) return { markers, outside: [] };
  let min = Math.min(...ends);
  let max = Math.max(...ends);
  if (max - min < PAD_MS) {
    min -= PAD_MS;
    max += PAD_MS;
  }
  const reach = (max - min) / 2;
  const near = (m: Marker) => m.x >= min - reach && m.x <= max + reach;
  const shown = markers.filter(near);
  for (const m of shown) {
    min = Math.min(min, m.x);
    max = Math.max(max, m.x);
  }
  return { min, max, markers: shown, outside: markers.filter((m) => !near(m)) };
}

function timeChart(id: string, title: string, yTitle: string, windows: WindowView[], series: [string, (w: WindowView) => number | undefined][], markers: Marker[]): ChartSpec {
  const datasets: DatasetSpec[] = series.map(([label, get], i) => ({
    label,
    data: windows.flatMap((w) => {
      const v = get(w);
      return typeof v === 'number' ? [{ x: t(w.end), y: v }] : [];
    }),
    colour: i,
  }));
  const axis = timeAxis(windows, markers);
  return { id, type: 'line', title, datasets, x: { kind: 'time', min: axis.min, max: axis.max }, y: { title: yTitle }, markers: axis.markers, zoom: windows.length > ZOOM_ABOVE };
}

/** The alerts and deployment events the charts leave out (outside the windows' span), for one line above them. */
export function markersOutside(windows: WindowView[], markers: Marker[]): string | undefined {
  const axis = timeAxis(windows, markers);
  const before = axis.outside.filter((m) => m.x < (axis.min ?? -Infinity)).map((m) => m.label);
  const after = axis.outside.filter((m) => m.x > (axis.max ?? Infinity)).map((m) => m.label);
  const parts = [before.length ? `before the first window: ${before.join(', ')}` : '', after.length ? `after the last window: ${after.join(', ')}` : ''].filter(Boolean);
  return parts.length ? `Not on the charts, ${parts.join('; ')}.` : undefined;
}

export function monitoringCharts(deployment: string, windows: WindowView[], markers: Marker[]): ChartSpec[] {
  const p = `monitoring.${deployment}`;
  return [
    timeChart(`${p}.latency`, 'latency', 'ms', windows, [['p50', (w) => w.latency.p50], ['p95', (w) => w.latency.p95], ['p99', (w) => w.latency.p99]], markers),
    timeChart(`${p}.errors`, 'error rate', 'share of requests', windows, [['error rate', (w) => w.errorRate]], markers),
    timeChart(`${p}.throughput`, 'throughput', 'requests/s', windows, [['throughput', (w) => w.throughput ?? (w.count && Date.parse(w.end) > Date.parse(w.start) ? w.count / ((Date.parse(w.end) - Date.parse(w.start)) / 1000) : undefined)]], markers),
    timeChart(`${p}.accuracy`, 'accuracy', 'accuracy', windows, [['accuracy', (w) => w.accuracy]], markers),
  ];
}

export const featuresOf = (windows: WindowView[]): string[] => [...new Set(windows.flatMap((w) => Object.keys(w.features)))].sort();

/**
 * A feature's drift score over time, with its threshold (the latest window's) as a dashed line.
 * For a statistical test the threshold applies to the p-value (drift below it), so that is the
 * score drawn; for a distance it is the statistic (drift above it).
 */
export function featureDriftChart(deployment: string, feature: string, windows: WindowView[], markers: Marker[]): ChartSpec {
  const test = windows.some((w) => w.features[feature]?.pValue !== undefined);
  const score = (w: WindowView) => (test ? w.features[feature]?.pValue : w.features[feature]?.score);
  const spec = timeChart(`drift.${deployment}.${feature}`, feature, test ? 'p-value (drift below the threshold)' : 'drift score', windows, [[`${feature} ${test ? 'p-value' : 'score'}`, score]], markers);
  const withFeature = windows.filter((w) => w.features[feature]);
  const last = withFeature[withFeature.length - 1]?.features[feature];
  if (last && withFeature.length) {
    spec.datasets.push({ label: `threshold (${last.method})`, data: withFeature.map((w) => ({ x: t(w.end), y: w.features[feature].threshold })), reference: true, colour: 1 });
  }
  return spec;
}

export function driftShareChart(deployment: string, windows: WindowView[], markers: Marker[]): ChartSpec {
  return timeChart(`drift.${deployment}.share`, 'share of drifted features', 'share', windows, [['drift share', (w) => w.driftShare]], markers);
}

/** Reference against current for one feature: bars per bin, as fractions. */
export function histogramChart(id: string, feature: string, h: Histogram): ChartSpec {
  const labels = h.bins.map((b, i) => (typeof b === 'number' && typeof h.bins[i + 1] === 'number' ? `${fmt(b)}–${fmt(h.bins[i + 1] as number)}` : String(b)));
  const n = Math.min(h.reference.length, h.current.length);
  return {
    id,
    type: 'bar',
    title: `${feature}: reference and current`,
    labels: labels.slice(0, n),
    datasets: [{ label: 'reference', data: h.reference.slice(0, n), colour: 0 }, { label: 'current', data: h.current.slice(0, n), colour: 1 }],
    x: { kind: 'category', title: feature },
    y: { title: 'fraction' },
  };
}

export const driftedFirst = (features: Record<string, FeatureDrift>): [string, FeatureDrift][] =>
  Object.entries(features).sort(([a, x], [b, y]) => Number(y.drifted) - Number(x.drifted) || a.localeCompare(b));

// bin edges as a person reads them on an axis: 25.0K–31.4K rather than 2.5e+4–3.1e+4
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return compact.format(v);
  return Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(1) : String(Math.round(v * 100) / 100);
}
