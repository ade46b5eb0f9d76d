// A retrain, step by step: production windows into the source dataset, the retrain stages, the
// tests, the gates against the production model, register and build, deploy with the
// deployment's strategy. Each step is audited with its inputs and outputs; the first failure
// stops the rest, and nothing before the deploy step touches what production serves.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { Json, PonteApi } from '../api';
import type { GateOutput, RunOutput, TestOutput } from '../cli-json';
import { isPonteError, PonteError } from '../errors';
import { displayFromCwd } from '../project/read-project';
import type { PonteConfig } from '../project';
import { isModelAlias } from '../registry';
import { runCli, type CliStepResult, type PonteCli } from './cli-step';
import { exportWindows } from './export-windows';
import { acquireRetrainLock } from './lock';
import { comparisonDetail, writeScoredMetrics, type ScoredFile } from './gate-comparison';
import { scoreProduction, type ScoringStage } from './score-production';

export const RETRAIN_STEPS = ['export', 'stages', 'tests', 'gates', 'register', 'build', 'deploy'] as const;
export type RetrainStepName = (typeof RETRAIN_STEPS)[number];

export interface RetrainStep {
  step: RetrainStepName;
  status: 'ok' | 'failed' | 'skipped';
  detail: string;
  inputs: Record<string, Json>;
  outputs: Record<string, Json>;
}

/** What `ponte retrain --json` prints. */
export interface RetrainResult {
  ok: boolean;
  deployment: string;
  /** The id the audit rows of this retrain carry. */
  retrain: string;
  steps: RetrainStep[];
  modelVersion?: number;
  failedStep?: RetrainStepName;
  reason?: string;
  /** `retrain.mode: ask` without approval: everything but the deploy was done. */
  awaitingApproval?: boolean;
}

