// The store: every PonteApi operation as SQL over a SqlDriver, identical for PGlite and
// PostgreSQL. Input is validated here, so each face gets the same checks; events are emitted
// only after the transaction that caused them has committed.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { PonteError } from '../errors';
import * as S from '../api/schemas';
import { checked } from '../api/validate';
import {
  LIMITS,
  type Alert,
  type AuditEntry,
  type AuditInput,
  type CreateRunInput,
  type DatasetVersion,
  type DriftReportInput,
  type ListDriftReportsInput,
  type StoredDriftReport,
  type Deployment,
  type DeploymentChange,
  type FeedbackInput,
  type FeedbackResult,
  type ClosedWindow,
  type FireAlertInput,
  type ReferenceProfile,
  type WindowPlan,
  type HealthInfo,
  type IngestResult,
  type Json,
  type ListAlertsInput,
  type ListAuditInput,
  type ListPredictionsInput,
  type MetricInput,
  type MetricPoint,
  type ModelVersion,
  type MonitoringWindow,
  type Page,
  type ParamValue,
  type PonteApi,
  type PonteEvent,
  type Prediction,
  type PredictionInput,
  type RecordWindowInput,
  type RescorePlan,
  type RegisterDatasetVersionInput,
  type RegisterModelVersionInput,
  type Run,
  type RunDetail,
  type RunPlot,
  type RunPlotInput,
  type SearchRunsInput,
  type UpdateRunInput,
  type UpsertDeploymentInput,
} from '../api/types';
import type { SqlDriver, SqlExecutor } from './sql';
import { buildRunSearch } from './run-query';
import { decodePageToken, encodePageToken } from './page-token';
import * as R from './rows';

export const STORE_VERSION = '1';
/** Predictions read per query while a window closes: memory stays flat in the window's size
 * (5,000 measured no lower peak RSS in bench/monitor-window.bench.ts, and longer queries). */
const WINDOW_PAGE = 1_000;
/** Windows an alert decision may look back over (the longest hysteresis it honours). */
const ALERT_HISTORY = 50;

function notFound(what: string, id: string): PonteError {
  return new PonteError('api.not_found', `${what} '${id}' does not exist`, { hint: 'check the name or id; list them to see what exists' });
}

const newId = () => randomUUID().replace(/-/g, '');
const now = () => new Date().toISOString();
const json = (v: unknown) => JSON.stringify(v);
/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

/** The row an event is about, for an event too large to travel whole. */
function sharedId(e: PonteEvent): string | undefined {
  if ('alert' in e) return e.alert.id;
  if ('window' in e) return e.window.id;
  if ('run' in e) return e.run.id;
  if ('deployment' in e) return e.deployment.name;
  if (e.type === 'drift.recorded') return e.id;
  return undefined;
}

/** The next page token from a LIMIT n+1 query: pops the extra row. */
function pageOf<T>(rows: Record<string, unknown>[], limit: number, map: (r: Record<string, unknown>) => T, cursorOf: (r: Record<string, unknown>) => { v: unknown; id: string | number }): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const page: Page<T> = { items: kept.map(map) };
  if (more) {
    const c = cursorOf(kept[kept.length - 1]);
    // -Infinity stands for "no value" in numeric sorts and must survive JSON as text.
    const v = typeof c.v === 'number' && !Number.isFinite(c.v) ? String(c.v) : (c.v as string | number | null);
    page.nextPageToken = encodePageToken({ v, id: c.id });
  }
  return page;
}

const DRIFT_REPORT_COLUMNS = `id, project, title, report, ${R.iso('created_at')} AS created_at`;

function toDriftReport(r: Record<string, unknown>): StoredDriftReport {
  return { id: String(r.id), project: (r.project as string | null) ?? null, title: String(r.title), report: r.report as Record<string, Json>, createdAt: String(r.created_at) };
}

/** The NOTIFY channel that carries events between server processes on one PostgreSQL database. */
export const EVENT_CHANNEL = 'ponte_events';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; larger events travel as an id. */
const NOTIFY_LIMIT = 7_900;

type SharedEvent = { o: string; e?: PonteEvent; type?: PonteEvent['type']; id?: string };

export class SqlStore implements PonteApi {
  private readonly events = new EventEmitter();
  /** Tells this process's own NOTIFYs apart from another's. */
  private readonly origin = newId();
  private stopSharing: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: SqlDriver,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {
    this.events.setMaxListeners(0);
  }

  get kind(): SqlDriver['kind'] {
    return this.db.kind;
  }

  private emit(event: PonteEvent): void {
    this.events.emit('event', event);
    if (this.stopSharing) void this.share(event);
  }

  /**
   * PostgreSQL: every event this process emits is sent to the others through NOTIFY, and theirs
   * are emitted here, so a client of any server's event stream sees every alert. An event too
   * large for a payload travels as its type and id, and the receiver reads the row.
   */
  async shareEvents(onError: (e: Error) => void = () => undefined): Promise<void> {
    if (!this.db.listen || this.stopSharing) return;
    this.stopSharing = await this.db.listen(EVENT_CHANNEL, (payload) => void this.received(payload).catch(onError), onError);
  }

  private async share(event: PonteEvent): Promise<void> {
    let payload = json({ o: this.origin, e: event } satisfies SharedEvent);
    if (Buffer.byteLength(payload) > NOTIFY_LIMIT) {
      const id = sharedId(event);
      if (id === undefined) return;
      payload = json({ o: this.origin, type: event.type, id } satisfies SharedEvent);
    }
    await this.db.query('SELECT pg_notify($1, $2)', [EVENT_CHANNEL, payload]).catch(() => undefined);
  }

  private async received(payload: string): Promise<void> {
    const m = JSON.parse(payload) as SharedEvent;
    if (m.o === this.origin) return;
    const event = m.e ?? (await this.refetch(m.type!, m.id!));
    if (event) this.events.emit('event', event);
  }

