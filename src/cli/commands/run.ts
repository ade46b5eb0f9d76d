// `ponte run [STAGE...] [--force] [--dry-run] [--json]`: runs the stages of dvc.yaml that
// changed, streaming their output, writes dvc.lock, and records the run as an experiment.
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import { errorJson, renderError, renderJson } from '../output';
import type { RunOutput, RunStageJson } from '../../core/cli-json';
import { acquireRunLock, finishRun, METRICS_FILE_ENV, openDataStorage, runPipeline, startRun, type PipelineRun, type RunPipelineOptions, type StageReport } from '../../core/pipeline';
import { loadProject, type PonteConfig } from '../../core/project';
import type { PonteApi, Run } from '../../core/api';

const HELP = `Usage: ponte run [STAGE...] [--force] [--dry-run] [--json] [--no-record]

Runs the stages of the pipeline (dvc.yaml, or the file ponte.yaml's \`pipeline\` names) that
changed since dvc.lock was written, by DVC's rules: command, deps, outs, params, always_changed,
frozen. With STAGE names, runs those stages and whatever they depend on.
Each stage runs through the shell in its wdir; its output streams here and into
.ponte/logs/STAGE.log. Outs are cached in .dvc/cache and dvc.lock is updated stage by stage.
A run that ran anything is recorded as an experiment (see 'ponte exp list').

Options:
  --force          run the stages even when nothing changed
  --dry-run        print what would run and why; run nothing
  --json           print {stages: [{name, ran, reason, duration_s}], run_id} (output goes to stderr)
  --no-record      do not record the run in the backend
  --file PATH      the pipeline file (default: from ponte.yaml, else dvc.yaml)
  --name NAME      a name for the recorded run (e.g. "lower C")
${backendHelp}
Exit codes: 0 every stage succeeded or was up to date, 1 a stage failed, 2 bad usage.
Ctrl-C stops the running stage and everything it started.

Examples:
  ponte run
  ponte run train --dry-run
  ponte run --force --json
`;

const options = {
  force: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'no-record': { type: 'boolean' },
  file: { type: 'string' }, name: { type: 'string' }, ...backendOptions,
} as const;

export const runCommand: CliCommand = {
  grammar: { options, positionals: 'stages' },
  summary: 'run the pipeline stages that changed, write dvc.lock, record the run',
  async run(argv) {
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    let api: PonteApi | undefined;
    try {
      const args = parseCommandArgs('run', argv, options, HELP);
      if (!args) return 0;
      const json = args.values.json === true;
      const dryRun = args.values['dry-run'] === true;
      const root = process.cwd();
      const { config, pipeline: checked } = loadProject(root);
      const dvcFile = args.values.file ? path.resolve(args.values.file) : config.pipeline;
      const say = (s: string) => (json ? process.stderr : process.stdout).write(s);
      const storage = await openDataStorage(path.dirname(dvcFile), { create: !dryRun });
      try {
        const common = { dvcFile, checked, storage, targets: args.positionals, force: args.values.force === true, signal: controller.signal };
        const plan = await runPipeline({ ...common, dryRun: true });
        const toRun = plan.stages.filter((s) => s.outcome === 'would-run');
        if (dryRun || toRun.length === 0 || plan.stages.some((s) => s.outcome === 'failed')) {
          if (json) process.stdout.write(renderJson({ stages: plan.stages.map(toJson), run_id: null } satisfies RunOutput));
          else say(renderPlan(plan.stages, dryRun));
          const failed = plan.stages.find((s) => s.error);
          if (failed?.error) process.stderr.write(renderError(failed.error));
          return failed ? 1 : 0;
        }
        const lock = await acquireRunLock(plan.pipeline.root);
        try {
          return await runAndRecord({ args, common, plan, config, root, json, say, controller, onBackend: (a) => (api = a) });
        } finally {
          lock.release();
        }
      } finally {
        await storage.close();
      }
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      await api?.close().catch(() => undefined);
    }
  },
};

