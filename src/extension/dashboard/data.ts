// Builds the dashboard's DashboardData from the backend (PonteApi: the embedded store's server
// or a team's remote one, through the same client) and the workspace: runs with their gate
// verdict and model versions, step histories, plots of the workspace and of the selected runs
// (from the plot files each run keeps), monitoring windows, alerts, deployments and their
// history, datasets with versions from git and the backend (and summary statistics where a
// reference profile is kept), and the one-off drift reports: the backend's (`ponte drift` in the
// project) beside the editor's own. No editor API here: tests call it on a real store.
import type { Alert, DatasetVersion, Deployment, DeploymentChange, Json, ModelVersion, MonitoringWindow, PonteApi, Run, RunDetail, RunPlotInput } from '../../core/api';
import { gateVerdictOf } from '../../core/pipeline/compare-runs';
import type {
  AlertView, DashboardData, DatasetView, DeploymentEventView, DeploymentView, DriftReportView, FeatureDrift, MetricHistory, PlotView, RunView, Scalar, WindowView,
} from '../../shared/webview-protocol';
import type { PlotRevision } from './plots';
import type { VersionProfile } from './version-stats';
import { driftReportView, histogramView } from './drift-view';
import type { ColumnHistogram, DriftReport } from '../../core/drift/run';

/** Bounds on one load, so a project with years of runs still draws promptly. */
export const DASHBOARD_LIMITS = { runs: 500, histories: 50, windows: 500, alerts: 200, profiledVersions: 10, driftReports: 20 } as const;

export interface DashboardSources {
  api: PonteApi;
  /** The ponte.yaml project; runs of other projects are left out. */
  project?: string;
  backend: DashboardData['backend'];
  /** Runs whose stored plots are overlaid (the page's selection). */
  selectedRuns: string[];
  /** The workspace's plot files as they are now. */
  workspacePlots(): Promise<RunPlotInput[]>;
  plots(revisions: PlotRevision[]): Promise<PlotView[]>;
  /** Datasets ponte.yaml declares, with their versions from git (newest first). */
  datasets(): Promise<{ name: string; path: string; git: { commit: string; hash?: string; date?: string }[] }[]>;
  /** One-off drift reports kept by the editor. */
  driftReports: DriftReportView[];
  /**
   * Profiles a git version's file (from the DVC cache) that the backend keeps no profile of; the
   * profile is then stored, so it is computed once. Given only while the Data tab shows `dataset`.
   */
  profileVersions?: { dataset: string; profile(path: string, version: { commit: string; hash: string }): Promise<VersionProfile> };
}

export async function loadDashboardData(s: DashboardSources): Promise<DashboardData> {
  const api = s.api;
  const [runs, models, deployments, alerts, backendDatasets, backendReports] = await Promise.all([
    allRuns(api, s.project),
    api.listModelVersions(),
    api.listDeployments(),
    api.listAlerts({ limit: DASHBOARD_LIMITS.alerts }),
    api.listDatasetVersions(),
    backendDriftReports(api, s.project),
  ]);
  const selected = s.selectedRuns.filter((id) => runs.some((r) => r.id === id));
  // Histories of the newest runs and of every selected one.
  const historyIds = [...new Set([...runs.slice(0, DASHBOARD_LIMITS.histories).map((r) => r.id), ...selected])];
  const [details, windows, changes, plots, datasets] = await Promise.all([
    Promise.all(historyIds.map((id) => api.getRun(id))),
    Promise.all(deployments.map((d) => api.listWindows(d.name, DASHBOARD_LIMITS.windows))),
    Promise.all(deployments.map((d) => api.deploymentHistory(d.name))),
    loadPlots(s, runs, selected),
    s.datasets(),
  ]);
  return {
    project: s.project,
    backend: s.backend,
    runs: runs.map((r) => runView(r, models)),
    histories: details.flatMap(historiesOf),
    plots,
    windows: windows.flat().map(windowView).sort((a, b) => a.end.localeCompare(b.end)),
    driftReports: mergeReports(backendReports, s.driftReports),
    alerts: alerts.items.map(alertView),
    deployments: deployments.map(deploymentView),
    events: changes.flat().map(eventView).sort((a, b) => a.at.localeCompare(b.at)),
    datasets: await Promise.all(datasets.map((d) => withProfileStats(api, datasetView(d, backendDatasets), s.profileVersions))),
  };
}

