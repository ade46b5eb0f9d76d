// The one message contract between the extension and its webviews (the dashboard, Compare Runs,
// the drift report). Both sides import this file: it may import nothing, use no DOM and no Node,
// and holds only plain JSON shapes. The webview never touches the network; the extension reads the
// backend and posts these messages. `parseFromWebview`/`parseToWebview` check every message that
// crosses, so a malformed or unknown one is dropped (and logged once by the caller), never thrown.

export type PanelKind = 'dashboard' | 'compare' | 'drift';
export type DashboardTab = 'experiments' | 'plots' | 'compare' | 'drift' | 'monitoring' | 'data';
export const DASHBOARD_TABS: readonly DashboardTab[] = ['experiments', 'plots', 'compare', 'drift', 'monitoring', 'data'];

/** What a panel restores after a reload or a move (kept by the webview with setState, and by the serializer). */
export interface PanelState {
  panel: PanelKind;
  tab?: DashboardTab;
  /** Selected run ids (Experiments carries them over to Compare and Plots). */
  runs?: string[];
  deployment?: string;
  dataset?: string;
  /** The monitoring window chosen for drift histograms. */
  window?: string;
  /** Visible x range per chart id, after zoom or pan. */
  ranges?: Record<string, { min: number; max: number }>;
  /** Experiments tab: metric on the y axis, chart kind, filters. */
  metric?: string;
  chart?: 'line' | 'bar' | 'scatter' | 'parallel';
  /** Experiments tab: params against the metric as a scatter of one param, or parallel coordinates of all. */
  paramChart?: 'scatter' | 'parallel';
  param?: string;
  /** Drift tab: the feature whose histogram shows, and the one-off report chosen. */
  feature?: string;
  filter?: { status?: string[]; gate?: string[] };
  /** For the drift panel: the report it shows (a file, or a backend report id). */
  report?: string;
}

export type Scalar = string | number | boolean | null;

export interface RunView {
  id: string;
  name?: string;
  status: 'running' | 'finished' | 'failed' | 'killed';
  /** Gate verdict of the run, when it was gated. */
  gate?: 'passed' | 'failed' | 'skipped';
  createdAt: string;
  commit?: string;
  params: Record<string, Scalar>;
  /** Latest value of each metric. */
  metrics: Record<string, number>;
  /** Registered model version and the aliases pointing at it (`production`, `staging`). */
  modelVersion?: number;
  aliases?: string[];
}

/** Step-wise history of one metric of one run (from `log-metric`). */
export interface MetricHistory {
  runId: string;
  key: string;
  points: { step: number; value: number; timestamp?: string }[];
}

/** One plot of dvc.yaml, resolved with DVC's x/y/title rules, with data per revision. */
export interface PlotView {
  id: string;
  title: string;
  kind: 'data' | 'image';
  /** DVC template: linear, simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted. */
  template?: string;
  xLabel?: string;
  yLabel?: string;
  /** Data plots: one series per revision ('workspace' or a run id) and y field. */
  series?: { revision: string; label: string; x: string; y: string; rows: Record<string, Scalar>[] }[];
  /** Image plots: one per revision, as a data: URI (the webview loads no files). */
  images?: { revision: string; label: string; src: string }[];
  /** Revisions whose plots file could not be read (`file:line: what`), shown above the chart. */
  problems?: string[];
}

export interface Histogram {
  /** Bin edges (numeric) or category names; `reference` and `current` are fractions per bin. */
  bins: (number | string)[];
  reference: number[];
  current: number[];
}

export interface FeatureDrift {
  /** The method's statistic (a distance, or a test statistic whose p-value is `pValue`). */
  score: number;
  /** Compared with `pValue` for a test (drifted below it), with `score` for a distance (drifted above it). */
  threshold: number;
  drifted: boolean;
  method: string;
  kind?: 'numeric' | 'categorical';
  pValue?: number;
  histogram?: Histogram;
}

export interface WindowView {
  id: string;
  deployment: string;
  start: string;
  end: string;
  count: number;
  latency: { p50?: number; p95?: number; p99?: number };
  errorRate?: number;
  throughput?: number;
  accuracy?: number;
  driftShare?: number;
  datasetDrift?: boolean;
  features: Record<string, FeatureDrift>;
}

/** A one-off drift report (`ponte drift`, or Compare Datasets for Drift). */
export interface DriftReportView {
  id: string;
  title: string;
  createdAt: string;
  driftShare: number;
  datasetDrift: boolean;
  features: Record<string, FeatureDrift>;
  notes?: string[];
}

export interface AlertView {
  id: string;
  deployment: string;
  rule: string;
  status: 'open' | 'acknowledged' | 'resolved';
  firedAt: string;
  resolvedAt?: string;
  message: string;
}

