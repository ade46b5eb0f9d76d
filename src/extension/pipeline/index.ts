// Pipeline runs in the editor: the project's recorded runs in the Experiments view (newest first,
// paged), Run Pipeline / Run Stage / Check Gates / Compare Runs / Delete Run, and a status bar
// item saying whether the pipeline is up to date, stale, or running. Everything runs through the
// bundled `ponte` CLI, so the editor and a terminal behave the same.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { PonteApi } from '../../core/api';
import { readServerFile } from '../../core/workspace';
import { PonteError } from '../../core/errors';
import { compareRuns } from '../../core/pipeline/compare-runs';
import { readPonteConfig } from '../../core/pipeline/ponte-config';
import type { PonteContext } from '../context';
import { RefreshQueue } from '../refresh-queue';
import type { ProjectModel } from '../spec';
import type { PonteNode } from '../views/node';
import { cliError, cliInvocation, runCli, type CliInvocation } from './cli-process';
import { comparisonHtml } from './compare-html';
import { RunList, runChildRows, runKinds, runPageRows } from './run-rows';

export { runKinds } from './run-rows';

interface PipelineState {
  lists: Map<string, RunList>;
  /** Roots whose pipeline is running now. */
  running: Set<string>;
  status: RefreshQueue;
  channel: vscode.OutputChannel;
}

let state: PipelineState | undefined;

function pipelineState(): PipelineState {
  if (!state) throw new PonteError('internal', 'the pipeline feature is not registered');
  return state;
}

function projectOf(m: ProjectModel): string {
  return m.project ?? m.root.split(/[\\/]/).pop() ?? 'project';
}

function runList(ctx: PonteContext, project: string): RunList {
  const s = pipelineState();
  let list = s.lists.get(project);
  if (!list) {
    list = new RunList(project, () => ctx.backend.api());
    s.lists.set(project, list);
  }
  return list;
}

/** Gated metrics first beside each run. */
function gatedMetrics(root: string): string[] {
  try {
    return readPonteConfig(root).gates?.rules.map((r) => r.metric) ?? [];
  } catch {
    return [];
  }
}