  private async refetch(type: PonteEvent['type'], id: string): Promise<PonteEvent | undefined> {
    if (type === 'alert.fired' || type === 'alert.acknowledged' || type === 'alert.resolved') {
      const [row] = await this.db.query(`SELECT ${R.ALERT_COLUMNS} FROM alerts WHERE id = $1`, [id]);
      return row && { type, alert: R.toAlert(row) };
    }
    if (type === 'window.recorded' || type === 'window.updated') {
      const [row] = await this.db.query(`SELECT ${R.WINDOW_COLUMNS} FROM monitoring_windows WHERE id = $1`, [id]);
      return row && { type, window: R.toWindow(row) };
    }
    if (type === 'run.created' || type === 'run.updated') return { type, run: await this.runRow(this.db, id) };
    if (type === 'deployment.changed') return { type, deployment: await this.getDeployment(id) };
    return undefined;
  }

  subscribe(listener: (event: PonteEvent) => void, onState?: (connected: boolean) => void): () => void {
    this.events.on('event', listener);
    onState?.(true);
    return () => this.events.off('event', listener);
  }

  async health(): Promise<HealthInfo> {
    await this.db.query('SELECT 1');
    return { status: 'ok', store: this.db.kind, version: STORE_VERSION };
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    await this.stopSharing?.();
    await this.db.close();
    await this.onClose();
  }

  // ---- runs

  private async runRow(q: SqlExecutor, id: string): Promise<Run> {
    const rows = await q.query(`SELECT ${R.RUN_COLUMNS} FROM runs r WHERE r.id = $1`, [id]);
    if (rows.length === 0) throw notFound('run', id);
    return R.toRun(rows[0]);
  }

