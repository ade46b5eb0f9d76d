// The backend's vocabulary: the records it keeps, the inputs it takes, and `PonteApi`, the one
// interface that the embedded store, the HTTP client and the server all speak. Shared by every face.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type ParamValue = string | number | boolean;

export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';

export interface Run {
  id: string;
  project: string;
  name: string | null;
  status: RunStatus;
  gitCommit: string | null;
  gitDirty: boolean | null;
  params: Record<string, ParamValue>;
  /** Latest value of each metric; the history is in `RunDetail.metricHistory`. */
  metrics: Record<string, number>;
  /** Dataset or output path -> content hash (md5 as DVC writes it). */
  dataHashes: Record<string, string>;
  /** Stage name -> wall time in milliseconds. */
  durations: Record<string, number>;
  /** Gate results as the gates engine reports them. */
  gates: Json | null;
  tags: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

export interface MetricPoint {
  value: number;
  step: number;
  timestamp: string;
}

export interface RunDetail extends Run {
  metricHistory: Record<string, MetricPoint[]>;
}

export interface CreateRunInput {
  project: string;
  name?: string;
  status?: RunStatus;
  gitCommit?: string;
  gitDirty?: boolean;
  params?: Record<string, ParamValue>;
  dataHashes?: Record<string, string>;
  durations?: Record<string, number>;
  tags?: Record<string, string>;
}

export interface UpdateRunInput {
  name?: string;
  status?: RunStatus;
  gitCommit?: string;
  gitDirty?: boolean;
  /** Merged into the existing map. */
  dataHashes?: Record<string, string>;
  /** Merged into the existing map. */
  durations?: Record<string, number>;
  gates?: Json;
  /** Merged into the existing map. */
  tags?: Record<string, string>;
}

export interface MetricInput {
  key: string;
  value: number;
  /** Defaults to 0. */
  step?: number;
  /** ISO 8601; defaults to now. */
  timestamp?: string;
}

/** One condition of a run search. `field` is `status`, `name`, `project`, `gitCommit`,
 * `createdAt`, `metrics.<key>`, `params.<key>` or `tags.<key>`. */
export interface RunFilter {
  field: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value: string | number | boolean;
}

export interface RunOrder {
  field: string;
  direction?: 'asc' | 'desc';
}

export interface SearchRunsInput {
  project?: string;
  /** All must hold. A string is parsed: `metrics.acc >= 0.8 and status = finished`. */
  filter?: RunFilter[] | string;
  /** Default: createdAt desc. */
  orderBy?: RunOrder;
  pageToken?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string;
}

/** Formats a run's plot file may have: DVC's data formats (text) and its image formats (base64). */
export const PLOT_FORMATS = ['csv', 'tsv', 'json', 'yaml', 'png', 'svg', 'jpeg'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];

/** One plot file a run wrote, as it was when the run was recorded. */
export interface RunPlotInput {
  /** Relative to the project root, with `/` separators (as dvc.yaml names it). */
  path: string;
  format: PlotFormat;
  /** The file's text, or base64 for png/jpeg. */
  content: string;
}

export interface RunPlot extends RunPlotInput {
  runId: string;
  createdAt: string;
}

export interface ModelVersion {
  name: string;
  version: number;
  runId: string | null;
  uri: string;
  dataHash: string | null;
  image: string | null;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  /** Aliases currently pointing at this version (e.g. `production`). */
  aliases: string[];
  createdAt: string;
}

export interface RegisterModelVersionInput {
  name: string;
  uri: string;
  runId?: string;
  dataHash?: string;
  image?: string;
  metrics?: Record<string, number>;
  tags?: Record<string, string>;
}

export interface DatasetVersion {
  name: string;
  version: number;
  hash: string;
  path: string;
  size: number | null;
  rows: number | null;
  runId: string | null;
  source: string | null;
  createdAt: string;
}

export interface RegisterDatasetVersionInput {
  name: string;
  hash: string;
  path: string;
  size?: number;
  rows?: number;
  runId?: string;
  /** Where it came from, e.g. `production-window:<id>`. */
  source?: string;
}

export type DeploymentStatus = 'pending' | 'running' | 'stopped' | 'failed';

export interface Deployment {
  name: string;
  target: string;
  status: DeploymentStatus;
  modelName: string | null;
  modelVersion: number | null;
  image: string | null;
  url: string | null;
  /** Colour of the live slot under blue/green. */
  slot: string | null;
  config: Record<string, Json>;
  createdAt: string;
  updatedAt: string;
}

export interface UpsertDeploymentInput {
  name: string;
  target?: string;
  status?: DeploymentStatus;
  modelName?: string;
  modelVersion?: number;
  image?: string;
  url?: string;
  slot?: string;
  config?: Record<string, Json>;
}

export interface DeploymentChange {
  id: number;
  deployment: string;
  /** `created`, `updated`, ... */
  action: string;
  /** The deployment as it was after this change. */
  state: Deployment;
  timestamp: string;
}

export interface PredictionInput {
  /** Client-chosen id: re-sending the same id is a no-op, which makes retries safe. */
  id: string;
  deployment: string;
  /** ISO 8601; defaults to now. */
  timestamp?: string;
  features: Record<string, Json>;
  prediction: Json;
  latencyMs: number;
  /** HTTP status of the model's answer; defaults to 200. */
  status?: number;
}

export interface Prediction {
  id: string;
  deployment: string;
  timestamp: string;
  features: Record<string, Json>;
  prediction: Json;
  latencyMs: number;
  status: number;
  label?: Json;
}

export interface IngestResult {
  /** Newly stored. */
  accepted: number;
  /** Already present (same id), left as they were. */
  duplicates: number;
}

export interface ListPredictionsInput {
  deployment: string;
  /** ISO 8601, inclusive. */
  since?: string;
  /** ISO 8601, exclusive. */
  until?: string;
  pageToken?: string;
  limit?: number;
}

export interface FeedbackInput {
  predictionId: string;
  label: Json;
  timestamp?: string;
}

export interface FeedbackResult {
  accepted: number;
  /** Ids with no stored prediction. */
  unknown: string[];
}

export interface MonitoringWindow {
  id: string;
  deployment: string;
  start: string;
  end: string;
  count: number;
  /** Latency percentiles, error rate, accuracy, drift per feature: what the monitor computes. */
  stats: Record<string, Json>;
  createdAt: string;
  /** Its place in the deployment's sequence of closed windows; null for one recorded by hand. */
  seq: number | null;
}

export interface RecordWindowInput {
  deployment: string;
  start: string;
  end: string;
  count: number;
  stats: Record<string, Json>;
}

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface Alert {
  id: string;
  deployment: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  details: Record<string, Json>;
  status: AlertStatus;
  firedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** The rule's event (`drift`, ...) for an alert the window closer fired; null for one fired by hand. */
  rule: string | null;
  /** The window whose verdict fired it. */
  windowId: string | null;
  resolvedAt: string | null;
  /** Why it resolved, e.g. "2 good windows in a row". */
  resolution: string | null;
}

export interface FireAlertInput {
  deployment?: string;
  /** `drift`, `accuracy`, `latency`, ... */
  kind: string;
  severity?: Alert['severity'];
  message: string;
  details?: Record<string, Json>;
}

export interface ListAlertsInput {
  status?: AlertStatus;
  deployment?: string;
  pageToken?: string;
  limit?: number;
}

/** A reference dataset's sketch profile (drift's ProfileJson), stored once per dataset version. */
export interface ReferenceProfile {
  dataset: string;
  /** The dataset version's content hash. */
  hash: string;
  profile: Record<string, Json>;
  createdAt: string;
}

/** A one-off drift report (`ponte drift`) to keep: core/drift's DriftReport as JSON. */
export interface DriftReportInput {
  /** The ponte.yaml project it was made in. */
  project?: string;
  /** What it compared, e.g. "data/reference.csv → data/today.csv". */
  title: string;
  report: Record<string, Json>;
}

export interface StoredDriftReport {
  id: string;
  project: string | null;
  title: string;
  report: Record<string, Json>;
  createdAt: string;
}

export interface ListDriftReportsInput {
  project?: string;
  /** Newest first, at most LIMITS.driftReportsPerList. */
  limit?: number;
}

/**
 * How the store closes one window of a deployment (the window closer builds it from the
 * deployment's monitoring settings): which predictions belong in it, how they are folded, and
 * the alert changes its verdicts cause. The store calls it inside the transaction that holds
 * the deployment's window lock.
 */
export interface WindowPlan {
  /** Close after this many predictions... */
  size?: number;
  /** ...or per span of this many ms, aligned to the epoch. One of the two. */
  durationMs?: number;
  /** Predictions younger than this are left for the next look, so batches still in flight land in order. */
  settleMs: number;
  fold(page: Prediction[]): void;
  /** Awaited after each page (with the time the page took): a closer that yields to ingest. */
  pace?(pageMs: number): Promise<void>;
  finish(): Record<string, Json>;
  /** From the deployment's windows (newest first, the new one first), its unresolved rule alerts and each rule's last firing. */
  alerts(history: MonitoringWindow[], open: Alert[], lastFired: Record<string, string>, now: number): AlertChange[];
}

export type AlertChange =
  | { action: 'fire'; rule: string; severity: Alert['severity']; message: string; details: Record<string, Json> }
  | { action: 'resolve'; alertId: string; reason: string };

/** Scores a closed window again from its labelled predictions (labels that arrived late). */
export interface RescorePlan extends Pick<WindowPlan, 'alerts'> {
  fold(page: Prediction[]): void;
  /** The stats fields to replace, given the window's stats as stored. */
  finish(stats: Record<string, Json>): Record<string, Json>;
}

export interface ClosedWindow {
  window: MonitoringWindow;
  fired: Alert[];
  resolved: Alert[];
}

export interface AuditEntry {
  id: number;
  timestamp: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, Json>;
}

export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, Json>;
}