interface RunContext {
  args: { values: { backend?: string; token?: string; name?: string; 'no-record'?: boolean }; positionals: string[] };
  common: Omit<RunPipelineOptions, 'dryRun'>;
  plan: PipelineRun;
  config: PonteConfig;
  root: string;
  json: boolean;
  say: (s: string) => void;
  controller: AbortController;
  /** Called with the backend once opened, so the caller closes it whatever happens next. */
  onBackend: (api: PonteApi) => void;
}

/** Runs the pipeline for real and records it; returns the exit code. */
async function runAndRecord({ args, common, plan, config, root, json, say, controller, onBackend }: RunContext): Promise<number> {
  let api: PonteApi | undefined;
  let run: Run | undefined;
  let stepsFile: string | undefined;
  if (args.values['no-record'] !== true) {
    const backend = await resolveBackend({ backend: args.values.backend, token: args.values.token, root });
    api = backend.api;
    onBackend(api);
    run = await startRun({ api, project: config.project, pipeline: plan.pipeline, targets: args.positionals, name: args.values.name });
    stepsFile = path.join(plan.pipeline.root, '.ponte', 'runs', run.id, 'steps.jsonl');
    await mkdir(path.dirname(stepsFile), { recursive: true });
  }
  // The plan is carried out as made: the pipeline is not read, nor a stage checked, a second time.
  const result = await runPipeline({
    ...common,
    plan,
    env: run && stepsFile ? { PONTE_RUN_ID: run.id, [METRICS_FILE_ENV]: stepsFile } : undefined,
    onStageStart: (name, reasons) => say(`\n▶ stage '${name}' (${reasons.join('; ')})\n`),
    onOutput: (_name, text) => say(text),
    onStageEnd: (r) => {
      if (r.outcome === 'ran') say(`✔ stage '${r.name}' done in ${r.durationS.toFixed(1)}s\n`);
      else if (r.outcome === 'skipped') say(`· stage '${r.name}' is up to date\n`);
      else if (r.outcome === 'blocked') say(`✘ stage '${r.name}' not run: ${r.reasons.join('; ')}\n`);
      else if (r.outcome === 'cancelled') say(`✘ stage '${r.name}' cancelled\n`);
      else say(`✘ stage '${r.name}' failed\n`);
    },
  });
  let metricsError: unknown;
  if (api && run) {
    const finished = await finishRun(api, run.id, result, stepsFile);
    metricsError = finished.metricsError;
    if (!json) {
      const m = Object.entries(finished.metrics).map(([k, v]) => `${k}=${v}`).join(' ');
      say(`\nrun ${run.id} recorded (${finished.run.status})${m ? `: ${m}` : ''}\n`);
    }
  }
  if (json) process.stdout.write(renderJson({ stages: result.stages.map(toJson), run_id: run?.id ?? null, ...(metricsError ? { error: errorJson(metricsError) } : {}) } satisfies RunOutput));
  for (const s of result.stages) if (s.error && s.outcome !== 'cancelled') process.stderr.write(renderError(s.error));
  if (metricsError) process.stderr.write(renderError(metricsError));
  if (controller.signal.aborted) return 130;
  return result.ok && !metricsError ? 0 : 1;
}

function toJson(s: StageReport): RunStageJson {
  return {
    name: s.name, ran: s.ran, reason: s.reasons.join('; '), duration_s: Math.round(s.durationS * 1000) / 1000,
    outcome: s.outcome, ...(s.error ? { error: errorJson(s.error) } : {}),
  };
}

export function renderPlan(stages: StageReport[], dryRun: boolean): string {
  if (stages.every((s) => s.outcome === 'skipped')) return 'Everything is up to date: no stage to run.\n';
  const lines = stages.map((s) => {
    const mark = s.outcome === 'would-run' ? (dryRun ? 'would run' : 'run') : s.outcome === 'skipped' ? 'up to date' : s.outcome;
    return `  ${s.name.padEnd(Math.max(...stages.map((x) => x.name.length)))}  ${mark.padEnd(10)}  ${s.reasons.join('; ')}`;
  });
  return `${dryRun ? 'Plan (nothing is run):' : 'Stages:'}\n${lines.join('\n')}\n`;
}