  async createRun(input: CreateRunInput): Promise<Run> {
    const i = checked<CreateRunInput>(S.createRunSchema, input, 'run');
    const id = newId();
    const t = now();
    const run = await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO projects (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [i.project, t]);
      await tx.query(
        `INSERT INTO runs (id, project, name, status, git_commit, git_dirty, params, data_hashes, durations, tags, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $11)`,
        [id, i.project, i.name ?? null, i.status ?? 'running', i.gitCommit ?? null, i.gitDirty ?? null, json(i.params ?? {}), json(i.dataHashes ?? {}), json(i.durations ?? {}), json(i.tags ?? {}), t],
      );
      return this.runRow(tx, id);
    });
    this.emit({ type: 'run.created', run });
    return run;
  }

  async updateRun(id: string, patch: UpdateRunInput): Promise<Run> {
    checked(S.idSchema, id, 'runId');
    const p = checked<UpdateRunInput>(S.updateRunSchema, patch, 'patch');
    const ended = p.status && p.status !== 'running';
    const run = await this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE runs SET
           name = COALESCE($2, name), status = COALESCE($3, status), git_commit = COALESCE($4, git_commit),
           git_dirty = COALESCE($5, git_dirty), data_hashes = data_hashes || $6::jsonb, durations = durations || $7::jsonb,
           gates = CASE WHEN $8::boolean THEN $9::jsonb ELSE gates END, tags = tags || $10::jsonb,
           updated_at = $11, ended_at = CASE WHEN $12::boolean THEN COALESCE(ended_at, $11) ELSE ended_at END
         WHERE id = $1 RETURNING id`,
        [id, p.name ?? null, p.status ?? null, p.gitCommit ?? null, p.gitDirty ?? null, json(p.dataHashes ?? {}), json(p.durations ?? {}), p.gates !== undefined, json(p.gates ?? null), json(p.tags ?? {}), now(), Boolean(ended)],
      );
      if (rows.length === 0) throw notFound('run', id);
      return this.runRow(tx, id);
    });
    this.emit({ type: 'run.updated', run });
    return run;
  }

  async logMetrics(runId: string, metrics: MetricInput[]): Promise<void> {
    checked(S.idSchema, runId, 'runId');
    const m = checked<MetricInput[]>(S.metricsSchema, metrics, 'metrics');
    if (m.length === 0) return;
    const t = now();
    const points = m.map((x) => ({ key: x.key, value: x.value, step: x.step ?? 0, ts: x.timestamp ?? t }));
    const run = await this.db.transaction(async (tx) => {
      const exists = await tx.query('SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [runId]);
      if (exists.length === 0) throw notFound('run', runId);
      await tx.query(
        `INSERT INTO run_metrics (run_id, key, value, step, ts)
         SELECT $1, x.key, x.value, x.step, x.ts FROM jsonb_to_recordset($2::jsonb) AS x(key text, value float8, step bigint, ts timestamptz)`,
        [runId, json(points)],
      );
      // The run keeps the latest value of each metric (highest step, then latest time) for search and sort.
      await tx.query(
        `UPDATE runs SET updated_at = $3, metrics = metrics || COALESCE((
           SELECT jsonb_object_agg(key, value) FROM (
             SELECT DISTINCT ON (key) key, value FROM run_metrics
             WHERE run_id = $1 AND key IN (SELECT jsonb_array_elements_text($2::jsonb))
             ORDER BY key, step DESC, ts DESC, seq DESC) latest), '{}'::jsonb)
         WHERE id = $1`,
        [runId, json([...new Set(points.map((p) => p.key))]), t],
      );
      return this.runRow(tx, runId);
    });
    this.emit({ type: 'run.updated', run });
  }

  async logParams(runId: string, params: Record<string, ParamValue>): Promise<void> {
    checked(S.idSchema, runId, 'runId');
    const p = checked<Record<string, ParamValue>>(S.paramsSchema, params, 'params');
    const run = await this.db.transaction(async (tx) => {
      const rows = await tx.query('UPDATE runs SET params = params || $2::jsonb, updated_at = $3 WHERE id = $1 RETURNING id', [runId, json(p), now()]);
      if (rows.length === 0) throw notFound('run', runId);
      return this.runRow(tx, runId);
    });
    this.emit({ type: 'run.updated', run });
  }

  async getRun(id: string): Promise<RunDetail> {
    checked(S.idSchema, id, 'runId');
    const run = await this.runRow(this.db, id);
    const rows = await this.db.query<{ key: string; value: number; step: unknown; ts: string }>(
      `SELECT key, value, step, ${R.iso('ts')} AS ts FROM run_metrics WHERE run_id = $1 ORDER BY key, step, ts, seq`,
      [id],
    );
    const metricHistory: Record<string, MetricPoint[]> = {};
    for (const r of rows) (metricHistory[r.key] ??= []).push({ value: Number(r.value), step: Number(r.step), timestamp: r.ts });
    return { ...run, metricHistory };
  }

  async searchRuns(input: SearchRunsInput = {}): Promise<Page<Run>> {
    const i = checked<SearchRunsInput>(S.searchRunsSchema, input, 'search');
    const q = buildRunSearch(i, R.RUN_COLUMNS, LIMITS.defaultPageSize);
    const rows = await this.db.query(q.sql, q.params);
    return pageOf(rows, q.limit, R.toRun, (r) => ({ v: r.sort_value, id: String(r.id) }));
  }

  async deleteRun(id: string): Promise<void> {
    checked(S.idSchema, id, 'runId');
    const rows = await this.db.query('DELETE FROM runs WHERE id = $1 RETURNING id', [id]);
    if (rows.length === 0) throw notFound('run', id);
    this.emit({ type: 'run.deleted', id });
  }

  async putRunPlots(runId: string, plots: RunPlotInput[]): Promise<void> {
    checked(S.idSchema, runId, 'runId');
    const list = checked<RunPlotInput[]>(S.runPlotsSchema, plots, 'plots');
    await this.db.transaction(async (tx) => {
      if ((await tx.query('SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [runId])).length === 0) throw notFound('run', runId);
      const at = now();
      for (const p of list) {
        await tx.query(
          `INSERT INTO run_plots (run_id, path, format, content, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (run_id, path) DO UPDATE SET format = EXCLUDED.format, content = EXCLUDED.content, created_at = EXCLUDED.created_at`,
          [runId, p.path, p.format, p.content, at],
        );
      }
    });
  }

  async listRunPlots(runId: string): Promise<RunPlot[]> {
    checked(S.idSchema, runId, 'runId');
    if ((await this.db.query('SELECT 1 FROM runs WHERE id = $1', [runId])).length === 0) throw notFound('run', runId);
    const rows = await this.db.query<{ path: string; format: RunPlot['format']; content: string; created_at: string }>(
      `SELECT path, format, content, ${R.iso('created_at')} AS created_at FROM run_plots WHERE run_id = $1 ORDER BY path`,
      [runId],
    );
    return rows.map((r) => ({ runId, path: r.path, format: r.format, content: r.content, createdAt: r.created_at }));
  }

  // ---- models

  private async modelRow(q: SqlExecutor, name: string, version: number): Promise<ModelVersion> {
    const rows = await q.query(`SELECT ${R.MODEL_COLUMNS} FROM model_versions m WHERE m.name = $1 AND m.version = $2`, [name, version]);
    if (rows.length === 0) throw notFound('model version', `${name}@${version}`);
    return R.toModelVersion(rows[0]);
  }

  async registerModelVersion(input: RegisterModelVersionInput): Promise<ModelVersion> {
    const i = checked<RegisterModelVersionInput>(S.registerModelSchema, input, 'modelVersion');
    const mv = await this.db.transaction(async (tx) => {
      // Serialises version numbering per model name across concurrent writers.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('model:' || $1))", [i.name]);
      const [{ next }] = await tx.query<{ next: unknown }>('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM model_versions WHERE name = $1', [i.name]);
      const version = Number(next);
      await tx.query(
        `INSERT INTO model_versions (name, version, run_id, uri, data_hash, image, metrics, tags, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
        [i.name, version, i.runId ?? null, i.uri, i.dataHash ?? null, i.image ?? null, json(i.metrics ?? {}), json(i.tags ?? {}), now()],
      );
      return this.modelRow(tx, i.name, version);
    });
    this.emit({ type: 'model.registered', modelVersion: mv });
    return mv;
  }

  async listModelVersions(name?: string): Promise<ModelVersion[]> {
    if (name !== undefined) checked(S.nameSchema, name, 'name');
    const rows = await this.db.query(
      `SELECT ${R.MODEL_COLUMNS} FROM model_versions m WHERE ($1::text IS NULL OR m.name = $1) ORDER BY m.name, m.version DESC LIMIT ${LIMITS.pageSize * 10}`,
      [name ?? null],
    );
    return rows.map(R.toModelVersion);
  }

  async getModelVersion(name: string, version: number): Promise<ModelVersion> {
    checked(S.nameSchema, name, 'name');
    checked(S.versionSchema, version, 'version');
    return this.modelRow(this.db, name, version);
  }

  async setAlias(name: string, alias: string, version: number): Promise<ModelVersion> {
    checked(S.nameSchema, name, 'name');
    checked(S.nameSchema, alias, 'alias');
    checked(S.versionSchema, version, 'version');
    const mv = await this.db.transaction(async (tx) => {
      await this.modelRow(tx, name, version);
      await tx.query(
        `INSERT INTO model_aliases (name, alias, version, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name, alias) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
        [name, alias, version, now()],
      );
      return this.modelRow(tx, name, version);
    });
    this.emit({ type: 'model.alias', name, alias, version });
    return mv;
  }

  async getAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    checked(S.nameSchema, name, 'name');
    checked(S.nameSchema, alias, 'alias');
    const rows = await this.db.query<{ version: unknown }>('SELECT version FROM model_aliases WHERE name = $1 AND alias = $2', [name, alias]);
    return rows.length === 0 ? undefined : this.modelRow(this.db, name, Number(rows[0].version));
  }

  // ---- datasets

  async registerDatasetVersion(input: RegisterDatasetVersionInput): Promise<DatasetVersion> {
    const i = checked<RegisterDatasetVersionInput>(S.registerDatasetSchema, input, 'datasetVersion');
    const dv = await this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('dataset:' || $1))", [i.name]);
      const rows = await tx.query(
        `INSERT INTO dataset_versions (name, version, hash, path, size, rows, run_id, source, created_at)
         SELECT $1::text, COALESCE(MAX(version), 0) + 1, $2::text, $3::text, $4::bigint, $5::bigint, $6::text, $7::text, $8::timestamptz
         FROM dataset_versions WHERE name = $1::text
         RETURNING ${R.DATASET_COLUMNS}`,
        [i.name, i.hash, i.path, i.size ?? null, i.rows ?? null, i.runId ?? null, i.source ?? null, now()],
      );
      return R.toDatasetVersion(rows[0]);
    });
    this.emit({ type: 'dataset.registered', datasetVersion: dv });
    return dv;
  }

  async listDatasetVersions(name?: string): Promise<DatasetVersion[]> {
    if (name !== undefined) checked(S.nameSchema, name, 'name');
    const rows = await this.db.query(
      `SELECT ${R.DATASET_COLUMNS} FROM dataset_versions WHERE ($1::text IS NULL OR name = $1) ORDER BY name, version DESC LIMIT ${LIMITS.pageSize * 10}`,
      [name ?? null],
    );
    return rows.map(R.toDatasetVersion);
  }

  // ---- deployments

  async upsertDeployment(input: UpsertDeploymentInput): Promise<Deployment> {
    const i = checked<UpsertDeploymentInput>(S.upsertDeploymentSchema, input, 'deployment');
    const d = await this.db.transaction(async (tx) => {
      const before = await tx.query('SELECT name FROM deployments WHERE name = $1 FOR UPDATE', [i.name]);
      const t = now();
      const rows = await tx.query(
        `INSERT INTO deployments AS d (name, target, status, model_name, model_version, image, url, slot, config, created_at, updated_at)
         VALUES ($1, COALESCE($2, 'docker'), COALESCE($3, 'pending'), $4, $5, $6, $7, $8, COALESCE($9::jsonb, '{}'::jsonb), $10, $10)
         ON CONFLICT (name) DO UPDATE SET
           target = COALESCE($2, d.target), status = COALESCE($3, d.status), model_name = COALESCE($4, d.model_name),
           model_version = COALESCE($5, d.model_version), image = COALESCE($6, d.image), url = COALESCE($7, d.url),
           slot = COALESCE($8, d.slot), config = COALESCE($9::jsonb, d.config), updated_at = $10
         RETURNING ${R.DEPLOYMENT_COLUMNS}`,
        [i.name, i.target ?? null, i.status ?? null, i.modelName ?? null, i.modelVersion ?? null, i.image ?? null, i.url ?? null, i.slot ?? null, i.config === undefined ? null : json(i.config), t],
      );
      const dep = R.toDeployment(rows[0]);
      await tx.query('INSERT INTO deployment_history (deployment, action, state, ts) VALUES ($1, $2, $3::jsonb, $4)', [
        i.name,
        before.length === 0 ? 'created' : 'updated',
        json(dep),
        t,
      ]);
      return dep;
    });
    this.emit({ type: 'deployment.changed', deployment: d });
    return d;
  }

  async getDeployment(name: string): Promise<Deployment> {
    checked(S.nameSchema, name, 'name');
    const rows = await this.db.query(`SELECT ${R.DEPLOYMENT_COLUMNS} FROM deployments WHERE name = $1`, [name]);
    if (rows.length === 0) throw notFound('deployment', name);
    return R.toDeployment(rows[0]);
  }

  async listDeployments(): Promise<Deployment[]> {
    const rows = await this.db.query(`SELECT ${R.DEPLOYMENT_COLUMNS} FROM deployments ORDER BY name LIMIT ${LIMITS.pageSize * 10}`);
    return rows.map(R.toDeployment);
  }

  async deploymentHistory(name: string): Promise<DeploymentChange[]> {
    await this.getDeployment(name);
    const rows = await this.db.query<{ id: unknown; deployment: string; action: string; state: Deployment; ts: string }>(
      `SELECT id, deployment, action, state, ${R.iso('ts')} AS ts FROM deployment_history WHERE deployment = $1 ORDER BY id DESC LIMIT ${LIMITS.pageSize}`,
      [name],
    );
    return rows.map((r) => ({ id: Number(r.id), deployment: r.deployment, action: r.action, state: r.state, timestamp: r.ts }));
  }

  async setMonitorSettings(name: string, monitor: Record<string, Json>): Promise<Deployment> {
    checked(S.nameSchema, name, 'name');
    const m = checked<Record<string, Json>>(S.monitorSettingsSchema, monitor, 'monitor');
    const d = await this.db.transaction(async (tx) => {
      const t = now();
      const rows = await tx.query(
        `UPDATE deployments SET config = jsonb_set(config, '{monitor}', $2::jsonb), updated_at = $3 WHERE name = $1 RETURNING ${R.DEPLOYMENT_COLUMNS}`,
        [name, json(m), t],
      );
      if (rows.length === 0) throw notFound('deployment', name);
      const dep = R.toDeployment(rows[0]);
      await tx.query('INSERT INTO deployment_history (deployment, action, state, ts) VALUES ($1, $2, $3::jsonb, $4)', [name, 'monitor', json(dep), t]);
      return dep;
    });
    this.emit({ type: 'deployment.changed', deployment: d });
    return d;
  }

  // ---- predictions and feedback

  async ingestPredictions(predictions: PredictionInput[]): Promise<IngestResult> {
    const p = checked<PredictionInput[]>(S.predictionsSchema, predictions, 'predictions');
    // One statement per batch: the rows travel as one JSON parameter. A single statement commits
    // on its own; a transaction around it would only add BEGIN/COMMIT round trips. The promise
    // resolves after the commit, so the acknowledgement is durable.
    const batch = json(p);
    const at = now();
    const insert = (onConflict: string) =>
      this.db.query<{ n: unknown }>(
        `WITH ins AS (
           INSERT INTO predictions (id, deployment, ts, features, prediction, latency_ms, status)
           SELECT x.id, x.deployment, COALESCE(x."timestamp", $2::timestamptz), x.features, x.prediction, x."latencyMs", COALESCE(x.status, 200)
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, deployment text, "timestamp" timestamptz, features jsonb, prediction jsonb, "latencyMs" float8, status int)
           ${onConflict} RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [batch, at],
      );
    let rows: { n: unknown }[];
    try {
      // A plain INSERT first: ON CONFLICT's speculative insertion costs about a fifth of the
      // embedded store's time per row, and only a resent batch needs it.
      rows = await insert('');
    } catch (e) {
      if ((e as { code?: unknown }).code !== UNIQUE_VIOLATION) throw e;
      // A batch holding ids already stored (a client resending what was not acknowledged):
      // those rows are counted as duplicates, the others stored.
      rows = await insert('ON CONFLICT (id) DO NOTHING');
    }
    const accepted = Number(rows[0].n);
    if (accepted > 0) {
      // Counted per deployment over the batch as sent (duplicates included when a batch mixes
      // new and resent rows): a refresh signal for dashboards, not an exact tally.
      const counts: Record<string, number> = {};
      for (const x of p) counts[x.deployment] = (counts[x.deployment] ?? 0) + 1;
      this.emit({ type: 'predictions.ingested', counts });
    }
    return { accepted, duplicates: p.length - accepted };
  }

  async listPredictions(input: ListPredictionsInput): Promise<Page<Prediction>> {
    const i = checked<ListPredictionsInput>(S.listPredictionsSchema, input, 'query');
    const params: unknown[] = [i.deployment, i.since ?? null, i.until ?? null];
    let where = 'p.deployment = $1 AND ($2::timestamptz IS NULL OR p.ts >= $2) AND ($3::timestamptz IS NULL OR p.ts < $3)';
    const cursor = decodePageToken(i.pageToken);
    if (cursor) {
      params.push(String(cursor.v), String(cursor.id));
      where += ' AND (p.ts, p.id) > ($4::timestamptz, $5::text)';
    }
    const limit = i.limit ?? LIMITS.defaultPageSize;
    const rows = await this.db.query(
      `SELECT ${R.PREDICTION_COLUMNS} FROM predictions p LEFT JOIN feedback f ON f.prediction_id = p.id WHERE ${where} ORDER BY p.ts, p.id LIMIT ${limit + 1}`,
      params,
    );
    return pageOf(rows, limit, R.toPrediction, (r) => ({ v: String(r.ts), id: String(r.id) }));
  }

  async addFeedback(labels: FeedbackInput[]): Promise<FeedbackResult> {
    const l = checked<FeedbackInput[]>(S.feedbackSchema, labels, 'labels');
    // The last label for an id wins; ON CONFLICT DO UPDATE cannot touch one row twice in a statement.
    const byId = new Map(l.map((x) => [x.predictionId, { predictionId: x.predictionId, label: x.label, ts: x.timestamp ?? null }]));
    const batch = json([...byId.values()]);
    const done = await this.db.transaction(async (tx) => {
      const unknown = await tx.query<{ id: string }>(
        `SELECT x."predictionId" AS id FROM jsonb_to_recordset($1::jsonb) AS x("predictionId" text)
         WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.id = x."predictionId")`,
        [batch],
      );
      const rows = await tx.query<{ n: unknown }>(
        `WITH up AS (
           INSERT INTO feedback (prediction_id, label, ts)
           SELECT x."predictionId", x.label, COALESCE(x.ts, $2::timestamptz)
           FROM jsonb_to_recordset($1::jsonb) AS x("predictionId" text, label jsonb, ts timestamptz)
           WHERE EXISTS (SELECT 1 FROM predictions p WHERE p.id = x."predictionId")
           ON CONFLICT (prediction_id) DO UPDATE SET label = EXCLUDED.label, ts = EXCLUDED.ts RETURNING 1)
         SELECT count(*)::int AS n FROM up`,
        [batch, now()],
      );
      // The closed windows those predictions fell in, for the closer to score again.
      const windows = await tx.query<{ id: string }>(
        `SELECT DISTINCT w.id FROM monitoring_windows w JOIN predictions p ON p.deployment = w.deployment
           AND (p.ts, p.id) > (w.after_ts, w.after_id) AND (p.ts, p.id) <= (w.last_ts, w.last_id)
         WHERE w.seq IS NOT NULL AND p.id IN (SELECT x."predictionId" FROM jsonb_to_recordset($1::jsonb) AS x("predictionId" text))`,
        [batch],
      );
      return { result: { accepted: Number(rows[0].n), unknown: unknown.map((u) => u.id) }, windows: windows.map((w) => w.id) };
    });
    if (done.result.accepted > 0) this.emit({ type: 'feedback.added', accepted: done.result.accepted, windows: done.windows });
    return done.result;
  }

  /** Scores a closed window again from its labelled predictions, under its deployment's window lock. */
  async rescoreWindow(id: string, planFor: (deployment: string) => RescorePlan | undefined, nowMs: number = Date.now()): Promise<ClosedWindow | undefined> {
    checked(S.idSchema, id, 'windowId');
    const done = await this.db.transaction(async (tx) => {
      const [found] = await tx.query<{ deployment: string }>('SELECT deployment FROM monitoring_windows WHERE id = $1', [id]);
      const plan = found && planFor(found.deployment);
      if (!plan) return undefined;
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('window:' || $1))", [found.deployment]);
      const [row] = await tx.query(`SELECT ${R.WINDOW_COLUMNS}, ${R.iso('after_ts')} AS after_ts, after_id, ${R.iso('last_ts')} AS last_ts, last_id FROM monitoring_windows WHERE id = $1`, [id]);
      let after = { ts: String((row.after_ts as string | null) ?? '-infinity'), id: String((row.after_id as string | null) ?? '') };
      for (;;) {
        const rows = await tx.query(
          `SELECT ${R.PREDICTION_COLUMNS} FROM predictions p JOIN feedback f ON f.prediction_id = p.id
           WHERE p.deployment = $1 AND (p.ts, p.id) > ($2::timestamptz, $3::text) AND (p.ts, p.id) <= ($4::timestamptz, $5::text)
           ORDER BY p.ts, p.id LIMIT ${WINDOW_PAGE}`,
          [found.deployment, after.ts, after.id, row.last_ts, row.last_id],
        );
        if (rows.length === 0) break;
        const page = rows.map(R.toPrediction);
        plan.fold(page);
        after = { ts: page[page.length - 1].timestamp, id: page[page.length - 1].id };
        if (rows.length < WINDOW_PAGE) break;
      }
      const patch = plan.finish(R.toWindow(row).stats);
      const [updated] = await tx.query(`UPDATE monitoring_windows SET stats = stats || $2::jsonb WHERE id = $1 RETURNING ${R.WINDOW_COLUMNS}`, [id, json(patch)]);
      const window = R.toWindow(updated);
      // A verdict that changed may fire or resolve a rule now rather than at the next window.
      return { window, ...(await this.applyAlertChanges(tx, found.deployment, window, plan, nowMs)) };
    });
    if (done) this.emitWindow(done, 'window.updated');
    return done;
  }

  // ---- monitoring windows and alerts

  async recordWindow(input: RecordWindowInput): Promise<MonitoringWindow> {
    const i = checked<RecordWindowInput>(S.recordWindowSchema, input, 'window');
    const rows = await this.db.query(
      `INSERT INTO monitoring_windows (id, deployment, window_start, window_end, count, stats, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${R.WINDOW_COLUMNS}`,
      [newId(), i.deployment, i.start, i.end, i.count, json(i.stats), now()],
    );
    const w = R.toWindow(rows[0]);
    this.emit({ type: 'window.recorded', window: w });
    return w;
  }

  async listWindows(deployment: string, limit: number = LIMITS.defaultPageSize): Promise<MonitoringWindow[]> {
    checked(S.nameSchema, deployment, 'deployment');
    checked(S.limitSchema, limit, 'limit');
    const rows = await this.db.query(
      `SELECT ${R.WINDOW_COLUMNS} FROM monitoring_windows WHERE deployment = $1 ORDER BY window_end DESC, id DESC LIMIT ${limit}`,
      [deployment],
    );
    return rows.map(R.toWindow);
  }

  async fireAlert(input: FireAlertInput): Promise<Alert> {
    const i = checked<FireAlertInput>(S.fireAlertSchema, input, 'alert');
    const rows = await this.db.query(
      `INSERT INTO alerts (id, deployment, kind, severity, message, details, status, fired_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'open', $7) RETURNING ${R.ALERT_COLUMNS}`,
      [newId(), i.deployment ?? null, i.kind, i.severity ?? 'warning', i.message, json(i.details ?? {}), now()],
    );
    const alert = R.toAlert(rows[0]);
    this.emit({ type: 'alert.fired', alert });
    return alert;
  }

  async listAlerts(input: ListAlertsInput = {}): Promise<Page<Alert>> {
    const i = checked<ListAlertsInput>(S.listAlertsSchema, input, 'query');
    const params: unknown[] = [i.status ?? null, i.deployment ?? null];
    let where = '($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR deployment = $2)';
    const cursor = decodePageToken(i.pageToken);
    if (cursor) {
      params.push(String(cursor.v), String(cursor.id));
      where += ' AND (fired_at, id) < ($3::timestamptz, $4::text)';
    }
    const limit = i.limit ?? LIMITS.defaultPageSize;
    const rows = await this.db.query(`SELECT ${R.ALERT_COLUMNS} FROM alerts WHERE ${where} ORDER BY fired_at DESC, id DESC LIMIT ${limit + 1}`, params);
    return pageOf(rows, limit, R.toAlert, (r) => ({ v: String(r.fired_at), id: String(r.id) }));
  }

  async acknowledgeAlert(id: string, by?: string): Promise<Alert> {
    checked(S.idSchema, id, 'alertId');
    if (by !== undefined) checked(S.actorSchema, by, 'by');
    const rows = await this.db.query(
      `UPDATE alerts SET status = CASE WHEN status = 'resolved' THEN status ELSE 'acknowledged' END, acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE($3, acknowledged_by)
       WHERE id = $1 RETURNING ${R.ALERT_COLUMNS}`,
      [id, now(), by ?? null],
    );
    if (rows.length === 0) throw notFound('alert', id);
    const alert = R.toAlert(rows[0]);
    this.emit({ type: 'alert.acknowledged', alert });
    return alert;
  }

  /**
   * Closes the deployment's next window when it is complete, exactly once whichever server
   * process asks: the cursor is read and moved in the transaction that inserts the window, under
   * a transaction-scoped advisory lock per deployment (a closer that finds it held returns at
   * once), and (deployment, seq) is unique. The plan's alert changes are written in that
   * transaction too. Undefined when no window is complete yet.
   *
   * PostgreSQL folds the predictions inside that transaction (MVCC: ingest goes on meanwhile).
   * PGlite runs one statement at a time and a transaction holds it whole, so there the
   * predictions are folded first, outside it, and the short transaction checks that the cursor
   * has not moved (one process: nothing else closes windows, but nothing is assumed).
   */
  async closeWindow(deployment: string, plan: WindowPlan, nowMs: number = Date.now()): Promise<ClosedWindow | undefined> {
    checked(S.nameSchema, deployment, 'deployment');
    const lock = async (tx: SqlExecutor) =>
      (await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('window:' || $1)) AS locked", [deployment]))[0].locked;
    let closed: ClosedWindow | undefined;
    if (this.db.kind === 'postgres') {
      closed = await this.db.transaction(async (tx) => {
        if (!(await lock(tx))) return undefined;
        const cursor = await this.windowCursor(tx, deployment);
        const folded = await this.foldWindow(tx, deployment, plan, cursor, nowMs);
        return folded && this.commitWindow(tx, deployment, plan, cursor, folded, nowMs);
      });
    } else {
      const cursor = await this.windowCursor(this.db, deployment);
      const folded = await this.foldWindow(this.db, deployment, plan, cursor, nowMs);
      if (!folded) return undefined;
      closed = await this.db.transaction(async (tx) => {
        if (!(await lock(tx))) return undefined;
        const current = await this.windowCursor(tx, deployment);
        if (current.seq !== cursor.seq) return undefined;
        return this.commitWindow(tx, deployment, plan, cursor, folded, nowMs);
      });
    }
    if (closed) this.emitWindow(closed, 'window.recorded');
    return closed;
  }

  private async windowCursor(q: SqlExecutor, deployment: string): Promise<{ ts: string; id: string; seq: number }> {
    await q.query('INSERT INTO monitor_cursors (deployment) VALUES ($1) ON CONFLICT (deployment) DO NOTHING', [deployment]);
    const [cur] = await q.query<{ last_ts: string | null; last_id: string | null; seq: unknown }>(
      `SELECT ${R.iso('last_ts')} AS last_ts, last_id, seq FROM monitor_cursors WHERE deployment = $1`,
      [deployment],
    );
    return { ts: cur.last_ts ?? '-infinity', id: cur.last_id ?? '', seq: Number(cur.seq) };
  }

  /** Pages the next window's predictions into the plan; undefined when it is not complete. */
  private async foldWindow(q: SqlExecutor, deployment: string, plan: WindowPlan, after: { ts: string; id: string }, nowMs: number): Promise<{ count: number; start: string; end: string; last: { ts: string; id: string } } | undefined> {
    const settled = new Date(nowMs - plan.settleMs).toISOString();
    const span = await this.windowSpan(q, deployment, plan, after, settled, nowMs);
    if (!span) return undefined;
    let count = 0;
    let first: string | undefined;
    let last = after;
    for (;;) {
      const limit = Math.min(WINDOW_PAGE, span.size !== undefined ? span.size - count : WINDOW_PAGE);
      if (limit <= 0) break;
      const pageStarted = performance.now();
      const rows = await q.query(
        `SELECT ${R.PREDICTION_COLUMNS} FROM predictions p LEFT JOIN feedback f ON f.prediction_id = p.id
         WHERE p.deployment = $1 AND (p.ts, p.id) > ($2::timestamptz, $3::text) AND p.ts < $4::timestamptz
         ORDER BY p.ts, p.id LIMIT ${limit}`,
        [deployment, last.ts, last.id, span.until],
      );
      if (rows.length === 0) break;
      const page = rows.map(R.toPrediction);
      plan.fold(page);
      first ??= page[0].timestamp;
      count += page.length;
      last = { ts: page[page.length - 1].timestamp, id: page[page.length - 1].id };
      if (rows.length < limit) break;
      await plan.pace?.(performance.now() - pageStarted);
    }
    return count === 0 ? undefined : { count, start: span.start ?? first!, end: span.end ?? last.ts, last };
  }

  private async commitWindow(tx: SqlExecutor, deployment: string, plan: WindowPlan, after: { ts: string; id: string; seq: number }, w: { count: number; start: string; end: string; last: { ts: string; id: string } }, nowMs: number): Promise<ClosedWindow> {
    const seq = after.seq + 1;
    const [row] = await tx.query(
      `INSERT INTO monitoring_windows (id, deployment, window_start, window_end, count, stats, created_at, seq, after_ts, after_id, last_ts, last_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::timestamptz, $10, $11, $12) RETURNING ${R.WINDOW_COLUMNS}`,
      [newId(), deployment, w.start, w.end, w.count, json(plan.finish()), now(), seq, after.ts, after.id, w.last.ts, w.last.id],
    );
    await tx.query('UPDATE monitor_cursors SET last_ts = $2, last_id = $3, seq = $4, updated_at = $5 WHERE deployment = $1', [deployment, w.last.ts, w.last.id, seq, now()]);
    const window = R.toWindow(row);
    return { window, ...(await this.applyAlertChanges(tx, deployment, window, plan, nowMs)) };
  }

  private emitWindow(c: ClosedWindow, type: 'window.recorded' | 'window.updated'): void {
    this.emit({ type, window: c.window });
    for (const alert of c.fired) this.emit({ type: 'alert.fired', alert });
    for (const alert of c.resolved) this.emit({ type: 'alert.resolved', alert });
  }

  /** Which predictions the next window takes, or undefined when it is not complete yet. */
  private async windowSpan(tx: SqlExecutor, deployment: string, plan: WindowPlan, after: { ts: string; id: string }, settled: string, nowMs: number): Promise<{ size?: number; until: string; start?: string; end?: string } | undefined> {
    if (plan.size !== undefined) {
      const [{ n }] = await tx.query<{ n: unknown }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM predictions WHERE deployment = $1 AND (ts, id) > ($2::timestamptz, $3::text) AND ts < $4::timestamptz LIMIT ${plan.size}) x`,
        [deployment, after.ts, after.id, settled],
      );
      return Number(n) < plan.size ? undefined : { size: plan.size, until: settled };
    }
    const d = plan.durationMs!;
    // The span holding the oldest pending prediction; spans with no traffic make no window.
    const [next] = await tx.query<{ ms: unknown }>(
      `SELECT (extract(epoch FROM ts) * 1000)::float8 AS ms FROM predictions WHERE deployment = $1 AND (ts, id) > ($2::timestamptz, $3::text) ORDER BY ts, id LIMIT 1`,
      [deployment, after.ts, after.id],
    );
    if (!next) return undefined;
    const start = Math.floor(Number(next.ms) / d) * d;
    if (start + d + plan.settleMs > nowMs) return undefined;
    return { until: new Date(start + d).toISOString(), start: new Date(start).toISOString(), end: new Date(start + d).toISOString() };
  }

  private async applyAlertChanges(tx: SqlExecutor, deployment: string, window: MonitoringWindow, plan: Pick<WindowPlan, 'alerts'>, nowMs: number): Promise<{ fired: Alert[]; resolved: Alert[] }> {
    const history = (await tx.query(`SELECT ${R.WINDOW_COLUMNS} FROM monitoring_windows WHERE deployment = $1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT ${ALERT_HISTORY}`, [deployment])).map(R.toWindow);
    const open = (await tx.query(`SELECT ${R.ALERT_COLUMNS} FROM alerts WHERE deployment = $1 AND rule IS NOT NULL AND resolved_at IS NULL ORDER BY fired_at DESC`, [deployment])).map(R.toAlert);
    const lastRows = await tx.query<{ rule: string; at: string }>(`SELECT rule, ${R.iso('max(fired_at)')} AS at FROM alerts WHERE deployment = $1 AND rule IS NOT NULL GROUP BY rule`, [deployment]);
    const lastFired = Object.fromEntries(lastRows.map((r) => [r.rule, r.at]));
    const fired: Alert[] = [];
    const resolved: Alert[] = [];
    for (const change of plan.alerts(history, open, lastFired, nowMs)) {
      if (change.action === 'fire') {
        const [row] = await tx.query(
          `INSERT INTO alerts (id, deployment, kind, severity, message, details, status, fired_at, rule, window_id)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'open', $7, $3, $8) RETURNING ${R.ALERT_COLUMNS}`,
          [newId(), deployment, change.rule, change.severity, change.message, json(change.details), new Date(nowMs).toISOString(), window.id],
        );
        fired.push(R.toAlert(row));
      } else {
        const [row] = await tx.query(
          `UPDATE alerts SET status = 'resolved', resolved_at = $2, resolution = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING ${R.ALERT_COLUMNS}`,
          [change.alertId, new Date(nowMs).toISOString(), change.reason],
        );
        if (row) resolved.push(R.toAlert(row));
      }
    }
    return { fired, resolved };
  }

  /** Stores a reference dataset's profile once per version; a second put of the same (dataset, hash) keeps the first. */
  async putReferenceProfile(dataset: string, hash: string, profile: Record<string, Json>): Promise<ReferenceProfile> {
    checked(S.nameSchema, dataset, 'dataset');
    checked(S.idSchema, hash, 'hash');
    checked(S.referenceProfileSchema, profile, 'profile');
    await this.db.query(`INSERT INTO reference_profiles (dataset, hash, profile, created_at) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (dataset, hash) DO NOTHING`, [dataset, hash, json(profile), now()]);
    return (await this.getReferenceProfile(dataset, hash))!;
  }

  async getReferenceProfile(dataset: string, hash: string): Promise<ReferenceProfile | undefined> {
    checked(S.nameSchema, dataset, 'dataset');
    checked(S.idSchema, hash, 'hash');
    const [r] = await this.db.query<{ dataset: string; hash: string; profile: Record<string, Json>; created_at: string }>(
      `SELECT dataset, hash, profile, ${R.iso('created_at')} AS created_at FROM reference_profiles WHERE dataset = $1 AND hash = $2`,
      [dataset, hash],
    );
    return r && { dataset: r.dataset, hash: r.hash, profile: r.profile, createdAt: r.created_at };
  }

  // ---- one-off drift reports

  async addDriftReport(input: DriftReportInput): Promise<StoredDriftReport> {
    const i = checked<DriftReportInput>(S.driftReportInputSchema, input, 'driftReport');
    const report = json(i.report);
    if (report.length > LIMITS.driftReportSize) {
      throw new PonteError('api.invalid', `driftReport.report: is ${report.length} characters as JSON, more than the limit of ${LIMITS.driftReportSize}`, {
        hint: 'compare fewer columns (--columns a,b)',
      });
    }
    const [row] = await this.db.query(
      `INSERT INTO drift_reports (id, project, title, report, created_at) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING ${DRIFT_REPORT_COLUMNS}`,
      [newId(), i.project ?? null, i.title, report, now()],
    );
    const stored = toDriftReport(row);
    this.emit({ type: 'drift.recorded', id: stored.id, project: stored.project, title: stored.title });
    return stored;
  }

  async listDriftReports(input: ListDriftReportsInput = {}): Promise<StoredDriftReport[]> {
    const i = checked<ListDriftReportsInput>(S.listDriftReportsSchema, input, 'query');
    const limit = i.limit ?? 20;
    const rows = i.project === undefined
      ? await this.db.query(`SELECT ${DRIFT_REPORT_COLUMNS} FROM drift_reports ORDER BY created_at DESC, id DESC LIMIT ${limit}`)
      : await this.db.query(`SELECT ${DRIFT_REPORT_COLUMNS} FROM drift_reports WHERE project = $1 ORDER BY created_at DESC, id DESC LIMIT ${limit}`, [i.project]);
    return rows.map(toDriftReport);
  }

  // ---- audit log

  async appendAudit(input: AuditInput): Promise<AuditEntry> {
    const i = checked<AuditInput>(S.auditSchema, input, 'audit');
    const rows = await this.db.query(
      `INSERT INTO audit_log (ts, actor, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING ${R.AUDIT_COLUMNS}`,
      [now(), i.actor, i.action, i.target ?? null, json(i.details ?? {})],
    );
    return R.toAudit(rows[0]);
  }

  async listAudit(input: ListAuditInput = {}): Promise<Page<AuditEntry>> {
    const i = checked<ListAuditInput>(S.listAuditSchema, input, 'query');
    const params: unknown[] = [i.target ?? null];
    let where = '($1::text IS NULL OR target = $1)';
    const cursor = decodePageToken(i.pageToken);
    if (cursor) {
      if (typeof cursor.id !== 'number') throw new PonteError('api.invalid', 'pageToken: is not a token this server handed out');
      params.push(cursor.id);
      where += ' AND id < $2::bigint';
    }
    const limit = i.limit ?? LIMITS.defaultPageSize;
    const rows = await this.db.query(`SELECT ${R.AUDIT_COLUMNS} FROM audit_log WHERE ${where} ORDER BY id DESC LIMIT ${limit + 1}`, params);
    return pageOf(rows, limit, R.toAudit, (r) => ({ v: null, id: Number(r.id) }));
  }
}
