// What `ponte <command> --json` prints on stdout: one type per command, and the error object
// every command prints instead under --json. The CLI writes these and the extension reads them,
// so both import them from here. Types only: nothing here adds a byte to a bundle.
import type { RunComparison } from '../pipeline/compare-runs';
import type { StageOutcome } from '../pipeline/run-pipeline';
import type { Run, RunDetail } from '../api/types';
import type { DataVersion } from '../data/log';
import type { VersionComparison } from '../versions/compare';
import type { WatchInfo } from '../data/watch-client';
import type { DriftReport } from '../drift/report';
import type { GateVerdictKind } from '../gates/evaluate';
import type { Diagnostic } from '../project/types';
import type { TestStatus } from '../testing/results';

/** A PonteError as JSON; absent fields are null, so a reader sees every key. Line and column are 1-based. */
export interface CliErrorJson {
  code: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
}

/** The whole of stdout when a command under --json fails; the exit code stays the command's own. */
export interface CliErrorOutput {
  error: CliErrorJson;
}

/** `ponte run --json` (also with --dry-run: nothing ran, run_id null). */
export interface RunOutput {
  stages: RunStageJson[];
  run_id: string | null;
  /** Why the run failed when no stage says so (its metrics could not be read). */
  error?: CliErrorJson;
}

export interface RunStageJson {
  name: string;
  ran: boolean;
  /** The reasons it ran (or would run, or did not), joined with "; ". */
  reason: string;
  duration_s: number;
  outcome: StageOutcome;
  /** Why it failed, in full: the file and line of a broken stage, and what to do. */
  error?: CliErrorJson;
}

/** `ponte status --json`. */
export interface StatusOutput {
  stale: number;
  stages: { name: string; stale: boolean; reasons: string[] }[];
}

/** `ponte gate --json`. */
export interface GateOutput {
  run_id: string | null;
  passed: boolean;
  /** What "production" meant (e.g. `churn v3 (run 1a2b...)`), null when no model is in production. */
  production: string | null;
  rules: GateRuleJson[];
}

export interface GateRuleJson {
  metric: string;
  rule: string;
  value: number | null;
  threshold: number | null;
  production: number | null;
  verdict: GateVerdictKind;
  reason: string;
}

/** `ponte test --json`. */
export interface TestOutput {
  summary: { passed: number; failed: number; errors: number; skipped: number; total: number; duration_s: number };
  command: string | null;
  tests: TestCaseJson[];
}

export interface TestCaseJson {
  id: string;
  name: string;
  suite: string;
  kind: 'code' | 'data';
  status: TestStatus;
  duration_s: number;
  file: string | null;
  /** 1-based. */
  line: number | null;
  message: string | null;
  details?: string;
}

/** `ponte validate --json`: the diagnostics, with 0-based ranges as LSP has them. */
export type ValidateOutput = Pick<Diagnostic, 'file' | 'range' | 'severity' | 'code' | 'message' | 'suggestions'>[];

/** `ponte data status --json`. */
/** With --verify, a `corrupt` entry names the cache object and what is wrong with it. */
export type DataStatusOutput = { path: string; status: string; object?: string; problem?: string }[];
/** `ponte data log PATH --json`. */
export type DataLogOutput = DataVersion[];
/** `ponte data hash PATH --json`: as DVC would record it. */
export interface DataHashOutput {
  path: string;
  md5: string;
  size: number;
  nfiles?: number;
}
/** `ponte data compare PATH --from REV --json`. */
export type DataCompareOutput = VersionComparison;
/** `ponte data watch --status --json`: null when no watcher runs. */
export type DataWatchStatusOutput = WatchInfo | null;

/** `ponte drift ... --json`. */
export type DriftOutput = DriftReport;

/** `ponte exp list --json`, newest first. */
export type ExpListOutput = Run[];
/** `ponte exp show ID --json`. */
export type ExpShowOutput = RunDetail;
/** `ponte exp compare ID ID... --json`. */
export type ExpCompareOutput = RunComparison;
/** `ponte exp delete ID --json`. */
export interface ExpDeleteOutput {
  deleted: string;
}

/** `ponte model register --json`: the version, and whether the run had it already. */
export type ModelRegisterOutput = import('../api/types').ModelVersion & { existing: boolean };

/** `ponte build --json` (the build log goes to stderr). */
export interface BuildOutput {
  image_id: string;
  /** `<image>:<version>`, `<image>:<run short id>` and any --tag. */
  refs: string[];
  labels: Record<string, string>;
  model: { name: string; version: number | null; md5: string };
  run_id: string | null;
}

/** `ponte predict NAME --json`: one request through the monitoring proxy. */
export interface PredictOutput {
  url: string;
  request: unknown;
  status: number;
  response: unknown;
  /** The field `monitor.prediction` names, read from the answer. */
  prediction?: unknown;
  prediction_id: string | null;
  latency_ms: number;
}