export interface ListAuditInput {
  target?: string;
  pageToken?: string;
  limit?: number;
}

export type PonteEvent =
  | { type: 'run.created'; run: Run }
  | { type: 'run.updated'; run: Run }
  | { type: 'run.deleted'; id: string }
  | { type: 'model.registered'; modelVersion: ModelVersion }
  | { type: 'model.alias'; name: string; alias: string; version: number }
  | { type: 'dataset.registered'; datasetVersion: DatasetVersion }
  | { type: 'deployment.changed'; deployment: Deployment }
  | { type: 'alert.fired'; alert: Alert }
  | { type: 'alert.acknowledged'; alert: Alert }
  | { type: 'alert.resolved'; alert: Alert }
  | { type: 'window.recorded'; window: MonitoringWindow }
  /** A closed window scored again after late labels. */
  | { type: 'window.updated'; window: MonitoringWindow }
  /** Labels stored; `windows`: the closed windows their predictions fell in, whose accuracy the closer scores again. */
  | { type: 'feedback.added'; accepted: number; windows: string[] }
  /** One per ingested batch with new rows: which deployments got how many. */
  | { type: 'predictions.ingested'; counts: Record<string, number> }
  /** A drift report kept; the report itself is read with listDriftReports (it may be megabytes). */
  | { type: 'drift.recorded'; id: string; project: string | null; title: string };

