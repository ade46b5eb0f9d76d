// The deployment commands: Build Image, Register Model, Promote, Deploy, Rollback, Undeploy,
// Show Container Logs, Open Endpoint, Send Test Request. Each gathers its input from the row or
// a quick pick, runs the `ponte` CLI through the bridge (so a terminal does exactly the same),
// with progress and cancellation, and shows the answer.
import * as vscode from 'vscode';
import type { Deployment, ModelVersion } from '../../core/api';
import type { BuildOutput, ModelRegisterOutput, PredictOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { projectOf } from '../pipeline/runs-tree';
import type { DeploymentRowData } from './rows';

const ALIASES = ['production', 'staging'] as const;

function rootOf(ctx: PonteContext, node?: PonteNode): string {
  return ctx.pipeline.root(node);
}

function runOf(node?: PonteNode): string | undefined {
  return (node?.data as { run?: { id: string } } | undefined)?.run?.id;
}

function deploymentOf(node?: PonteNode): DeploymentRowData | undefined {
  const data = node?.data as DeploymentRowData | { deployment?: { name: string } } | undefined;
  if (!data) return undefined;
  if ('name' in data && typeof data.name === 'string') return data;
  const declared = (data as { deployment?: { name: string }; root?: string }).deployment;
  return declared ? { name: declared.name, root: (data as { root?: string }).root } : undefined;
}

async function pickDeployment(ctx: PonteContext, node: PonteNode | undefined, title: string): Promise<{ name: string; root: string } | undefined> {
  const d = deploymentOf(node);
  if (d) return { name: d.name, root: d.root ?? rootOf(ctx) };
  const picks = ctx.project.models().flatMap((m) => m.deployments.map((x) => ({ label: x.name, description: `${x.target}${x.strategy ? ` · ${x.strategy}` : ''}`, root: m.root })));
  if (picks.length === 0) throw new PonteError('deploy.none_declared', 'ponte.yaml declares no deployments', { hint: 'add one under deployments, e.g. `staging: { target: docker }`' });
  const pick = picks.length === 1 ? picks[0] : await vscode.window.showQuickPick(picks, { title });
  return pick && { name: pick.label, root: pick.root };
}

async function listVersions(ctx: PonteContext, root: string): Promise<ModelVersion[]> {
  return (await ctx.cli.json<ModelVersion[]>(['model', 'list', '--json'], { cwd: root, backend: true })).value;
}

/** A registered version from a quick pick; `preferred` (an alias) is offered first. */
async function pickVersion(ctx: PonteContext, root: string, title: string, preferred?: string): Promise<ModelVersion | undefined> {
  const versions = await listVersions(ctx, root);
  if (versions.length === 0) throw new PonteError('registry.empty', 'no model version is registered yet', { hint: 'register a run whose gates passed: Register Model on a run in the Experiments view' });
  const items = versions.map((v) => ({
    label: `v${v.version}`,
    description: [v.aliases.join(', '), v.tags.gates && v.tags.gates !== 'passed' ? `gates ${v.tags.gates}` : undefined].filter(Boolean).join(' · '),
    detail: Object.entries(v.metrics).slice(0, 4).map(([k, x]) => `${k} ${Math.round(x * 1e4) / 1e4}`).join('  '),
    v,
  }));
  const first = items.findIndex((i) => preferred && i.v.aliases.includes(preferred));
  if (first > 0) items.unshift(...items.splice(first, 1));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'The model version' }))?.v;
}

/** `ponte.buildImage`: a run row's model, or a picked version. */
export async function buildImageCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const root = rootOf(ctx, node);
  const run = runOf(node);
  const version = run ? undefined : await pickVersion(ctx, root, 'Ponte: Build Image');
  if (!run && !version) return;
  const feature = ctx.deployments;
  feature.channel.show(true);
  const args = ['build', '--json', ...(run ? ['--run', run] : ['--model', String(version!.version)])];
  feature.channel.appendLine(`$ ponte ${args.filter((a) => a !== '--json').join(' ')}   (in ${root})`);
  const { value } = await ctx.withProgress(`Building the model image`, (signal, report) =>
    ctx.cli.json<BuildOutput>(args, {
      cwd: root, cancel: signal, backend: true,
      onOutput: (t) => {
        feature.channel.append(t);
        const step = /Step \d+\/\d+|#\d+ \[[^\]]+\]/.exec(t);
        if (step) report(step[0]);
      },
    }),
  );
  feature.channel.appendLine(`built ${value.refs.join(', ')}`);
  void vscode.window.showInformationMessage(`Built ${value.refs[0] ?? value.image_id}.`, 'Deploy…').then((c) => c && vscode.commands.executeCommand('ponte.deploy'));
}