export function registerPipeline(ctx: PonteContext): void {
  const channel = vscode.window.createOutputChannel('Ponte Pipeline');
  const item = vscode.window.createStatusBarItem('ponte.pipeline', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Ponte Pipeline';
  item.command = 'ponte.pipelineStatus';
  statusItem = item;
  const status = new RefreshQueue({ delayMs: 1500, run: () => updateStatus(ctx), onError: (e) => ctx.log.warn(`pipeline status: ${String((e as Error)?.message ?? e)}`) });
  state = { lists: new Map(), running: new Set(), status, channel };

  ctx.subscriptions.push(
    channel,
    item,
    { dispose: () => status.dispose() },
    ctx.trees.experiments.addContributor((parent) => runRows(ctx, parent), { childrenOf: [runKinds.runs] }),
    ctx.backend.onEvent((e) => {
      if (e.type.startsWith('run.')) void reloadRuns(ctx);
    }),
    vscode.workspace.onDidSaveTextDocument(() => void status.request()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void status.request()),
  );
  registerCompareSerializer(ctx);
  item.text = '$(beaker) Pipeline';
  item.tooltip = 'Ponte: pipeline state (click for details)';
  item.show();
  // The first check waits until the editor has settled: activation itself reads only the files.
  if (ctx.isTrusted()) {
    const t = setTimeout(() => void status.request(), 3000);
    ctx.subscriptions.push({ dispose: () => clearTimeout(t) });
  } else {
    item.text = '$(shield) Pipeline';
    item.tooltip = 'Ponte runs nothing in Restricted Mode';
  }
}

async function runRows(ctx: PonteContext, parent: PonteNode | undefined): Promise<PonteNode[]> {
  if (parent === undefined) {
    await ctx.project.ready();
    return ctx.project
      .models()
      .filter((m) => m.stages.length > 0 || m.ponteFile)
      .map((m) => ({
        id: `runs:${m.root}`, kind: runKinds.runs, label: 'Runs', description: projectOf(m), icon: 'history', children: 'collapsed' as const,
        tooltip: `Runs recorded for project **${projectOf(m)}**, newest first`, data: { root: m.root, project: projectOf(m) },
      }));
  }
  if (parent.kind === runKinds.runs || parent.kind === runKinds.more) {
    const { project, offset, root } = parent.data as { project: string; offset?: number; root?: string };
    if (!ctx.isTrusted()) return [{ id: `${parent.id}:untrusted`, kind: runKinds.notice, label: 'Runs are hidden in Restricted Mode', description: 'trust the workspace to connect to the backend', icon: 'shield' }];
    try {
      return await runPageRows(runList(ctx, project), offset ?? 0, root ? gatedMetrics(root) : []);
    } catch (e) {
      return [{ id: `${parent.id}:error`, kind: runKinds.notice, label: 'Runs unavailable', description: String((e as Error)?.message ?? e).split('\n')[0], icon: 'warning' }];
    }
  }
  return runChildRows(parent);
}

async function reloadRuns(ctx: PonteContext): Promise<void> {
  for (const list of pipelineState().lists.values()) await list.reload().catch(() => undefined);
  await ctx.trees.experiments.refresh();
}

/** The CLI as the editor runs it, pointed at the editor's backend when one is connected. */
export async function editorCli(ctx: PonteContext, root: string): Promise<CliInvocation> {
  const config = vscode.workspace.getConfiguration('ponte');
  const trusted = ctx.isTrusted();
  let backendUrl: string | undefined;
  let backendToken: string | undefined;
  const remote = config.get<string>('backend.url', '').trim();
  if (remote) {
    backendUrl = remote;
    backendToken = (await ctx.extension.secrets.get('ponte.backend.token')) || undefined;
  } else {
    // The local server is started for the first folder; the CLI of another folder talks to it too.
    await ctx.backend.api();
    const first = ctx.roots()[0];
    const info = first ? await readServerFile(first) : undefined;
    if (info && first !== root) {
      backendUrl = info.url;
      backendToken = info.token;
    }
  }
  return cliInvocation({
    extensionPath: ctx.extension.extensionPath,
    cliPath: trusted ? config.get<string>('cliPath', '') : '',
    pythonPath: trusted ? config.get<string>('pythonPath', '') : '',
    backendUrl, backendToken,
  });
}

function pipelineRoot(ctx: PonteContext, node?: PonteNode): string {
  const fromNode = (node?.data as { root?: string } | undefined)?.root;
  if (fromNode) return fromNode;
  const withPipeline = ctx.project.models().filter((m) => m.dvcFiles.length > 0);
  const root = withPipeline[0]?.root ?? ctx.roots()[0];
  if (!root) throw new PonteError('pipeline.no_folder', 'open the folder of a project with a dvc.yaml first');
  return root;
}

interface RunJson {
  stages: { name: string; ran: boolean; outcome: string; reason: string; duration_s: number }[];
  run_id: string | null;
}

/** Runs `ponte run [stages]` with its output in the "Ponte Pipeline" channel and a cancellable progress. */
export async function runPipelineIn(ctx: PonteContext, root: string, stages: string[] = [], force = false): Promise<RunJson | undefined> {
  ctx.requireTrust('Running the pipeline');
  const s = pipelineState();
  if (s.running.has(root)) throw new PonteError('pipeline.busy', 'the pipeline of this folder is already running', { hint: 'cancel it from its notification first' });
  const inv = await editorCli(ctx, root);
  s.channel.show(true);
  s.channel.appendLine(`$ ponte run ${stages.join(' ')}${force ? ' --force' : ''}   (in ${root})`);
  s.running.add(root);
  void updateStatus(ctx);
  try {
    const title = stages.length ? `Running stage ${stages.join(', ')}` : 'Running the pipeline';
    const r = await ctx.withProgress(title, (signal) => runCli(inv, ['run', '--json', ...(force ? ['--force'] : []), ...stages], { cwd: root, signal, onOutput: (t) => s.channel.append(t) }));
    if (r.code === 130) {
      s.channel.appendLine('cancelled');
      return undefined;
    }
    let out: RunJson | undefined;
    try {
      out = JSON.parse(r.stdout) as RunJson;
    } catch {
      out = undefined;
    }
    if (r.code !== 0 || !out) throw cliError(r, 'ponte run');
    const ran = out.stages.filter((x) => x.ran).map((x) => x.name);
    s.channel.appendLine(ran.length ? `done: ran ${ran.join(', ')}${out.run_id ? `; run ${out.run_id}` : ''}` : 'done: everything was up to date');
    void vscode.window.showInformationMessage(ran.length ? `Pipeline finished: ran ${ran.join(', ')}.` : 'Pipeline is up to date: nothing to run.');
    return out;
  } finally {
    s.running.delete(root);
    void reloadRuns(ctx);
    void s.status.request();
  }
}

/** `ponte.runPipeline`: runs the changed stages of the folder's pipeline. */
export async function runPipelineCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  await runPipelineIn(ctx, pipelineRoot(ctx, node));
}