export interface HealthInfo {
  status: 'ok';
  store: 'pglite' | 'postgres';
  version: string;
}

/** Everything the backend does. Implemented by the embedded store and by the HTTP client. */
export interface PonteApi {
  health(): Promise<HealthInfo>;

  createRun(input: CreateRunInput): Promise<Run>;
  updateRun(id: string, patch: UpdateRunInput): Promise<Run>;
  logMetrics(runId: string, metrics: MetricInput[]): Promise<void>;
  logParams(runId: string, params: Record<string, ParamValue>): Promise<void>;
  getRun(id: string): Promise<RunDetail>;
  searchRuns(input?: SearchRunsInput): Promise<Page<Run>>;
  deleteRun(id: string): Promise<void>;
  /** Keeps the run's plot files (replacing those of the same path), so past runs compare after the files change. */
  putRunPlots(runId: string, plots: RunPlotInput[]): Promise<void>;
  /** The plot files kept with the run, by path. */
  listRunPlots(runId: string): Promise<RunPlot[]>;

  registerModelVersion(input: RegisterModelVersionInput): Promise<ModelVersion>;
  listModelVersions(name?: string): Promise<ModelVersion[]>;
  getModelVersion(name: string, version: number): Promise<ModelVersion>;
  setAlias(name: string, alias: string, version: number): Promise<ModelVersion>;
  /** Undefined when the alias is not set. */
  getAlias(name: string, alias: string): Promise<ModelVersion | undefined>;