/** A recent run of the folder's project, from a quick pick (for the palette, where no row is given). */
async function pickRun(ctx: PonteContext): Promise<string | undefined> {
  const model = ctx.project.models().find((m) => m.root === rootOf(ctx));
  const runs = (await (await ctx.backend.api()).searchRuns({ project: model ? projectOf(model) : undefined, limit: 20 })).items;
  if (runs.length === 0) throw new PonteError('usage.no_run', 'no run is recorded yet', { hint: 'run the pipeline first (Ponte: Run Pipeline), then check its gates' });
  const items = runs.map((r) => ({ label: r.id.slice(0, 8), description: `${r.status}${r.gates && typeof r.gates === 'object' && !Array.isArray(r.gates) && 'passed' in r.gates ? ` · gates ${r.gates.passed ? 'passed' : 'failed'}` : ''}`, detail: r.createdAt.replace('T', ' ').slice(0, 19), id: r.id }));
  return (await vscode.window.showQuickPick(items, { title: 'Ponte: Register Model', placeHolder: 'The run whose model to register' }))?.id;
}

/** `ponte.registerModel`: a run row's model, or a picked run's. */
export async function registerModelCommand(ctx: PonteContext, node?: PonteNode): Promise<ModelVersion | undefined> {
  const run = runOf(node) ?? (await pickRun(ctx));
  if (!run) return undefined;
  const root = rootOf(ctx);
  const { value: v } = await ctx.withProgress('Registering the model', (signal) =>
    ctx.cli.json<ModelRegisterOutput>(['model', 'register', '--run', run, '--json'], { cwd: root, cancel: signal, backend: true }),
  );
  void ctx.pipeline.runs.reload();
  void vscode.window.showInformationMessage(`${v.existing ? 'Already registered' : 'Registered'}: ${v.name} v${v.version} (run ${run.slice(0, 8)}).`);
  return v;
}

/** `ponte.promoteModel` on a run row (registered first when needed) or a picked version. */
export async function promoteModelCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const root = rootOf(ctx);
  const version = runOf(node) ? await registerModelCommand(ctx, node) : await pickVersion(ctx, root, 'Ponte: Promote');
  if (!version) return;
  const to = await vscode.window.showQuickPick([...ALIASES], { title: `Promote ${version.name} v${version.version} to` });
  if (!to) return;
  await ctx.withProgress(`Promoting v${version.version} to ${to}`, (signal) =>
    ctx.cli.json<ModelVersion>(['model', 'promote', String(version.version), '--to', to, '--json'], { cwd: root, cancel: signal, backend: true }),
  );
  void ctx.pipeline.runs.reload();
  void vscode.window.showInformationMessage(`${version.name} v${version.version} is now in ${to}.`, 'Deploy…').then((c) => c && vscode.commands.executeCommand('ponte.deploy'));
}

/** `ponte.deploy`: a deployment row's deployment (or a picked one), with a picked version. */
export async function deployCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const target = await pickDeployment(ctx, node, 'Ponte: Deploy');
  if (!target) return;
  const version = await pickVersion(ctx, target.root, `Deploy to ${target.name}`, target.name);
  if (!version) return;
  await runDeploy(ctx, target.root, `Deploying v${version.version} to ${target.name}`, ['deploy', target.name, '--model', String(version.version), '--json']);
}

/** `ponte.rollback` on a deployment row: the version it ran before. */
export async function rollbackCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const target = await pickDeployment(ctx, node, 'Ponte: Rollback');
  if (!target) return;
  const answer = await vscode.window.showWarningMessage(`Roll ${target.name} back to the version it ran before?`, { modal: true }, 'Rollback');
  if (answer !== 'Rollback') return;
  await runDeploy(ctx, target.root, `Rolling back ${target.name}`, ['rollback', target.name, '--json']);
}

/** `ponte.undeploy` on a deployment row. */
export async function undeployCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const target = await pickDeployment(ctx, node, 'Ponte: Undeploy');
  if (!target) return;
  const answer = await vscode.window.showWarningMessage(`Stop ${target.name}? Requests to it are refused until it is deployed again.`, { modal: true }, 'Undeploy');
  if (answer !== 'Undeploy') return;
  await runDeploy(ctx, target.root, `Stopping ${target.name}`, ['undeploy', target.name, '--json']);
}