export interface RetrainOptions {
  api: PonteApi;
  config: PonteConfig;
  /**
   * The pipeline's stages: to refuse a retrain dataset that a retrain stage writes, and to score
   * the production model on the new test set with the stage that writes the gated metrics.
   */
  pipeline?: { dir: string; stages: (PlanStage & ScoringStage)[] };
  /** The deployment whose windows are exported; default: retrain.promote, else monitor.deployment. */
  deployment?: string;
  approve: boolean;
  /** `K=V` build arguments for the build step (on top of container.build_args). */
  buildArgs?: string[];
  cli: PonteCli;
  actor: string;
  onStep?: (step: RetrainStep | { step: RetrainStepName; status: 'running' }) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

interface Plan {
  deployment: string;
  promote: string;
  stages: string[];
  dataset?: { name: string; path: string };
  label: string;
  mode: 'ask' | 'auto';
}

/** A stage of the pipeline as the plan checks it: its name, its dvc.yaml group, its wdir and outs. */
export interface PlanStage {
  name: string;
  group: string;
  wdir: string;
  outs: { path: string }[];
}

/**
 * What ponte.yaml's `retrain` block asks for, checked before anything runs. With the pipeline's
 * stages (dvc.yaml next to ponte.yaml), a dataset that a retrain stage writes is refused: the
 * rows appended to it would be overwritten by the very stages that should read them.
 */
export function retrainPlan(config: PonteConfig, deployment?: string, pipeline?: { dir: string; stages: PlanStage[] }): Plan {
  const r = config.retrain;
  const at = (key?: string) => {
    const range = key && r ? r.at[key] ?? r.range : r?.range ?? config.range;
    return { file: config.file && displayFromCwd(config.file), line: range.start.line + 1, column: range.start.character + 1 };
  };
  if (!config.file) throw new PonteError('retrain.no_project', `there is no ponte.yaml in ${config.root}`, { hint: 'run ponte retrain at the project root (the folder of ponte.yaml)' });
  if (!r) throw new PonteError('retrain.not_configured', 'ponte.yaml has no retrain section', { ...at(), hint: 'add e.g. `retrain: { on: [drift], mode: ask, data: { dataset: production }, stages: [prepare, train, evaluate], promote: production }`' });
  const name = deployment ?? r.promote ?? config.monitor?.deployment;
  if (!name) throw new PonteError('retrain.no_deployment', 'which deployment to retrain: ponte.yaml sets neither retrain.promote nor monitor.deployment', { ...at(), hint: 'pass --deployment NAME, or set retrain.promote' });
  const known = config.deployments.map((d) => d.name);
  const promote = r.promote ?? name;
  const hint = known.length ? `declared: ${known.join(', ')}` : 'declare it under deployments';
  // A name from the flag is not in the file: the message names the flag, not a line of ponte.yaml.
  if (deployment !== undefined && !known.includes(deployment)) {
    throw new PonteError('retrain.unknown_deployment', `--deployment ${deployment}: ponte.yaml declares no deployment of that name`, { file: config.file && displayFromCwd(config.file), hint });
  }
  for (const n of new Set([name, promote])) {
    if (!known.includes(n)) throw new PonteError('retrain.unknown_deployment', `ponte.yaml declares no deployment "${n}"`, { ...at(n === promote && r.promote ? 'promote' : undefined), hint });
  }
  let dataset: Plan['dataset'];
  if (r.data?.appendProduction !== false && r.data) {
    const d = config.datasets.find((x) => x.name === r.data!.dataset);
    if (!d) throw new PonteError('retrain.unknown_dataset', `retrain.data.dataset names no dataset: "${r.data.dataset}"`, { ...at('data'), hint: `declared: ${config.datasets.map((x) => x.name).join(', ') || 'none'}` });
    dataset = { name: d.name, path: d.path };
    const abs = path.resolve(config.root, d.path);
    // `stages: []` names none, and `ponte run` with no stage named runs them all.
    const retrained = (st: PlanStage) => !r.stages?.length || r.stages.includes(st.name) || r.stages.includes(st.group);
    const writer = pipeline?.stages.find((st) => retrained(st) && st.outs.some((out) => path.resolve(pipeline.dir, st.wdir, out.path) === abs));
    if (writer) {
      throw new PonteError('retrain.dataset_is_output', `retrain.data.dataset "${d.name}" (${d.path}) is an out of stage ${writer.name}, which the retrain runs again: the production rows appended to it would be overwritten`, {
        ...at('data'), hint: 'point it at a source dataset the pipeline reads and no retrain stage writes (e.g. data/production.csv, joined with the rest by your prepare stage)',
      });
    }
  }
  return { deployment: name, promote, stages: r.stages ?? [], dataset, label: config.monitor?.label ?? 'label', mode: r.mode };
}

/**
 * The deploy step under `mode: ask` without approval: the version stays registered and built, and
 * these commands deploy that very version (`ponte retrain --approve` would retrain and register another).
 */
export function awaitingApprovalDetail(promote: string, version: number): string {
  const promoteAlias = isModelAlias(promote) ? `, then ponte model promote ${version} --to ${promote}` : '';
  return `retrain.mode is ask: v${version} is registered and built, not deployed; to deploy it: ponte deploy ${promote} --model ${version}${promoteAlias} (ponte retrain --approve retrains again and deploys that)`;
}

/** A step that ran and failed: what it was given and what it got, for the audit row. */
class StepFailed extends Error {
  constructor(readonly inputs: Record<string, Json>, readonly outputs: Record<string, Json>, message: string) {
    super(message);
  }
}

/** A child command's failure, in one line: its JSON error, else the last thing it wrote. */
function whyFailed(r: CliStepResult<unknown>, what: string): string {
  if (r.code === 130) return `${what} was cancelled`;
  if (r.error) return `${r.error.message}${r.error.hint ? ` (${r.error.hint})` : ''}`;
  const last = r.tail.filter((l) => l.trim()).slice(-3).join(' | ');
  return `${what} exited with ${r.code}${last ? `: ${last}` : ''}`;
}

export async function retrain(o: RetrainOptions): Promise<RetrainResult> {
  const plan = retrainPlan(o.config, o.deployment, o.pipeline);
  const root = o.config.root;
  const lock = await acquireRetrainLock(root, plan.deployment);
  const id = randomUUID();
  const result: RetrainResult = { ok: false, deployment: plan.deployment, retrain: id, steps: [] };
  const audit = (action: string, details: Record<string, Json>) => o.api.appendAudit({ actor: o.actor, action, target: plan.deployment, details: { retrain: id, ...details } });
  const cli = (args: string[]) => runCli<unknown>(o.cli, root, args, { onLog: o.onLog, signal: o.signal });
  try {
    await audit('retrain.started', { promote: plan.promote, mode: plan.mode, approved: o.approve, stages: plan.stages, dataset: plan.dataset?.path ?? null, lock: lock.file });
    let runId: string | undefined;
    let version: number | undefined;

    const steps: Record<RetrainStepName, () => Promise<Omit<RetrainStep, 'step'>>> = {
      export: async () => {
        if (!plan.dataset) return { status: 'skipped', detail: 'retrain.data.append_production is false', inputs: {}, outputs: {} };
        const inputs = { deployment: plan.deployment, dataset: plan.dataset.name, path: plan.dataset.path };
        const e = await exportWindows({ api: o.api, root, deployment: plan.deployment, dataset: plan.dataset, label: plan.label, signal: o.signal });
        const outputs = {
          windows: e.exported.map((x) => ({ window: x.window, rows: x.rows, version: x.version.version, hash: x.version.hash, source: x.version.source })),
          unlabelled: e.unlabelled, rows: e.rows, hash: e.hash ?? null,
        };
        if (e.exported.length === 0) {
          const why = e.pending.length === 0 ? 'no production window closed since the last retrain' : `${e.pending.length} window(s) closed, none with labels yet`;
          return { status: 'skipped', detail: `${why}: ${plan.dataset.path} is unchanged`, inputs, outputs };
        }
        return { status: 'ok', detail: `${e.rows} labelled rows from ${e.exported.length} window(s) appended to ${plan.dataset.path} (version ${e.exported.at(-1)!.version.version})`, inputs, outputs };
      },
      stages: async () => {
        const inputs = { stages: plan.stages.length ? plan.stages : 'all', force: true };
        const r = await cli(['run', ...plan.stages, '--force', '--name', `retrain ${plan.deployment}`]);
        const v = r.value as RunOutput | undefined;
        const outputs = { run: v?.run_id ?? null, stages: (v?.stages ?? []).map((s) => ({ name: s.name, outcome: s.outcome })) };
        if (r.code !== 0 || !v?.run_id) {
          const failed = v?.stages.find((s) => s.outcome === 'failed' || s.error);
          throw new StepFailed(inputs, outputs, failed ? `stage ${failed.name} failed${failed.error ? `: ${failed.error.message}` : ''}` : whyFailed(r, 'ponte run'));
        }
        runId = v.run_id;
        return { status: 'ok', detail: `ran ${v.stages.filter((s) => s.ran).map((s) => s.name).join(', ')} as run ${runId}`, inputs, outputs };
      },
      tests: async () => {
        const r = await cli(['test']);
        const v = r.value as TestOutput | undefined;
        if (r.error?.code === 'tests.none') return { status: 'skipped', detail: 'ponte.yaml declares no tests and no data checks', inputs: {}, outputs: {} };
        const outputs = { summary: (v?.summary ?? null) as Json, failed: (v?.tests ?? []).filter((t) => t.status === 'failed' || t.status === 'error').slice(0, 10).map((t) => t.id) };
        const inputs = { command: v?.command ?? o.config.tests?.command ?? null };
        if (r.code !== 0 || !v) throw new StepFailed(inputs, outputs, v ? `${v.summary.failed + v.summary.errors} of ${v.summary.total} tests failed: ${outputs.failed.join(', ')}` : whyFailed(r, 'ponte test'));
        return { status: 'ok', detail: `${v.summary.passed} of ${v.summary.total} passed`, inputs, outputs };
      },
      gates: async () => {
        // A relative rule compares like with like: production's model scored on this run's test set.
        const score = await scoreProduction({ api: o.api, config: o.config, pipeline: o.pipeline, signal: o.signal, onLog: o.onLog });
        let scored: ScoredFile | undefined;
        try {
          scored = score.kind === 'scored' ? writeScoredMetrics(score.metrics) : undefined;
          const r = await cli(['gate', '--run', runId!, ...(scored ? ['--production-metrics', scored.file] : [])]);
          if (r.error?.code === 'gates.none') return { status: 'skipped', detail: 'ponte.yaml declares no gates', inputs: { run: runId! }, outputs: {} };
          const v = r.value as GateOutput | undefined;
          const compared = comparisonDetail(score, v?.rules ?? []);
          const outputs = { passed: v?.passed ?? false, production: v?.production ?? null, rules: (v?.rules ?? []) as unknown as Json, production_metrics: compared.record };
          const inputs = { run: runId!, production: v?.production ?? null };
          if (!v || r.code !== 0) {
            const failed = (v?.rules ?? []).filter((x) => x.verdict === 'fail').map((x) => `${x.metric} ${x.value ?? '?'} (${x.rule})`);
            throw new StepFailed(inputs, outputs, failed.length ? `the new model failed its gates: ${failed.join(', ')}${compared.text ? `; ${compared.text}` : ''}` : whyFailed(r, 'ponte gate'));
          }
          return { status: 'ok', detail: `gates passed${compared.text ? `: ${compared.text}` : v.production ? ` against ${v.production}` : ''}`, inputs, outputs };
        } finally {
          scored?.remove();
        }
      },
      register: async () => {
        const r = await cli(['model', 'register', '--run', runId!]);
        const v = r.value as { name: string; version: number } | undefined;
        if (r.code !== 0 || !v) throw new StepFailed({ run: runId! }, {}, whyFailed(r, 'ponte model register'));
        version = v.version;
        result.modelVersion = version;
        return { status: 'ok', detail: `registered ${v.name} v${v.version}`, inputs: { run: runId! }, outputs: { model: v.name, version: v.version } };
      },
      build: async () => {
        const r = await cli(['build', '--model', String(version), ...(o.buildArgs ?? []).flatMap((a) => ['--build-arg', a])]);
        const v = r.value as { image_id: string; refs: string[] } | undefined;
        if (r.code !== 0 || !v) throw new StepFailed({ version: version! }, {}, whyFailed(r, 'ponte build'));
        return { status: 'ok', detail: `built ${v.refs.join(', ')}`, inputs: { version: version! }, outputs: { image: v.image_id, refs: v.refs } };
      },
      deploy: async () => {
        const inputs = { deployment: plan.promote, version: version!, mode: plan.mode, approved: o.approve };
        if (plan.mode === 'ask' && !o.approve) {
          result.awaitingApproval = true;
          return { status: 'skipped', detail: awaitingApprovalDetail(plan.promote, version!), inputs, outputs: {} };
        }
        const r = await cli(['deploy', plan.promote, '--model', String(version)]);
        const v = r.value as { status: string; slot: string | null; image: string | null } | undefined;
        if (r.code !== 0 || !v) throw new StepFailed(inputs, {}, whyFailed(r, 'ponte deploy'));
        const outputs: Record<string, Json> = { status: v.status, slot: v.slot, image: v.image };
        // The alias follows the deployment of the same name, so the next gates compare with this version.
        if (isModelAlias(plan.promote)) {
          const p = await cli(['model', 'promote', String(version), '--to', plan.promote]);
          if (p.code !== 0) throw new StepFailed(inputs, outputs, `deployed, but the ${plan.promote} alias was not moved: ${whyFailed(p, 'ponte model promote')}`);
          outputs.alias = plan.promote;
        }
        return { status: 'ok', detail: `${plan.promote} serves v${version} (slot ${v.slot ?? '-'})`, inputs, outputs };
      },
    };

    for (const name of RETRAIN_STEPS) {
      if (result.failedStep) {
        result.steps.push({ step: name, status: 'skipped', detail: `not run: step ${result.failedStep} failed`, inputs: {}, outputs: {} });
        continue;
      }
      o.onStep?.({ step: name, status: 'running' });
      let step: RetrainStep;
      try {
        step = { step: name, ...(await steps[name]()) };
      } catch (e) {
        // Whatever stops a step (a command that failed, the backend, the disk) fails it, named.
        const reason = o.signal?.aborted ? 'cancelled' : isPonteError(e) && e.hint ? `${e.message} (${e.hint})` : (e as Error).message;
        step = { step: name, status: 'failed', detail: reason, inputs: e instanceof StepFailed ? e.inputs : {}, outputs: e instanceof StepFailed ? e.outputs : {} };
        result.failedStep = name;
        result.reason = reason;
      }
      result.steps.push(step);
      await audit(`retrain.${name}`, { status: step.status, detail: step.detail, inputs: step.inputs, outputs: step.outputs });
      o.onStep?.(step);
    }
    result.ok = !result.failedStep;
    await audit(result.ok ? 'retrain.finished' : 'retrain.failed', {
      ok: result.ok, failedStep: result.failedStep ?? null, reason: result.reason ?? null, modelVersion: result.modelVersion ?? null, awaitingApproval: result.awaitingApproval ?? false,
    });
    return result;
  } finally {
    lock.release();
  }
}
