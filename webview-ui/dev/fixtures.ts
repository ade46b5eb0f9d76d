// Deterministic DashboardData for the harness page, the screenshots and the bench: runs with params,
// metrics, gate verdicts and step histories; DVC plots of every template; monitoring windows of two
// deployments with drift, alerts and deployment events; a drift report; datasets with versions.
// Plain data (no DOM, no Node), so the page, Node scripts and unit tests can all build it.
import type { DashboardData, FeatureDrift, Histogram, MetricHistory, PlotView, RunView, WindowView } from '../../src/shared/webview-protocol';

export interface FixtureOptions {
  runs?: number;
  /** Metrics per run (the first few have meaningful names). */
  metrics?: number;
  historySteps?: number;
  /** Runs with step histories (the latest ones). */
  historyRuns?: number;
  windows?: number;
  /** Points of the long linear plot (the 100,000-point bench). */
  longPlot?: number;
}

/** mulberry32: the same numbers on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMED_METRICS = ['accuracy', 'f1', 'precision', 'recall', 'roc_auc', 'loss'];
const STATUSES: RunView['status'][] = ['finished', 'finished', 'finished', 'finished', 'failed', 'running', 'killed'];
const GATES: (RunView['gate'] | undefined)[] = ['passed', 'passed', 'failed', undefined, 'skipped'];
const FEATURES = ['tenure', 'monthly_charges', 'total_charges', 'contract', 'support_calls'];
const T0 = Date.parse('2026-11-20T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

export function fixtureRuns(n: number, metricCount: number, rnd: () => number): RunView[] {
  const metrics = [...NAMED_METRICS, ...Array.from({ length: Math.max(0, metricCount - NAMED_METRICS.length) }, (_, i) => `metric_${String(i + 1).padStart(2, '0')}`)].slice(0, metricCount);
  return Array.from({ length: n }, (_, i) => {
    const depth = 2 + Math.floor(rnd() * 10);
    const lr = Math.round((0.01 + rnd() * 0.3) * 1000) / 1000;
    const trees = 50 + Math.floor(rnd() * 20) * 10;
    const quality = 0.7 + 0.2 * (1 - Math.abs(depth - 6) / 6) + rnd() * 0.05;
    const values: Record<string, number> = {};
    metrics.forEach((m, j) => {
      values[m] = m === 'loss' ? Math.round((1 - quality) * 1e4) / 1e4 : Math.round(Math.min(0.999, quality - j * 0.01 + rnd() * 0.03) * 1e4) / 1e4;
    });
    return {
      id: `run${String(i + 1).padStart(4, '0')}${Math.floor(rnd() * 1e8).toString(16).padStart(7, '0')}`,
      name: `train-${i + 1}`,
      status: STATUSES[i % STATUSES.length],
      gate: GATES[i % GATES.length],
      createdAt: iso(T0 + i * 3_600_000),
      commit: Math.floor(rnd() * 0xfffffff).toString(16).padStart(7, '0'),
      params: { 'train.max_depth': depth, 'train.learning_rate': lr, 'train.n_estimators': trees, 'train.model': i % 3 ? 'gbm' : 'forest', 'evaluate.threshold': 0.5 },
      metrics: values,
      ...(i === n - 2 ? { modelVersion: 3, aliases: ['production'] } : {}),
    };
  });
}

function histories(runs: RunView[], steps: number, rnd: () => number): MetricHistory[] {
  return runs.flatMap((r) => {
    const final = r.metrics.accuracy ?? 0.85;
    const acc = { runId: r.id, key: 'accuracy', points: Array.from({ length: steps }, (_, s) => ({ step: s + 1, value: final - (final - 0.5) * Math.exp(-s / (steps / 5)) + (rnd() - 0.5) * 0.01 })) };
    const loss = { runId: r.id, key: 'loss', points: Array.from({ length: steps }, (_, s) => ({ step: s + 1, value: 0.1 + 0.8 * Math.exp(-s / (steps / 6)) + (rnd() - 0.5) * 0.02 })) };
    return [acc, loss];
  });
}

function plots(runs: RunView[], rnd: () => number, longPlot: number): PlotView[] {
  const revs = [{ revision: 'workspace', label: 'workspace' }, ...runs.slice(-2).map((r) => ({ revision: r.id, label: r.name ?? r.id }))];
  const roc = revs.map((rev, k) => {
    const power = 2.2 + k * 0.6;
    return { ...rev, x: 'fpr', y: 'tpr', rows: Array.from({ length: 41 }, (_, i) => ({ fpr: i / 40, tpr: Math.round((1 - (1 - i / 40) ** power) * 1e4) / 1e4 })) };
  });
  const confusion = revs.slice(0, 2).map((rev, k) => ({
    ...rev, x: 'actual', y: 'predicted',
    rows: Array.from({ length: 300 }, () => {
      const actual = rnd() < 0.3 ? 1 : 0;
      const right = rnd() < 0.85 + k * 0.05;
      return { actual, predicted: right ? actual : 1 - actual };
    }),
  }));
  const loss = revs.map((rev, k) => ({ ...rev, x: 'step', y: 'loss', rows: Array.from({ length: 120 }, (_, i) => ({ step: i, loss: 0.2 + 0.7 * Math.exp(-i / (25 + k * 10)) + (rnd() - 0.5) * 0.08 })) }));
  const importance = [{ revision: 'workspace', label: 'workspace', x: 'importance', y: 'feature', rows: FEATURES.map((f) => ({ feature: f, importance: Math.round(rnd() * 100) / 100 })) }];
  const calibration = revs.slice(0, 2).map((rev) => ({ ...rev, x: 'predicted', y: 'observed', rows: Array.from({ length: 60 }, () => { const p = rnd(); return { predicted: p, observed: Math.min(1, Math.max(0, p + (rnd() - 0.5) * 0.2)) }; }) }));
  const svg = (colour: string, label: string) => `data:image/svg+xml;base64,${btoa(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" fill="#fff"/><g fill="${colour}">${FEATURES.map((_, i) => `<rect x="${20 + i * 60}" y="${180 - (40 + i * 25)}" width="40" height="${40 + i * 25}"/>`).join('')}</g><text x="10" y="20" font-family="sans-serif" font-size="14">${label}</text></svg>`)}`;
  const out: PlotView[] = [
    { id: 'plots/confusion.csv', title: 'plots/confusion.csv', kind: 'data', template: 'confusion', xLabel: 'actual', yLabel: 'predicted', series: confusion },
    { id: 'plots/roc.csv', title: 'plots/roc.csv', kind: 'data', template: 'linear', xLabel: 'fpr', yLabel: 'tpr', series: roc },
    { id: 'ROC', title: 'ROC', kind: 'data', template: 'simple', xLabel: 'fpr', yLabel: 'tpr', series: roc.slice(0, 1) },
    { id: 'plots/loss.json', title: 'training loss', kind: 'data', template: 'smooth', xLabel: 'step', yLabel: 'loss', series: loss },
    { id: 'plots/calibration.csv', title: 'calibration', kind: 'data', template: 'scatter', xLabel: 'predicted', yLabel: 'observed', series: calibration },
    { id: 'plots/confusion_norm.csv', title: 'confusion, normalised', kind: 'data', template: 'confusion_normalized', xLabel: 'actual', yLabel: 'predicted', series: confusion.slice(0, 1) },
    { id: 'plots/importance.json', title: 'feature importance', kind: 'data', template: 'bar_horizontal_sorted', xLabel: 'importance', yLabel: 'feature', series: importance },
    { id: 'plots/shap.svg', title: 'plots/shap.svg', kind: 'image', images: revs.slice(0, 2).map((r, i) => ({ ...r, src: svg(i ? '#d18616' : '#3794ff', r.label) })) },
  ];
  if (longPlot > 0) {
    out.unshift({ id: 'plots/long.csv', title: `${longPlot.toLocaleString('en')} points`, kind: 'data', template: 'linear', xLabel: 'step', yLabel: 'value', series: [{ revision: 'workspace', label: 'workspace', x: 'step', y: 'value', rows: Array.from({ length: longPlot }, (_, i) => ({ step: i, value: Math.sin(i / 500) + (rnd() - 0.5) * 0.2 })) }] });
  }
  return out;
}

function histogram(shift: number, rnd: () => number): Histogram {
  const bins = Array.from({ length: 11 }, (_, i) => i * 10);
  const shape = (c: number) => Array.from({ length: 10 }, (_, i) => Math.exp(-(((i - c) / 2.2) ** 2)) + rnd() * 0.05);
  const norm = (xs: number[]) => { const s = xs.reduce((a, b) => a + b, 0); return xs.map((x) => Math.round((x / s) * 1e4) / 1e4); };
  return { bins, reference: norm(shape(4)), current: norm(shape(4 + shift)) };
}

function windows(deployment: string, count: number, rnd: () => number, drifting: boolean): WindowView[] {
  return Array.from({ length: count }, (_, i) => {
    const start = T0 + 5 * 86_400_000 + i * 3_600_000;
    const degrade = drifting && i > count * 0.6 ? (i - count * 0.6) / (count * 0.4) : 0;
    const features: Record<string, FeatureDrift> = {};
    FEATURES.forEach((f, j) => {
      const score = Math.round((0.02 + rnd() * 0.05 + (j < 2 ? degrade * (0.25 + j * 0.1) : 0)) * 1e4) / 1e4;
      features[f] = { score, threshold: j === 3 ? 0.1 : 0.2, drifted: score > (j === 3 ? 0.1 : 0.2), method: j === 3 ? 'chi-square' : 'wasserstein', histogram: histogram(j < 2 ? degrade * 3 : 0, rnd) };
    });
    const drifted = Object.values(features).filter((f) => f.drifted).length;
    const count_ = 800 + Math.floor(rnd() * 400);
    return {
      id: `${deployment}-w${String(i + 1).padStart(3, '0')}`, deployment, start: iso(start), end: iso(start + 3_600_000), count: count_,
      latency: { p50: 18 + rnd() * 4 + degrade * 6, p95: 45 + rnd() * 10 + degrade * 20, p99: 80 + rnd() * 30 + degrade * 60 },
      errorRate: Math.round((0.004 + rnd() * 0.006 + degrade * 0.03) * 1e4) / 1e4,
      throughput: Math.round((count_ / 3600) * 100) / 100,
      accuracy: Math.round((0.88 - degrade * 0.1 + (rnd() - 0.5) * 0.02) * 1e4) / 1e4,
      driftShare: drifted / FEATURES.length, datasetDrift: drifted / FEATURES.length >= 0.4, features,
    };
  });
}

export function fixtureData(options: FixtureOptions = {}): DashboardData {
  const rnd = random(42);
  const runs = fixtureRuns(options.runs ?? 24, options.metrics ?? 8, rnd);
  const nWindows = options.windows ?? 48;
  const prod = windows('churn-prod', nWindows, rnd, true);
  const staging = windows('churn-staging', Math.ceil(nWindows / 2), rnd, false);
  const at = (i: number) => prod[Math.min(prod.length - 1, i)]?.end ?? iso(T0);
  return {
    project: 'churn',
    backend: { url: 'http://127.0.0.1:7862', kind: 'local' },
    runs,
    histories: histories(runs.slice(-(options.historyRuns ?? 6)), options.historySteps ?? 60, rnd),
    plots: plots(runs, rnd, options.longPlot ?? 0),
    windows: [...prod, ...staging],
    driftReports: [{
      id: 'report-reference-vs-current', title: 'data/reference.csv against data/current.csv', createdAt: at(nWindows - 1), driftShare: 0.4, datasetDrift: true,
      features: Object.fromEntries(FEATURES.map((f, j) => [f, { score: j < 2 ? 0.31 + j * 0.05 : 0.04, threshold: 0.2, drifted: j < 2, method: 'wasserstein', kind: 'numeric', histogram: histogram(j < 2 ? 2.5 : 0, rnd) }])),
      notes: ['support_calls has 3% missing values in current (0% in reference)'],
    }],
    alerts: [
      { id: 'alert-1', deployment: 'churn-prod', rule: 'drift_share > 0.3', status: 'open', firedAt: at(Math.floor(nWindows * 0.8)), message: '2 of 5 features drifted' },
      { id: 'alert-2', deployment: 'churn-prod', rule: 'p99_latency > 150ms', status: 'resolved', firedAt: at(Math.floor(nWindows * 0.9)), resolvedAt: at(nWindows - 1), message: 'p99 latency 163 ms' },
    ],
    deployments: [{ name: 'churn-prod', status: 'running', modelVersion: 3, image: 'churn:3' }, { name: 'churn-staging', status: 'running', modelVersion: 4, image: 'churn:4' }],
    events: [
      { deployment: 'churn-prod', action: 'deploy', at: at(2), modelVersion: 2 },
      { deployment: 'churn-prod', action: 'promote', at: at(Math.floor(nWindows * 0.5)), modelVersion: 3 },
      { deployment: 'churn-prod', action: 'rollback', at: at(Math.floor(nWindows * 0.95)), modelVersion: 2 },
    ],
    datasets: [
      {
        name: 'customers', path: 'data/raw.csv',
        versions: [...[1, 2, 3].map((v) => ({
          version: `v${v}`, hash: `${(0xa1b2c3d4 * v).toString(16)}e5f60718293a4b5c`, source: v === 3 ? 'backend' : 'git', createdAt: iso(T0 + v * 86_400_000), commit: `c0ffee${v}`, rows: 4000 + v * 1500,
          stats: { tenure: { mean: 32.1 + v, std: 24.5, min: 0, max: 72, missing: 0 }, monthly_charges: { mean: 64.8 + v * 2, std: 30.1, min: 18.3, max: 118.8, missing: 0 }, contract: { distinct: 3, top: 'month-to-month', missing: v === 3 ? 12 : 0 } },
        })), { version: 'c0ffee0', hash: '0123456789abcdef0123456789abcdef', source: 'git', createdAt: iso(T0), commit: 'c0ffee0', note: 'not in the cache: dvc pull' }],
      },
      { name: 'reference', path: 'data/reference.csv', versions: [] },
    ],
  };
}