/** `ponte.runStage`: a stage row's stage (and what it depends on), or one picked from a list. */
export async function runStageCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  let data = node?.data as { root?: string; stage?: { name: string } } | undefined;
  if (!data?.stage) {
    const picks = ctx.project.models().flatMap((m) => m.stages.map((st) => ({ label: st.name, description: m.stages.length ? st.desc : undefined, root: m.root })));
    if (picks.length === 0) throw new PonteError('pipeline.no_stages', 'no pipeline stages in this workspace', { hint: 'declare stages in dvc.yaml' });
    const pick = await vscode.window.showQuickPick(picks, { title: 'Ponte: Run Stage', placeHolder: 'The stage to run (its upstream stages run first when they changed)' });
    if (!pick) return;
    data = { root: pick.root, stage: { name: pick.label } };
  }
  await runPipelineIn(ctx, data.root ?? pipelineRoot(ctx), [data.stage!.name]);
}

/** `ponte.checkGates`: the gates of ponte.yaml against a run (the row's, or the latest). */
export async function checkGatesCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  ctx.requireTrust('Checking gates');
  const runId = (node?.data as { run?: { id: string } } | undefined)?.run?.id;
  const root = pipelineRoot(ctx, node?.kind === runKinds.run ? undefined : node);
  const inv = await editorCli(ctx, root);
  const r = await ctx.withProgress('Checking gates', (signal) => runCli(inv, ['gate', '--json', ...(runId ? ['--run', runId] : [])], { cwd: root, signal }));
  let out: { passed: boolean; run_id: string | null; rules: { metric: string; verdict: string; reason: string }[] };
  try {
    out = JSON.parse(r.stdout) as typeof out;
  } catch {
    throw cliError(r, 'ponte gate');
  }
  const channel = pipelineState().channel;
  channel.appendLine(`gates for run ${out.run_id ?? '(file)'}: ${out.passed ? 'PASSED' : 'FAILED'}`);
  for (const rule of out.rules) channel.appendLine(`  ${rule.verdict.toUpperCase().padEnd(4)}  ${rule.reason}`);
  const failed = out.rules.filter((x) => x.verdict === 'fail');
  const summary = out.passed ? `Gates passed for run ${out.run_id?.slice(0, 8) ?? ''}: ${out.rules.filter((x) => x.verdict === 'pass').length} of ${out.rules.length} rules.` : `Gates FAILED: ${failed.map((f) => f.reason).join('; ')}`;
  const choice = await (out.passed ? vscode.window.showInformationMessage(summary, 'Show Details') : vscode.window.showWarningMessage(summary, 'Show Details'));
  if (choice === 'Show Details') channel.show(true);
  void reloadRuns(ctx);
}

async function api(ctx: PonteContext): Promise<PonteApi> {
  ctx.requireTrust('Reading runs');
  return ctx.backend.api();
}

/** `ponte.deleteRun`: after a modal confirmation. */
export async function deleteRunCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const run = (node?.data as { run?: { id: string } } | undefined)?.run;
  if (!run) throw new PonteError('usage.no_run', 'choose a run in the Experiments view to delete');
  const answer = await vscode.window.showWarningMessage(`Delete run ${run.id.slice(0, 8)}? Its params, metrics and gate result are removed from the backend; files are not touched.`, { modal: true }, 'Delete');
  if (answer !== 'Delete') return;
  await (await api(ctx)).deleteRun(run.id);
  await reloadRuns(ctx);
}

/** `ponte.compareRuns`: the selected runs (two or more), or runs picked from the latest ones. */
export async function compareRunsCommand(ctx: PonteContext, node?: PonteNode, selected?: PonteNode[]): Promise<void> {
  const client = await api(ctx);
  let ids = (selected ?? []).map((n) => (n.data as { run?: { id: string } } | undefined)?.run?.id).filter((x): x is string => !!x);
  if (ids.length < 2) {
    const project = projectOf(ctx.project.models()[0] ?? ({ root: ctx.roots()[0] ?? 'project' } as ProjectModel));
    const page = await client.searchRuns({ project, limit: 100 });
    const first = (node?.data as { run?: { id: string } } | undefined)?.run?.id;
    const picks = page.items.map((r) => ({
      label: r.id.slice(0, 8), description: `${r.createdAt.replace('T', ' ').slice(0, 16)} · ${r.status}`,
      detail: Object.entries(r.metrics).slice(0, 4).map(([k, v]) => `${k} ${Number(v.toPrecision(6))}`).join(' · '), picked: r.id === first, id: r.id,
    }));
    const chosen = await vscode.window.showQuickPick(picks, { canPickMany: true, title: 'Ponte: Compare Runs', placeHolder: 'Pick two or more runs' });
    if (!chosen) return;
    ids = chosen.map((c) => c.id);
  }
  if (ids.length < 2) throw new PonteError('usage.compare_two', 'pick at least two runs to compare');
  await showComparison(ctx, ids);
}

