// Every `ponte run` is an experiment: a run in the backend with its git commit (and whether the
// tree was dirty), params and metrics flattened with dots, the hashes of the data it used and
// produced, each stage's duration, and its plot files (run-plots.ts). Recorded through PonteApi, so the
// embedded store, a local server and a team's remote backend all work alike.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LIMITS, type Json, type ParamValue, type PonteApi, type Run, type RunStatus } from '../api';
import type { LoadedPipeline } from './load';
import type { LockFile } from './lock-file';
import { readMetricsFile, type Metrics } from './metrics-file';
import { readParamsFile } from '../formats/params-file';
import { flattenWithDots, plainOf } from '../formats/py-values';
import type { PipelineRun } from './run-pipeline';
import { collectRunPlots } from './run-plots';
import { readStepMetrics } from './step-metrics';
import { repositoryOf } from './stage-paths';
import { removeInRepo } from '../workspace/path-guard';

const exec = promisify(execFile);

export interface GitState {
  commit?: string;
  dirty?: boolean;
}

/** HEAD and whether tracked files differ from it; empty outside a git repository. */
export async function gitState(dir: string): Promise<GitState> {
  try {
    const { stdout: head } = await exec('git', ['rev-parse', 'HEAD'], { cwd: dir });
    const { stdout: status } = await exec('git', ['status', '--porcelain', '--untracked-files=no', '--', '.'], { cwd: dir });
    return { commit: head.trim(), dirty: status.trim().length > 0 };
  } catch {
    return {};
  }
}

/** Every params file the stages name, flattened with dots; values the store cannot hold become JSON text. */
export async function collectParams(pipeline: LoadedPipeline): Promise<Record<string, ParamValue>> {
  const files = new Set<string>();
  for (const s of pipeline.stages) for (const p of s.params) files.add(path.resolve(pipeline.root, s.wdir, p.file));
  const out: Record<string, ParamValue> = {};
  const defaultFile = path.join(pipeline.root, 'params.yaml');
  for (const f of [...files].sort()) {
    const flat = flattenWithDots(plainOf(await readParamsFile(f)));
    const prefix = f === defaultFile ? '' : `${path.relative(pipeline.root, f).split(path.sep).join('/')}:`;
    for (const [k, v] of Object.entries(flat)) {
      out[prefix + k] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
    }
  }
  return out;
}

/** The metrics files the stages declare, flattened; a key met in two files is prefixed by its file. */
export async function collectMetrics(pipeline: LoadedPipeline): Promise<{ metrics: Metrics; files: string[] }> {
  const files: string[] = [];
  for (const s of pipeline.stages) for (const m of s.metrics) files.push(path.resolve(pipeline.root, s.wdir, m.path));
  const perFile: [string, Metrics][] = [];
  for (const f of files) perFile.push([f, await readMetricsFile(f)]);
  return { metrics: mergeMetricFiles(perFile, pipeline.root), files };
}

/** Several metrics files as one run records them: a key two files share is prefixed with its file's path (relative to `root`). */
export function mergeMetricFiles(perFile: [string, Metrics][], root: string): Metrics {
  const seen = new Map<string, number>();
  for (const [, m] of perFile) for (const k of Object.keys(m)) seen.set(k, (seen.get(k) ?? 0) + 1);
  const metrics: Metrics = {};
  for (const [f, m] of perFile) {
    const rel = path.relative(root, f).split(path.sep).join('/');
    for (const [k, v] of Object.entries(m)) metrics[(seen.get(k) ?? 0) > 1 ? `${rel}:${k}` : k] = v;
  }
  return metrics;
}

/** Path → md5 of every dep and out in the lock: the exact data a run used and produced. */
export function dataHashesOf(lock: LockFile, names?: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  const wanted = names ? new Set(names) : undefined;
  for (const [name, s] of lock.stages) {
    if (wanted && !wanted.has(name)) continue;
    for (const e of [...s.deps, ...s.outs]) out[e.path] = e.md5;
  }
  return out;
}

export interface StartRunOptions {
  api: PonteApi;
  project: string;
  pipeline: LoadedPipeline;
  name?: string;
  targets?: string[];
}

export async function startRun(options: StartRunOptions): Promise<Run> {
  const git = await gitState(options.pipeline.root);
  let params: Record<string, ParamValue> = {};
  try {
    params = await collectParams(options.pipeline);
  } catch {
    // the run itself reports an unreadable params file, with its line
  }
  const tags: Record<string, string> = { source: 'ponte run' };
  if (options.targets?.length) tags.targets = options.targets.join(' ');
  return options.api.createRun({
    project: options.project, name: options.name, status: 'running', gitCommit: git.commit, gitDirty: git.dirty, params, tags,
  });
}

export interface FinishRunResult {
  run: Run;
  metrics: Metrics;
  /** A metrics file that could not be read: the run is marked failed with this. */
  metricsError?: unknown;
}

export async function finishRun(api: PonteApi, runId: string, result: PipelineRun, stepMetricsFile?: string): Promise<FinishRunResult> {
  const { pipeline } = result;
  const durations: Record<string, number> = {};
  for (const s of result.stages) if (s.ran || s.outcome === 'failed') durations[s.name] = Math.round(s.durationS * 1000);
  let metrics: Metrics = {};
  let metricsError: unknown;
  if (result.ok) {
    try {
      metrics = (await collectMetrics(pipeline)).metrics;
    } catch (e) {
      metricsError = e;
    }
  }
  const steps = stepMetricsFile ? readStepMetrics(stepMetricsFile) : [];
  for (let i = 0; i < steps.length; i += LIMITS.metricsBatch) await api.logMetrics(runId, steps.slice(i, i + LIMITS.metricsBatch));
  // Sent: the file has done its job (kept when sending failed, since the throw skips this).
  if (stepMetricsFile) removeInRepo(repositoryOf(pipeline.root), path.dirname(stepMetricsFile), { action: 'remove the step metrics of' });
  // The metrics files have the last word: logged after the steps, they are each key's latest value.
  const entries = Object.entries(metrics).map(([key, value]) => ({ key, value }));
  if (entries.length) await api.logMetrics(runId, entries);
  const failed = result.stages.find((s) => s.error);
  const status: RunStatus = result.stages.some((s) => s.outcome === 'cancelled') ? 'killed' : result.ok && !metricsError ? 'finished' : 'failed';
  const tags: Record<string, string> = {};
  const collected = await collectRunPlots(pipeline);
  if (collected.plots.length) await api.putRunPlots(runId, collected.plots);
  if (collected.skipped.length) tags.plots_skipped = collected.skipped.join('; ').slice(0, 2000);
  const error = failed?.error ?? (metricsError as Error | undefined);
  if (error) tags.error = String(error.message ?? error).slice(0, 2000);
  tags.stages_ran = result.stages.filter((s) => s.ran).map((s) => s.name).join(' ');
  const run = await api.updateRun(runId, {
    status, durations, dataHashes: dataHashesOf(result.lock, pipeline.stages.map((s) => s.name)), tags,
  });
  return { run, metrics, metricsError };
}

/** Gate results stored with the run (`gates` column) as the gates engine reports them. */
export async function storeGateResult(api: PonteApi, runId: string, result: Json): Promise<Run> {
  return api.updateRun(runId, { gates: result });
}