  registerDatasetVersion(input: RegisterDatasetVersionInput): Promise<DatasetVersion>;
  listDatasetVersions(name?: string): Promise<DatasetVersion[]>;

  upsertDeployment(input: UpsertDeploymentInput): Promise<Deployment>;
  getDeployment(name: string): Promise<Deployment>;
  listDeployments(): Promise<Deployment[]>;
  deploymentHistory(name: string): Promise<DeploymentChange[]>;
  /** Replaces `config.monitor` of a deployment (ponte.yaml's monitor block plus `reference_profile`), keeping the rest of its config. */
  setMonitorSettings(name: string, monitor: Record<string, Json>): Promise<Deployment>;

  /** At most 10,000 per call. Resolves only after the batch is committed. */
  ingestPredictions(predictions: PredictionInput[]): Promise<IngestResult>;
  listPredictions(input: ListPredictionsInput): Promise<Page<Prediction>>;
  addFeedback(labels: FeedbackInput[]): Promise<FeedbackResult>;

  recordWindow(input: RecordWindowInput): Promise<MonitoringWindow>;
  listWindows(deployment: string, limit?: number): Promise<MonitoringWindow[]>;

  /** Stores a reference dataset's sketch profile once per (dataset, content hash); a second put keeps the first. */
  putReferenceProfile(dataset: string, hash: string, profile: Record<string, Json>): Promise<ReferenceProfile>;
  /** Undefined when that version's profile is not stored. */
  getReferenceProfile(dataset: string, hash: string): Promise<ReferenceProfile | undefined>;

  /** Keeps a one-off drift report (`ponte drift` in a project), so the dashboard's Drift tab shows it. */
  addDriftReport(input: DriftReportInput): Promise<StoredDriftReport>;
  /** Kept drift reports, newest first. */
  listDriftReports(input?: ListDriftReportsInput): Promise<StoredDriftReport[]>;

  fireAlert(input: FireAlertInput): Promise<Alert>;
  listAlerts(input?: ListAlertsInput): Promise<Page<Alert>>;
  acknowledgeAlert(id: string, by?: string): Promise<Alert>;

  appendAudit(input: AuditInput): Promise<AuditEntry>;
  listAudit(input?: ListAuditInput): Promise<Page<AuditEntry>>;

  /**
   * Calls `listener` for every change; returns the unsubscribe function. `onState` says when the
   * stream is (again) connected: events in between are lost, so a follower that must not miss
   * one reads the current state then (in process, connected at once and never dropped).
   */
  subscribe(listener: (event: PonteEvent) => void, onState?: (connected: boolean) => void): () => void;
  close(): Promise<void>;
}

export const LIMITS = {
  /** Predictions per ingest request. */
  ingestBatch: 10_000,
  feedbackBatch: 10_000,
  metricsBatch: 10_000,
  /** Plot files per run, and the size of one (characters of text or base64). */
  plotsPerRun: 100,
  plotSize: 4 * 1024 * 1024,
  /** Columns of one drift report, its size as JSON (characters), and reports per list. */
  driftColumns: 5000,
  driftReportSize: 8 * 1024 * 1024,
  driftReportsPerList: 100,
  pageSize: 1000,
  defaultPageSize: 100,
  idLength: 200,
  nameLength: 200,
  textLength: 10_000,
  jsonDepth: 32,
} as const;