export const COMPARE_VIEW = 'ponte.compareRuns';

async function renderComparison(ctx: PonteContext, panel: vscode.WebviewPanel, ids: string[]): Promise<void> {
  const client = await api(ctx);
  const runs = await Promise.all(ids.map((id) => client.getRun(id)));
  panel.webview.html = comparisonHtml(compareRuns(runs), { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource });
}

async function showComparison(ctx: PonteContext, ids: string[]): Promise<void> {
  const panel = vscode.window.createWebviewPanel(COMPARE_VIEW, `Compare ${ids.length} Runs`, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
  await renderComparison(ctx, panel, ids);
}

/** Restores Compare Runs panels after a reload, from the run ids the page remembered. */
export function registerCompareSerializer(ctx: PonteContext): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW, {
      async deserializeWebviewPanel(panel, saved: { ids?: string[] } | undefined) {
        panel.webview.options = { enableScripts: true, localResourceRoots: [] };
        if (saved?.ids?.length) await renderComparison(ctx, panel, saved.ids).catch((e) => ctx.showError(e));
      },
    }),
  );
}

async function updateStatus(ctx: PonteContext): Promise<void> {
  const s = pipelineState();
  const item = statusItem;
  if (!item) return;
  if (!ctx.isTrusted()) {
    item.text = '$(shield) Pipeline';
    item.tooltip = 'Ponte runs nothing in Restricted Mode';
    return;
  }
  if (s.running.size > 0) {
    item.text = '$(sync~spin) Pipeline running';
    item.tooltip = 'Ponte: the pipeline is running (cancel it from its notification)';
    return;
  }
  const root = ctx.project.models().find((m) => m.dvcFiles.length > 0)?.root;
  if (!root) {
    item.text = '$(beaker) Pipeline';
    item.tooltip = 'No dvc.yaml in this workspace';
    return;
  }
  const inv = await editorCliLight(ctx);
  const r = await runCli(inv, ['status', '--json'], { cwd: root });
  try {
    const out = JSON.parse(r.stdout) as { stale: number; stages: { name: string; stale: boolean; reasons: string[] }[] };
    lastStatus = { root, ...out };
    item.text = out.stale === 0 ? '$(check) Pipeline up to date' : `$(warning) Pipeline: ${out.stale} stale`;
    item.tooltip = out.stale === 0 ? 'Every stage is up to date with dvc.lock' : out.stages.filter((x) => x.stale).map((x) => `${x.name}: ${x.reasons.join('; ')}`).join('\n');
  } catch {
    lastStatus = undefined;
    item.text = '$(error) Pipeline';
    item.tooltip = cliError(r, 'ponte status').message;
  }
}

let statusItem: vscode.StatusBarItem | undefined;
let lastStatus: { root: string; stale: number; stages: { name: string; stale: boolean; reasons: string[] }[] } | undefined;

/** `ponte status` needs no backend: the CLI alone, without starting the local server. */
async function editorCliLight(ctx: PonteContext): Promise<CliInvocation> {
  const config = vscode.workspace.getConfiguration('ponte');
  return cliInvocation({ extensionPath: ctx.extension.extensionPath, cliPath: config.get<string>('cliPath', '') });
}

/** `ponte.pipelineStatus` (the status bar item): the stale stages and why, and Run Pipeline. */
export async function pipelineStatusCommand(ctx: PonteContext): Promise<void> {
  await updateStatus(ctx);
  const stale = lastStatus?.stages.filter((x) => x.stale) ?? [];
  const items: (vscode.QuickPickItem & { run?: () => unknown })[] = stale.map((x) => ({ label: `$(warning) ${x.name}`, detail: x.reasons.join('; ') }));
  if (stale.length === 0) items.push({ label: '$(check) Every stage is up to date' });
  items.push({ label: '$(play) Run Pipeline', run: () => runPipelineIn(ctx, lastStatus?.root ?? pipelineRoot(ctx)) });
  const pick = await vscode.window.showQuickPick(items, { title: 'Ponte: Pipeline Status' });
  await pick?.run?.();
}
