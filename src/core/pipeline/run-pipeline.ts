// `ponte run`: decide which stages changed, run them in order, cache their outs and write each
// one's dvc.lock entry as soon as it succeeds (as DVC does). A failing stage leaves its lock
// entry as it was and blocks the stages downstream of it; its output stays in its log file.
// Every stage's wdir and outputs pass the path guard before any stage runs.
import { statSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { isPonteError, PonteError } from '../errors';
import { checkStage, ParamsReader } from './changes';
import { executeCommand } from './execute';
import { allOuts, selectStages, type StageNode } from './graph';
import { loadPipeline, type LoadedPipeline, type LoadPipelineOptions } from './load';
import { readLockFile, writeLockFile, type LockEntry, type LockFile } from './lock-file';
import { readMetricsFile } from './metrics-file';
import { checkStagePaths, clearOutputs, openStageLog, repositoryOf, stageWorkingDir } from './stage-paths';
import { guardPath } from '../workspace/path-guard';
import type { StageStorage } from './storage';

export type StageOutcome = 'ran' | 'skipped' | 'failed' | 'blocked' | 'cancelled' | 'would-run';

export interface StageReport {
  name: string;
  /** True only when its command ran and succeeded. */
  ran: boolean;
  outcome: StageOutcome;
  reasons: string[];
  durationS: number;
  /** The stage's output log (for stages that started). */
  log?: string;
  error?: PonteError;
  /** Planned to run only because an upstream stage runs first: checked again once that one has. */
  afterUpstream?: boolean;
}

export interface PipelineEvents {
  onStageStart?(name: string, reasons: string[]): void;
  onOutput?(name: string, text: string, stream: 'stdout' | 'stderr'): void;
  onStageEnd?(report: StageReport): void;
}

export interface RunPipelineOptions extends PipelineEvents {
  /** Path of dvc.yaml. */
  dvcFile: string;
  /** dvc.yaml as the caller already checked it (readProject), so it is not parsed again. */
  checked?: LoadPipelineOptions['checked'];
  /** A dry run's result to carry out: its pipeline, lock and decisions are used, not made again. */
  plan?: PipelineRun;
  storage: StageStorage;
  targets?: string[];
  force?: boolean;
  /** Only report what would run, and why. */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Extra environment for the commands (e.g. PONTE_RUN_ID). */
  env?: Record<string, string>;
  /** Where stage logs go; default `<root>/.ponte/logs`. */
  logDir?: string;
}

export interface PipelineRun {
  pipeline: LoadedPipeline;
  stages: StageReport[];
  ok: boolean;
  lock: LockFile;
}

export async function runPipeline(options: RunPipelineOptions): Promise<PipelineRun> {
  const pipeline = options.plan?.pipeline ?? (await loadPipeline(options.dvcFile, { checked: options.checked }));
  const { graph } = pipeline;
  const names = selectStages(graph, options.targets ?? [], pipeline.groups);
  const repoRoot = repositoryOf(pipeline.root);
  for (const name of names) checkStagePaths(repoRoot, pipeline.root, graph.nodes.get(name)!);
  const lock = options.plan?.lock ?? (await readLockFile(pipeline.lockFile));
  const planned = new Map(options.plan?.stages.map((s) => [s.name, s]));
  const params = new ParamsReader();
  const ctx = { storage: options.storage, params, signal: options.signal };
  const logDir = options.logDir ?? path.join(pipeline.root, '.ponte', 'logs');
  const reports: StageReport[] = [];
  const unusable = new Set<string>();
  const willRun = new Set<string>();

  for (const name of names) {
    const node = graph.nodes.get(name)!;
    const started = Date.now();
    const blockedBy = [...graph.upstream.get(name)!].filter((u) => unusable.has(u));
    const finish = (r: Omit<StageReport, 'name' | 'durationS'>): void => {
      const report: StageReport = { name, durationS: (Date.now() - started) / 1000, ...r };
      reports.push(report);
      options.onStageEnd?.(report);
    };
    if (blockedBy.length > 0) {
      unusable.add(name);
      finish({ ran: false, outcome: 'blocked', reasons: [`upstream stage ${blockedBy.map((b) => `"${b}"`).join(', ')} did not succeed`] });
      continue;
    }
    if (options.signal?.aborted) {
      unusable.add(name);
      finish({ ran: false, outcome: 'cancelled', reasons: ['cancelled'] });
      continue;
    }
    let reasons: string[];
    let changed: boolean;
    let afterUpstream: boolean | undefined;
    const decided = planned.get(name);
    try {
      if (decided && !decided.afterUpstream && (decided.outcome === 'would-run' || decided.outcome === 'skipped')) {
        changed = decided.outcome === 'would-run';
        reasons = decided.reasons;
      } else if (options.force && !node.stage.frozen) {
        changed = true;
        reasons = ['forced'];
      } else {
        const check = await checkStage(node, lock.stages.get(name), ctx);
        changed = check.changed;
        reasons = check.reasons;
        if (!changed && options.dryRun) {
          const upstreamRuns = [...graph.upstream.get(name)!].filter((u) => willRun.has(u));
          if (upstreamRuns.length > 0) {
            changed = true;
            afterUpstream = true;
            reasons = [`upstream stage ${upstreamRuns.map((u) => `"${u}"`).join(', ')} will run first and may change its deps`];
          }
        }
      }
    } catch (e) {
      unusable.add(name);
      finish({ ran: false, outcome: 'failed', reasons: ['could not be checked'], error: asPonteError(e, node) });
      continue;
    }
    if (!changed) {
      finish({ ran: false, outcome: 'skipped', reasons });
      continue;
    }
    if (options.dryRun) {
      willRun.add(name);
      finish({ ran: false, outcome: 'would-run', reasons, ...(afterUpstream ? { afterUpstream } : {}) });
      continue;
    }
    options.onStageStart?.(name, reasons);
    const log = path.join(logDir, `${name.replace(/[^\w@.-]/g, '_')}.log`);
    try {
      await executeStage(node, pipeline, lock, { ...options, log, params, repoRoot });
      finish({ ran: true, outcome: 'ran', reasons, log });
    } catch (e) {
      unusable.add(name);
      const error = asPonteError(e, node);
      finish({ ran: false, outcome: error.code === 'pipeline.cancelled' ? 'cancelled' : 'failed', reasons, log, error });
    }
  }
  const ok = reports.every((r) => r.outcome === 'ran' || r.outcome === 'skipped' || r.outcome === 'would-run');
  return { pipeline, stages: reports, ok, lock };
}

function asPonteError(e: unknown, node: StageNode): PonteError {
  if (isPonteError(e)) return e;
  return new PonteError('pipeline.stage_error', `stage "${node.stage.name}": ${(e as Error)?.message ?? String(e)}`, {
    file: node.stage.file, line: node.stage.range.start.line + 1,
  });
}

interface ExecuteStageOptions extends RunPipelineOptions {
  log: string;
  repoRoot: string;
  params: ParamsReader;
}

async function executeStage(node: StageNode, pipeline: LoadedPipeline, lock: LockFile, options: ExecuteStageOptions): Promise<void> {
  const stage = node.stage;
  const outs = allOuts(stage);
  const cwd = stageWorkingDir(options.repoRoot, pipeline.root, node);
  clearOutputs(options.repoRoot, node);
  const logStream = openStageLog(options.repoRoot, options.log);
  try {
    for (const cmd of stage.cmd) {
      logStream.write(`$ ${cmd}\n`);
      const outcome = await executeCommand(cmd, {
        cwd,
        env: { ...process.env, ...options.env, PONTE_STAGE: stage.name },
        signal: options.signal,
        onOutput: (text, stream) => {
          logStream.write(text);
          options.onOutput?.(stage.name, text, stream);
        },
      }).catch((e: NodeJS.ErrnoException) => {
        throw new PonteError('pipeline.spawn_failed', `stage "${stage.name}" could not start: ${e.message}`, {
          file: stage.file, line: stage.range.start.line + 1,
          hint: e.code === 'ENOENT' ? `the working directory ${node.dir} may not exist` : undefined,
        });
      });
      if (outcome.cancelled) {
        throw new PonteError('pipeline.cancelled', `stage "${stage.name}" was cancelled`, { hint: 'its dvc.lock entry is unchanged' });
      }
      if (outcome.code !== 0) throw commandFailure(stage.name, cmd, outcome.code, outcome.signal, outcome.tail, options.log, stage);
    }
  } finally {
    await closeStream(logStream);
  }
  const missing = outs.filter((o) => !existsAfter(node, o.path));
  if (missing.length > 0) {
    throw new PonteError('pipeline.out_missing', `stage "${stage.name}" finished but did not produce ${missing.map((m) => `"${m.path}"`).join(', ')}`, {
      file: stage.file, line: (missing[0].range?.start.line ?? stage.range.start.line) + 1,
      hint: 'make the command write every declared out, or remove it from the stage in dvc.yaml; dvc.lock is unchanged',
    });
  }
  // A metrics file that is not numbers fails the stage here, before its lock entry is written.
  for (const m of stage.metrics) await readMetricsFile(path.resolve(node.dir, m.path));
  const entry = async (p: string, save: boolean): Promise<LockEntry> => {
    const abs = path.resolve(node.dir, p);
    const h = save ? await options.storage.save(abs, { signal: options.signal }) : await options.storage.hash(abs, { signal: options.signal });
    if (!h) {
      throw new PonteError('pipeline.dep_missing', `stage "${stage.name}": "${p}" does not exist`, {
        file: stage.file, line: stage.range.start.line + 1, hint: 'create it, or let an upstream stage produce it',
      });
    }
    const e: LockEntry = { path: p, md5: h.md5, size: h.size };
    if (h.nfiles !== undefined) e.nfiles = h.nfiles;
    if (h.isexec) e.isexec = true;
    return e;
  };
  const deps: LockEntry[] = [];
  for (const d of stage.deps) deps.push(await entry(d.path, false));
  const outEntries: LockEntry[] = [];
  for (const o of outs) outEntries.push(await entry(o.path, o.options.cache !== false));
  const params = await options.params.valuesFor(node);
  lock.stages.set(stage.name, { cmd: stage.cmd.length === 1 ? stage.cmd[0] : stage.cmd, deps, params, outs: outEntries });
  await writeLockFile(guardPath(options.repoRoot, pipeline.lockFile, { action: 'write' }), lock);
}

function existsAfter(node: StageNode, p: string): boolean {
  try {
    statSync(path.resolve(node.dir, p));
    return true;
  } catch {
    return false;
  }
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((resolve) => s.end(resolve));
}

function commandFailure(name: string, cmd: string, code: number | null, signal: NodeJS.Signals | null, tail: string, log: string, stage: { file: string; range: { start: { line: number } } }): PonteError {
  const lastLines = tail.trimEnd().split('\n').slice(-5).join('\n    ');
  const notFound = code === 127;
  const how = signal ? `was killed by ${signal}` : notFound ? 'failed: command not found (exit 127)' : `failed with exit code ${code}`;
  return new PonteError(notFound ? 'pipeline.command_not_found' : 'pipeline.stage_failed', `stage "${name}" ${how}: ${cmd}${lastLines ? `\n    ${lastLines}` : ''}`, {
    file: stage.file, line: stage.range.start.line + 1,
    hint: `${notFound ? 'check the program name in the stage\'s cmd and that it is on PATH; ' : ''}full output in ${log}; dvc.lock is unchanged for this stage`,
  });
}
