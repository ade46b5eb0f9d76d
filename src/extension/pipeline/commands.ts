// The pipeline commands: Run Pipeline, Run Stage, Check Gates, Delete Run, Pipeline Status and
// Compare Runs. Each gathers its input from the row or a quick pick and asks `ctx.pipeline`.
import * as vscode from 'vscode';
import type { GateOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { backendApi, compareRunsCommand } from './compare-panel';
import { runKinds } from './run-rows';

/** `ponte.runPipeline`: runs the changed stages of the folder's pipeline. */
export async function runPipelineCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  await ctx.pipeline.run(ctx.pipeline.root(node));
}

/** `ponte.runStage`: a stage row's stage (and what it depends on), or one picked from a list. */
export async function runStageCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  let data = node?.data as { root?: string; stage?: { name: string } } | undefined;
  if (!data?.stage) {
    const picks = ctx.project.models().flatMap((m) => m.stages.map((st) => ({ label: st.name, description: st.desc, root: m.root })));
    if (picks.length === 0) throw new PonteError('pipeline.no_stages', 'no pipeline stages in this workspace', { hint: 'declare stages in dvc.yaml' });
    const pick = await vscode.window.showQuickPick(picks, { title: 'Ponte: Run Stage', placeHolder: 'The stage to run (its upstream stages run first when they changed)' });
    if (!pick) return;
    data = { root: pick.root, stage: { name: pick.label } };
  }
  await ctx.pipeline.run(data.root ?? ctx.pipeline.root(), [data.stage!.name]);
}

/** `ponte.checkGates`: the gates of ponte.yaml against a run (the row's, or the latest). */
export async function checkGatesCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  ctx.requireTrust('Checking gates');
  const runId = (node?.data as { run?: { id: string } } | undefined)?.run?.id;
  const root = ctx.pipeline.root(node?.kind === runKinds.run ? undefined : node);
  const { value: out } = await ctx.withProgress('Checking gates', (signal) =>
    ctx.cli.json<GateOutput>(['gate', '--json', ...(runId ? ['--run', runId] : [])], { cwd: root, cancel: signal, backend: true }),
  );
  const channel = ctx.pipeline.channel;
  channel.appendLine(`gates for run ${out.run_id ?? '(file)'}: ${out.passed ? 'PASSED' : 'FAILED'}`);
  for (const rule of out.rules) channel.appendLine(`  ${rule.verdict.toUpperCase().padEnd(4)}  ${rule.reason}`);
  const failed = out.rules.filter((x) => x.verdict === 'fail');
  const summary = out.passed ? `Gates passed for run ${out.run_id?.slice(0, 8) ?? ''}: ${out.rules.filter((x) => x.verdict === 'pass').length} of ${out.rules.length} rules.` : `Gates FAILED: ${failed.map((f) => f.reason).join('; ')}`;
  const choice = await (out.passed ? vscode.window.showInformationMessage(summary, 'Show Details') : vscode.window.showWarningMessage(summary, 'Show Details'));
  if (choice === 'Show Details') channel.show(true);
  void ctx.pipeline.runs.reload();
}

/** `ponte.deleteRun`: after a modal confirmation. */
export async function deleteRunCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const run = (node?.data as { run?: { id: string } } | undefined)?.run;
  if (!run) throw new PonteError('usage.no_run', 'choose a run in the Experiments view to delete');
  const answer = await vscode.window.showWarningMessage(`Delete run ${run.id.slice(0, 8)}? Its params, metrics and gate result are removed from the backend; files are not touched.`, { modal: true }, 'Delete');
  if (answer !== 'Delete') return;
  await (await backendApi(ctx)).deleteRun(run.id);
  await ctx.pipeline.runs.reload();
}

/** `ponte.pipelineStatus` (the status bar item): the stale stages and why, and Run Pipeline. */
export async function pipelineStatusCommand(ctx: PonteContext): Promise<void> {
  const status = ctx.pipeline.status;
  await status.update();
  const stale = status.last?.stages.filter((x) => x.stale) ?? [];
  const items: (vscode.QuickPickItem & { run?: () => unknown })[] = stale.map((x) => ({ label: `$(warning) ${x.name}`, detail: x.reasons.join('; ') }));
  if (stale.length === 0) items.push({ label: '$(check) Every stage is up to date' });
  items.push({ label: '$(play) Run Pipeline', run: () => ctx.pipeline.run(status.last?.root ?? ctx.pipeline.root()) });
  const pick = await vscode.window.showQuickPick(items, { title: 'Ponte: Pipeline Status' });
  await pick?.run?.();
}

/** The command ids and their handlers, merged into the extension's command table. */
export const pipelineCommands = {
  'ponte.runPipeline': runPipelineCommand,
  'ponte.runStage': runStageCommand,
  'ponte.checkGates': checkGatesCommand,
  'ponte.compareRuns': compareRunsCommand,
  'ponte.deleteRun': deleteRunCommand,
  'ponte.pipelineStatus': pipelineStatusCommand,
};
