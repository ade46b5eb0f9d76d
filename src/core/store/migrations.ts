// The schema, as numbered migrations applied in order and recorded in `schema_migrations`.
// Never edit a released migration: add the next one. Both stores run exactly this SQL.
import type { SqlDriver } from './sql';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE projects (
  name text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE runs (
  id text PRIMARY KEY,
  project text NOT NULL REFERENCES projects(name),
  name text,
  status text NOT NULL,
  git_commit text,
  git_dirty boolean,
  params jsonb NOT NULL DEFAULT '{}',
  metrics jsonb NOT NULL DEFAULT '{}',
  data_hashes jsonb NOT NULL DEFAULT '{}',
  durations jsonb NOT NULL DEFAULT '{}',
  gates jsonb,
  tags jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX runs_project_created ON runs (project, created_at DESC, id DESC);

CREATE TABLE run_metrics (
  seq bigserial PRIMARY KEY,
  run_id text NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key text NOT NULL,
  value double precision NOT NULL,
  step bigint NOT NULL,
  ts timestamptz NOT NULL
);
CREATE INDEX run_metrics_run_key ON run_metrics (run_id, key, step);

CREATE TABLE model_versions (
  name text NOT NULL,
  version integer NOT NULL,
  run_id text,
  uri text NOT NULL,
  data_hash text,
  image text,
  metrics jsonb NOT NULL DEFAULT '{}',
  tags jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

CREATE TABLE model_aliases (
  name text NOT NULL,
  alias text NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions(name, version)
);

CREATE TABLE dataset_versions (
  name text NOT NULL,
  version integer NOT NULL,
  hash text NOT NULL,
  path text NOT NULL,
  size bigint,
  rows bigint,
  run_id text,
  source text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

CREATE TABLE deployments (
  name text PRIMARY KEY,
  target text NOT NULL,
  status text NOT NULL,
  model_name text,
  model_version integer,
  image text,
  url text,
  slot text,
  config jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deployment_history (
  id bigserial PRIMARY KEY,
  deployment text NOT NULL REFERENCES deployments(name),
  action text NOT NULL,
  state jsonb NOT NULL,
  ts timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deployment_history_name ON deployment_history (deployment, id);

-- No foreign key to deployments: the ingest path stays one INSERT, and predictions may arrive
-- for a deployment registered a moment later.
CREATE TABLE predictions (
  id text PRIMARY KEY,
  deployment text NOT NULL,
  ts timestamptz NOT NULL,
  features jsonb NOT NULL,
  prediction jsonb,
  latency_ms double precision NOT NULL,
  status integer NOT NULL
);
CREATE INDEX predictions_deployment_ts ON predictions (deployment, ts, id);

CREATE TABLE feedback (
  prediction_id text PRIMARY KEY REFERENCES predictions(id),
  label jsonb,
  ts timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE monitoring_windows (
  id text PRIMARY KEY,
  deployment text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  count bigint NOT NULL,
  stats jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX monitoring_windows_deployment ON monitoring_windows (deployment, window_end DESC);

CREATE TABLE alerts (
  id text PRIMARY KEY,
  deployment text,
  kind text NOT NULL,
  severity text NOT NULL,
  message text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open',
  fired_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text
);
CREATE INDEX alerts_fired ON alerts (fired_at DESC, id DESC);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  ts timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target, id);
`,
  },
  {
    version: 2,
    name: 'monitoring windows closed once, alert resolution, reference profiles',
    sql: `
-- Where each deployment's next window starts: the last prediction of the last closed window,
-- ordered by (ts, id) as the closer reads them. Updated in the transaction that inserts the window.
CREATE TABLE monitor_cursors (
  deployment text PRIMARY KEY,
  last_ts timestamptz,
  last_id text,
  seq integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A window's place in its deployment's sequence: the unique index makes a second close of the
-- same window fail even if two closers ever got past the lock.
ALTER TABLE monitoring_windows ADD COLUMN seq integer;
ALTER TABLE monitoring_windows ADD COLUMN after_ts timestamptz;
ALTER TABLE monitoring_windows ADD COLUMN after_id text;
ALTER TABLE monitoring_windows ADD COLUMN last_ts timestamptz;
ALTER TABLE monitoring_windows ADD COLUMN last_id text;
CREATE UNIQUE INDEX monitoring_windows_seq ON monitoring_windows (deployment, seq);

ALTER TABLE alerts ADD COLUMN rule text;
ALTER TABLE alerts ADD COLUMN window_id text;
ALTER TABLE alerts ADD COLUMN resolved_at timestamptz;
ALTER TABLE alerts ADD COLUMN resolution text;
CREATE INDEX alerts_rule ON alerts (deployment, rule, fired_at DESC);

-- The reference dataset's sketch profile, once per dataset version (its content hash), so a
-- backend with no checkout can judge drift.
CREATE TABLE reference_profiles (
  dataset text NOT NULL,
  hash text NOT NULL,
  profile jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset, hash)
);
`,
  },
  {
    version: 3,
    name: 'plot data kept with each run',
    sql: `
-- The plot files a run wrote (dvc.yaml plots), kept so past runs compare after the files change.
-- Text formats as text, images as base64; one row per file, replaced when the run is recorded again.
CREATE TABLE run_plots (
  run_id text NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path text NOT NULL,
  format text NOT NULL,
  content text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, path)
);
`,
  },
  {
    version: 4,
    name: 'one-off drift reports',
    sql: `
-- The reports \`ponte drift\` made in a project (core/drift DriftReport as JSON), so the dashboard's
-- Drift tab shows them beside the monitoring windows. No foreign key to projects: a report may
-- come from a project that has recorded no run yet.
CREATE TABLE drift_reports (
  id text PRIMARY KEY,
  project text,
  title text NOT NULL,
  report jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX drift_reports_project_created ON drift_reports (project, created_at DESC, id DESC);
CREATE INDEX drift_reports_created ON drift_reports (created_at DESC, id DESC);
`,
  },
];

/** Applies the migrations not yet recorded, each in its own transaction. Returns the versions applied.
 * An advisory lock keeps two servers starting on one PostgreSQL database from racing. */
export async function migrate(db: SqlDriver): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7061746500)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** Splits a migration at the `;` ending a line; migrations keep to that form (no functions). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