/** The backend's drift reports of the project. A backend older than drift_reports has none to give. */
async function backendDriftReports(api: PonteApi, project: string | undefined): Promise<DriftReportView[]> {
  const stored = await api.listDriftReports({ ...(project ? { project } : {}), limit: DASHBOARD_LIMITS.driftReports }).catch(() => []);
  return stored.map((r) => driftReportView(r.report as unknown as DriftReport, r.id, r.title, r.createdAt));
}

/** Newest first, each id once (the backend's copy wins), at most DASHBOARD_LIMITS.driftReports. */
export function mergeReports(backend: DriftReportView[], editor: DriftReportView[]): DriftReportView[] {
  const seen = new Set(backend.map((r) => r.id));
  return [...backend, ...editor.filter((r) => !seen.has(r.id))]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, DASHBOARD_LIMITS.driftReports);
}

/**
 * Summary statistics of each version: from the reference profile the backend keeps (stored when a
 * monitored deployment starts, or by an earlier profiling here); else, for the dataset the Data
 * tab shows, profiled from the DVC cache one version at a time and stored, or a note saying why not.
 */
async function withProfileStats(api: PonteApi, d: DatasetView, profiler: DashboardSources['profileVersions']): Promise<DatasetView> {
  const stored = await Promise.all(
    d.versions.map((v, i) => (v.hash && i < DASHBOARD_LIMITS.profiledVersions ? api.getReferenceProfile(d.name, v.hash).catch(() => undefined) : Promise.resolve(undefined))),
  );
  const versions: DatasetView['versions'] = [];
  for (const [i, v] of d.versions.entries()) {
    let profile = stored[i]?.profile;
    let note: string | undefined;
    if (!profile && profiler?.dataset === d.name && v.source === 'git' && v.commit && v.hash && i < DASHBOARD_LIMITS.profiledVersions) {
      const made = await profiler.profile(d.path, { commit: v.commit, hash: v.hash });
      if ('profile' in made) {
        profile = made.profile;
        // kept so the next load reads it; a backend that refuses still shows it this once
        await api.putReferenceProfile(d.name, v.hash, made.profile).catch(() => undefined);
      } else note = made.note;
    }
    const summary = profile && profileSummary(profile);
    versions.push(summary ? { ...v, rows: v.rows ?? summary.rows, stats: summary.stats } : note ? { ...v, note } : v);
  }
  return { ...d, versions };
}

/** Per-column statistics from a drift profile (core/drift ProfileJson), read defensively. */
export function profileSummary(profile: Record<string, Json>): { rows?: number; stats: Record<string, Record<string, Scalar>> } | undefined {
  if (!Array.isArray(profile.columns)) return undefined;
  const stats: Record<string, Record<string, Scalar>> = {};
  for (const c of profile.columns) {
    const col = obj(c);
    if (!col || typeof col.name !== 'string') continue;
    const missing = num(col.missing) ?? 0;
    const sketch = obj(col.sketch);
    const counts = obj(col.counts);
    if (col.kind === 'numeric' && sketch) {
      const n = num(sketch.count) ?? 0;
      const mean = n ? (num(sketch.shift) ?? 0) + (num(sketch.s1) ?? 0) / n : null;
      const variance = n ? (num(sketch.s2) ?? 0) / n - ((num(sketch.s1) ?? 0) / n) ** 2 : null;
      stats[col.name] = { kind: 'numeric', count: n, missing, min: num(sketch.min) ?? null, max: num(sketch.max) ?? null, mean, std: variance === null ? null : Math.sqrt(Math.max(0, variance)) };
    } else if (col.kind === 'categorical' && counts) {
      const entries = Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number');
      const top = entries.sort((a, b) => b[1] - a[1])[0];
      stats[col.name] = { kind: 'categorical', count: entries.reduce((a, [, x]) => a + x, 0), missing, distinct: entries.length, top: top?.[0] ?? null };
    }
  }
  return { rows: num(profile.rows), stats };
}

async function allRuns(api: PonteApi, project: string | undefined): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api.searchRuns({ project, limit: Math.min(1000, DASHBOARD_LIMITS.runs - runs.length), pageToken });
    runs.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken && runs.length < DASHBOARD_LIMITS.runs);
  return runs;
}

async function loadPlots(s: DashboardSources, runs: Run[], selected: string[]): Promise<PlotView[]> {
  const revisions: PlotRevision[] = [{ revision: 'workspace', label: 'workspace', files: await s.workspacePlots() }];
  for (const id of selected) {
    const run = runs.find((r) => r.id === id)!;
    revisions.push({ revision: id, label: run.name ?? id.slice(0, 8), files: await s.api.listRunPlots(id) });
  }
  return s.plots(revisions.filter((r) => r.files.length > 0));
}

