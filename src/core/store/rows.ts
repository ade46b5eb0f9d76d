// Row shapes coming back from SQL, mapped to the API's records. Timestamps are formatted in SQL
// (microseconds, UTC) so both drivers return the same text and cursors round-trip exactly.
import type {
  Alert,
  AuditEntry,
  DatasetVersion,
  Deployment,
  Json,
  ModelVersion,
  MonitoringWindow,
  Prediction,
  Run,
} from '../api/types';

/** SQL giving a timestamptz column as ISO 8601 text in UTC with microseconds. */
export function iso(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : `${v as string | number}`);

export const RUN_COLUMNS = `r.id, r.project, r.name, r.status, r.git_commit, r.git_dirty, r.params, r.metrics,
  r.data_hashes, r.durations, r.gates, r.tags, ${iso('r.created_at')} AS created_at,
  ${iso('r.updated_at')} AS updated_at, ${iso('r.ended_at')} AS ended_at`;

export function toRun(r: Row): Run {
  return {
    id: String(r.id),
    project: String(r.project),
    name: strOrNull(r.name),
    status: r.status as Run['status'],
    gitCommit: strOrNull(r.git_commit),
    gitDirty: r.git_dirty === null || r.git_dirty === undefined ? null : Boolean(r.git_dirty),
    params: r.params as Run['params'],
    metrics: r.metrics as Run['metrics'],
    dataHashes: r.data_hashes as Run['dataHashes'],
    durations: r.durations as Run['durations'],
    gates: (r.gates ?? null) as Json | null,
    tags: r.tags as Run['tags'],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    endedAt: strOrNull(r.ended_at),
  };
}

export const MODEL_COLUMNS = `m.name, m.version, m.run_id, m.uri, m.data_hash, m.image, m.metrics, m.tags,
  ${iso('m.created_at')} AS created_at,
  COALESCE((SELECT jsonb_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.name = m.name AND a.version = m.version), '[]'::jsonb) AS aliases`;

export function toModelVersion(r: Row): ModelVersion {
  return {
    name: String(r.name),
    version: num(r.version),
    runId: strOrNull(r.run_id),
    uri: String(r.uri),
    dataHash: strOrNull(r.data_hash),
    image: strOrNull(r.image),
    metrics: r.metrics as ModelVersion['metrics'],
    tags: r.tags as ModelVersion['tags'],
    aliases: r.aliases as string[],
    createdAt: String(r.created_at),
  };
}

export const DATASET_COLUMNS = `name, version, hash, path, size, rows, run_id, source, ${iso('created_at')} AS created_at`;

export function toDatasetVersion(r: Row): DatasetVersion {
  return {
    name: String(r.name),
    version: num(r.version),
    hash: String(r.hash),
    path: String(r.path),
    size: numOrNull(r.size),
    rows: numOrNull(r.rows),
    runId: strOrNull(r.run_id),
    source: strOrNull(r.source),
    createdAt: String(r.created_at),
  };
}

export const DEPLOYMENT_COLUMNS = `name, target, status, model_name, model_version, image, url, slot, config,
  ${iso('created_at')} AS created_at, ${iso('updated_at')} AS updated_at`;

export function toDeployment(r: Row): Deployment {
  return {
    name: String(r.name),
    target: String(r.target),
    status: r.status as Deployment['status'],
    modelName: strOrNull(r.model_name),
    modelVersion: numOrNull(r.model_version),
    image: strOrNull(r.image),
    url: strOrNull(r.url),
    slot: strOrNull(r.slot),
    config: r.config as Deployment['config'],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export const PREDICTION_COLUMNS = `p.id, p.deployment, ${iso('p.ts')} AS ts, p.features, p.prediction, p.latency_ms, p.status, f.label`;

export function toPrediction(r: Row): Prediction {
  const p: Prediction = {
    id: String(r.id),
    deployment: String(r.deployment),
    timestamp: String(r.ts),
    features: r.features as Prediction['features'],
    prediction: (r.prediction ?? null) as Json,
    latencyMs: num(r.latency_ms),
    status: num(r.status),
  };
  if (r.label !== undefined && r.label !== null) p.label = r.label as Json;
  return p;
}

export const WINDOW_COLUMNS = `id, deployment, ${iso('window_start')} AS window_start, ${iso('window_end')} AS window_end, count, stats, ${iso('created_at')} AS created_at, seq`;

export function toWindow(r: Row): MonitoringWindow {
  return {
    id: String(r.id),
    deployment: String(r.deployment),
    start: String(r.window_start),
    end: String(r.window_end),
    count: num(r.count),
    stats: r.stats as MonitoringWindow['stats'],
    createdAt: String(r.created_at),
    seq: numOrNull(r.seq),
  };
}

export const ALERT_COLUMNS = `id, deployment, kind, severity, message, details, status, ${iso('fired_at')} AS fired_at,
  ${iso('acknowledged_at')} AS acknowledged_at, acknowledged_by, rule, window_id, ${iso('resolved_at')} AS resolved_at, resolution`;

export function toAlert(r: Row): Alert {
  return {
    id: String(r.id),
    deployment: strOrNull(r.deployment),
    kind: String(r.kind),
    severity: r.severity as Alert['severity'],
    message: String(r.message),
    details: r.details as Alert['details'],
    status: r.status as Alert['status'],
    firedAt: String(r.fired_at),
    acknowledgedAt: strOrNull(r.acknowledged_at),
    acknowledgedBy: strOrNull(r.acknowledged_by),
    rule: strOrNull(r.rule),
    windowId: strOrNull(r.window_id),
    resolvedAt: strOrNull(r.resolved_at),
    resolution: strOrNull(r.resolution),
  };
}

export const AUDIT_COLUMNS = `id, ${iso('ts')} AS ts, actor, action, target, details`;

export function toAudit(r: Row): AuditEntry {
  return {
    id: num(r.id),
    timestamp: String(r.ts),
    actor: String(r.actor),
    action: String(r.action),
    target: strOrNull(r.target),
    details: r.details as AuditEntry['details'],
  };
}