async function runDeploy(ctx: PonteContext, root: string, title: string, args: string[]): Promise<Deployment> {
  const channel = ctx.deployments.channel;
  channel.appendLine(`$ ponte ${args.filter((a) => a !== '--json').join(' ')}   (in ${root})`);
  const { value: d } = await ctx.withProgress(title, (signal, report) =>
    ctx.cli.json<Deployment>(args, {
      cwd: root, cancel: signal, backend: true,
      onOutput: (t) => {
        channel.append(t);
        const last = t.trim().split('\n').pop();
        if (last) report(last.trim());
      },
    }),
  );
  ctx.deployments.changed(d);
  channel.appendLine(`${d.name}: ${d.status}${d.modelVersion !== null ? ` v${d.modelVersion}` : ''}${d.slot ? ` (${d.slot})` : ''}`);
  void vscode.window.showInformationMessage(`${d.name}: ${d.status}${d.modelVersion !== null ? `, ${d.modelName ?? 'model'} v${d.modelVersion}` : ''}${d.slot ? ` in slot ${d.slot}` : ''}.`);
  return d;
}

/** `ponte.showContainerLogs`: the live container's log, followed in a terminal. */
export async function showContainerLogsCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const target = await pickDeployment(ctx, node, 'Ponte: Show Container Logs');
  if (!target) return;
  const container = (node?.data as { container?: string } | undefined)?.container ?? (ctx.deployments.get(target.name)?.config.container as string | undefined);
  if (!container) throw new PonteError('deploy.not_running', `${target.name} has no running container`, { hint: `deploy it first: Ponte: Deploy` });
  // Arguments as an array: the id never passes through a shell.
  const terminal = vscode.window.createTerminal({ name: `logs: ${target.name}`, shellPath: 'docker', shellArgs: ['logs', '--follow', '--tail', '200', container] });
  terminal.show();
}

function endpointUrl(base: string, name: string): string {
  return `${base.replace(/\/+$/, '')}/deployments/${encodeURIComponent(name)}/predict`;
}

/** `ponte.openEndpoint`: the deployment's URL through the monitoring proxy, with a curl line to copy. */
export async function openEndpointCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const target = await pickDeployment(ctx, node, 'Ponte: Open Endpoint');
  if (!target) return;
  const { url, token } = await ctx.backend.endpoint();
  const endpoint = endpointUrl(url, target.name);
  const curl = `curl -X POST -H 'content-type: application/json'${token ? " -H \"Authorization: Bearer $PONTE_TOKEN\"" : ''} -d '{...}' ${endpoint}`;
  const choice = await vscode.window.showInformationMessage(`${target.name} answers at ${endpoint} (through the monitoring proxy).`, 'Copy URL', 'Copy curl Command', 'Send Test Request');
  if (choice === 'Copy URL') await vscode.env.clipboard.writeText(endpoint);
  else if (choice === 'Copy curl Command') await vscode.env.clipboard.writeText(curl);
  else if (choice === 'Send Test Request') await sendTestRequestCommand(ctx, node);
}

/** `ponte.sendTestRequest`: one request through the proxy, built from the reference data; the answer is shown. */
export async function sendTestRequestCommand(ctx: PonteContext, node?: PonteNode): Promise<void> {
  const target = await pickDeployment(ctx, node, 'Ponte: Send Test Request');
  if (!target) return;
  const { value: out } = await ctx.withProgress(`Sending a test request to ${target.name}`, (signal) =>
    ctx.cli.json<PredictOutput>(['predict', target.name, '--json'], { cwd: target.root, cancel: signal, backend: true }),
  );
  const channel = ctx.deployments.channel;
  channel.appendLine(`POST ${out.url}\n  request:  ${JSON.stringify(out.request)}\n  answer:   ${out.status} ${JSON.stringify(out.response)}\n  id:       ${out.prediction_id ?? '-'} (${out.latency_ms.toFixed(1)} ms)`);
  const shown = out.prediction === undefined ? JSON.stringify(out.response) : JSON.stringify(out.prediction);
  const message = `${target.name} answered ${out.status}: ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown} (${Math.round(out.latency_ms)} ms)`;
  const choice = await (out.status < 400 ? vscode.window.showInformationMessage(message, 'Show Details') : vscode.window.showWarningMessage(message, 'Show Details'));
  if (choice === 'Show Details') channel.show(true);
}