/** A run's step-wise metrics (those logged at more than one step). */
export function historiesOf(d: RunDetail): MetricHistory[] {
  return Object.entries(d.metricHistory)
    .filter(([, points]) => points.length > 1)
    .map(([key, points]) => ({ runId: d.id, key, points: points.map((p) => ({ step: p.step, value: p.value, timestamp: p.timestamp })) }));
}

export function runView(r: Run, models: ModelVersion[]): RunView {
  const model = models.filter((m) => m.runId === r.id).sort((a, b) => b.version - a.version)[0];
  const params: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(r.params)) params[k] = v;
  return {
    id: r.id,
    ...(r.name ? { name: r.name } : {}),
    status: r.status,
    ...(gateVerdictOf(r) ? { gate: gateVerdictOf(r) } : {}),
    createdAt: r.createdAt,
    ...(r.gitCommit ? { commit: r.gitCommit } : {}),
    params,
    metrics: r.metrics,
    ...(model ? { modelVersion: model.version, aliases: model.aliases } : {}),
  };
}

const num = (v: Json | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: Json | undefined): Record<string, Json> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);

const numbers = (v: Json | undefined): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
/** A window's histogram as core/monitor writes it (reference and current counts per bin). */
function isHistogram(h: Record<string, Json>): boolean {
  const bins = h.kind === 'numeric' ? h.edges : h.kind === 'categorical' ? h.categories : undefined;
  return Array.isArray(bins) && numbers(h.reference) && numbers(h.current) && h.reference.length === h.current.length;
}

/** A window's stats as the monitor writes them (core/monitor WindowStats), read defensively: a hand-recorded window may hold anything. */
export function windowView(w: MonitoringWindow): WindowView {
  const st = w.stats;
  const latency = obj(st.latency);
  const drift = obj(st.drift);
  const features: Record<string, FeatureDrift> = {};
  for (const c of Array.isArray(drift?.columns) ? drift.columns : []) {
    const col = obj(c);
    if (!col || typeof col.column !== 'string') continue;
    const score = num(col.statistic);
    const threshold = num(col.threshold);
    if (score === undefined || threshold === undefined) continue;
    const pValue = num(col.p_value);
    const hist = obj(col.histogram);
    features[col.column] = {
      score, threshold, drifted: col.drifted === true, method: typeof col.method === 'string' ? col.method : '', ...(pValue === undefined ? {} : { pValue }),
      ...(hist && isHistogram(hist) ? { histogram: histogramView(hist as unknown as ColumnHistogram) } : {}),
    };
  }
  const view: WindowView = {
    id: w.id, deployment: w.deployment, start: w.start, end: w.end, count: w.count,
    latency: { p50: num(latency?.p50), p95: num(latency?.p95), p99: num(latency?.p99) },
    errorRate: num(st.errorRate), throughput: num(st.throughput), accuracy: num(st.accuracy),
    driftShare: num(drift?.share), datasetDrift: typeof drift?.datasetDrift === 'boolean' ? drift.datasetDrift : undefined,
    features,
  };
  return JSON.parse(JSON.stringify(view)) as WindowView;
}

export function alertView(a: Alert): AlertView {
  return {
    id: a.id, deployment: a.deployment ?? '', rule: a.rule ?? a.kind, status: a.status, firedAt: a.firedAt,
    ...(a.resolvedAt ? { resolvedAt: a.resolvedAt } : {}), message: a.message,
  };
}

export function deploymentView(d: Deployment): DeploymentView {
  return { name: d.name, status: d.status, ...(d.modelVersion !== null ? { modelVersion: d.modelVersion } : {}), ...(d.image ? { image: d.image } : {}) };
}

export function eventView(c: DeploymentChange): DeploymentEventView {
  return { deployment: c.deployment, action: c.action, at: c.timestamp, ...(c.state.modelVersion !== null ? { modelVersion: c.state.modelVersion } : {}) };
}

export function datasetView(d: { name: string; path: string; git: { commit: string; hash?: string; date?: string }[] }, backend: DatasetVersion[]): DatasetView {
  const versions: DatasetView['versions'] = d.git.map((g) => ({ version: g.commit.slice(0, 7), hash: g.hash ?? '', source: 'git', commit: g.commit, ...(g.date ? { createdAt: g.date } : {}) }));
  for (const b of backend.filter((v) => v.name === d.name).sort((x, y) => y.version - x.version)) {
    versions.push({ version: `v${b.version}`, hash: b.hash, source: b.source ?? 'backend', createdAt: b.createdAt, ...(b.rows !== null ? { rows: b.rows } : {}) });
  }
  return { name: d.name, path: d.path, versions };
}