export interface DeploymentEventView {
  deployment: string;
  action: string;
  at: string;
  modelVersion?: number;
}

export interface DeploymentView {
  name: string;
  status: string;
  modelVersion?: number;
  image?: string;
}

export interface DatasetView {
  name: string;
  path: string;
  versions: {
    version: string; hash: string; source?: string; createdAt?: string; commit?: string; rows?: number; stats?: Record<string, Record<string, Scalar>>;
    /** Why a version has no statistics ("not in the cache: dvc pull", a directory, too large). */
    note?: string;
  }[];
}

/** Everything one dashboard draw needs. Each part is optional: what is absent shows what to do. */
export interface DashboardData {
  project?: string;
  backend: { url: string; kind: 'local' | 'remote' };
  runs: RunView[];
  histories: MetricHistory[];
  plots: PlotView[];
  windows: WindowView[];
  driftReports: DriftReportView[];
  alerts: AlertView[];
  deployments: DeploymentView[];
  events: DeploymentEventView[];
  datasets: DatasetView[];
}

/** Extension → webview. */
export type ToWebview =
  | { type: 'init'; state: PanelState }
  | { type: 'data'; data: DashboardData }
  | { type: 'connection'; status: 'ok' | 'down'; message?: string }
  /** `histories`: the step-wise metrics of those runs, for overlaid charts. */
  | { type: 'compare'; runs: RunView[]; plots: PlotView[]; histories?: MetricHistory[] }
  | { type: 'driftReport'; report: DriftReportView };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'state'; state: PanelState }
  | { type: 'retry' }
  | { type: 'select'; runs: string[] }
  | { type: 'command'; command: WebviewCommand; args?: string[] };

/** The commands a webview may ask for (empty-state buttons, "Open in Dashboard" links). */
export type WebviewCommand = 'runPipeline' | 'deploy' | 'compareDatasets' | 'openRun' | 'openAlert' | 'acknowledgeAlert' | 'openPonteYaml';
const COMMANDS: readonly WebviewCommand[] = ['runPipeline', 'deploy', 'compareDatasets', 'openRun', 'openAlert', 'acknowledgeAlert', 'openPonteYaml'];

/**
 * What the page exposes for tests and benches (read through Playwright, not from pixels):
 * `globalThis.ponteCharts()` lists every chart drawn on the visible tab.
 */
export interface ChartProbe {
  id: string;
  type: string;
  datasets: { label: string; points: number }[];
  /** chart.js has laid the chart out on a canvas with a non-empty plot area. */
  drawn?: boolean;
  /** The x axis's visible range (after zoom or pan, or restored from the state). */
  xRange?: { min: number; max: number };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

export function parsePanelState(x: unknown): PanelState | undefined {
  if (!isObj(x) || (x.panel !== 'dashboard' && x.panel !== 'compare' && x.panel !== 'drift')) return undefined;
  if (x.tab !== undefined && !DASHBOARD_TABS.includes(x.tab as DashboardTab)) return undefined;
  if (x.runs !== undefined && !isStrArray(x.runs)) return undefined;
  for (const k of ['deployment', 'dataset', 'window', 'metric', 'report', 'param', 'feature'] as const) if (x[k] !== undefined && typeof x[k] !== 'string') return undefined;
  return x as unknown as PanelState;
}

/** A message from the webview, or undefined when it is malformed or unknown. */
export function parseFromWebview(x: unknown): FromWebview | undefined {
  if (!isObj(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'ready':
    case 'retry':
      return { type: x.type };
    case 'state': {
      const state = parsePanelState(x.state);
      return state && { type: 'state', state };
    }
    case 'select':
      return isStrArray(x.runs) ? { type: 'select', runs: x.runs } : undefined;
    case 'command':
      if (!COMMANDS.includes(x.command as WebviewCommand)) return undefined;
      if (x.args !== undefined && !isStrArray(x.args)) return undefined;
      return { type: 'command', command: x.command as WebviewCommand, ...(x.args ? { args: x.args } : {}) };
    default:
      return undefined;
  }
}

/** A message from the extension, or undefined when it is malformed or unknown. */
export function parseToWebview(x: unknown): ToWebview | undefined {
  if (!isObj(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'init': {
      const state = parsePanelState(x.state);
      return state && { type: 'init', state };
    }
    case 'data':
      return isObj(x.data) && Array.isArray(x.data.runs) ? (x as unknown as ToWebview) : undefined;
    case 'connection':
      return x.status === 'ok' || x.status === 'down' ? (x as unknown as ToWebview) : undefined;
    case 'compare':
      return Array.isArray(x.runs) && Array.isArray(x.plots) ? (x as unknown as ToWebview) : undefined;
    case 'driftReport':
      return isObj(x.report) && isObj(x.report.features) ? (x as unknown as ToWebview) : undefined;
    default:
      return undefined;
  }
}
