// `ponte deploy`, `ponte rollback`, `ponte undeploy` and `ponte deployments`: a registered model
// version's image running on a Docker engine behind the backend's monitoring proxy, replaced
// blue/green or rolling behind a health check, rolled back the same way.
import type { CliCommand } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { runWithBackend } from '../backend-command';
import { formatTable, renderJson } from '../output';
import { actor } from '../actor';
import { PonteError } from '../../core/errors';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Deployment, Json, PonteApi } from '../../core/api';
import { hashFile } from '../../core/data';
import { monitorBlock } from '../../core/monitor';
import { loadProject, type PonteConfig } from '../../core/project';
import { chooseModelVersion, versionChoice } from '../../core/registry';
import {
  checkEngine, currentDeployment, deploy, deploymentStatus, dockerEngine, rollbackTarget, undeploy, type DeploySpec, type DeploymentStatusRow,
} from '../../core/deploy';

const common = { json: { type: 'boolean' }, 'health-timeout': { type: 'string' }, ...backendOptions } as const;

const DEPLOY_HELP = `Usage: ponte deploy NAME [--model VERSION | --alias ALIAS] [--health-timeout SECONDS] [--json]

Runs a registered model version's image (container.image tagged with the version: build it
first with 'ponte build') as deployment NAME of ponte.yaml, on a free loopback port, waits for
its health check, and switches the backend's route /deployments/NAME/... to it. With strategy
blue-green the old slot keeps serving until the switch, then drains and stops; rolling does the
same with one slot name. A failure before the switch leaves the old version serving.

Options:
  --model VERSION   the version to deploy (a number)
  --alias ALIAS     the version an alias points at (default: production for a deployment named
                    production, staging for staging, else the newest version)
  --health-timeout  seconds to wait for the health check (default 120)
  --json            print the deployment as JSON
${backendHelp}`;

const ROLLBACK_HELP = `Usage: ponte rollback NAME [--json]

Deploys the version NAME ran before the current one, with the deployment's strategy.
${backendHelp}`;

const UNDEPLOY_HELP = `Usage: ponte undeploy NAME [--json]

Stops deployment NAME: the route goes first (the proxy answers 503), then its containers.
${backendHelp}`;

const LIST_HELP = `Usage: ponte deployments [--json]

Every deployment: name, status, slot, model version, image, uptime, and its containers as the
Docker engine sees them (a container that died shows as such).
${backendHelp}`;

/** What a deployment needs of ponte.yaml, with the defaults the schema documents. */
export function deploySettings(config: PonteConfig, name: string): Omit<DeploySpec, 'image' | 'modelVersion'> & { repository: string } {
  const d = config.deployments.find((x) => x.name === name);
  if (!d) {
    const known = config.deployments.map((x) => x.name);
    throw new PonteError('deploy.unknown', `ponte.yaml declares no deployment "${name}"`, {
      file: config.file, hint: known.length ? `declared: ${known.join(', ')}` : 'add one under deployments, e.g. `staging: { target: docker }`',
    });
  }
  const repository = d.image ?? config.container?.image;
  if (!repository || !config.container) {
    throw new PonteError('deploy.no_image', `deployment ${name} has no image: ponte.yaml sets neither deployments.${name}.image nor container.image`, {
      file: config.file, hint: 'add `container: { dockerfile: Dockerfile, image: my-model }`',
    });
  }
  return {
    project: config.project, name, target: d.target, repository, modelName: config.model.name,
    containerPort: config.container.port, hostPort: d.port, resources: d.resources && { cpus: d.resources.cpus, memoryBytes: d.resources.memoryBytes }, health: d.health ?? config.container.health, predict: d.predict, strategy: d.strategy, env: d.env,
    monitor: config.monitor?.deployment === name ? monitorBlock(config.monitor) : undefined,
  };
}

/**
 * The monitored reference dataset's profile, stored in the backend once per dataset version (by
 * its md5), so a backend with no checkout judges drift; undefined when none is declared or the
 * file is not there yet.
 */
async function referenceProfile(api: PonteApi, config: PonteConfig, say: (s: string) => void): Promise<{ dataset: string; hash: string } | undefined> {
  const ref = config.monitor?.reference ? config.datasets.find((d) => d.name === config.monitor!.reference) : undefined;
  if (!ref) return undefined;
  const file = path.resolve(config.root, ref.path);
  if (!existsSync(file)) {
    say(`the reference dataset ${ref.path} is not there: windows are closed without drift until it is (ponte run, or ponte data pull)`);
    return undefined;
  }
  const hash = (await hashFile(file)).md5;
  if (!(await api.getReferenceProfile(ref.name, hash))) {
    say(`profiling the reference dataset ${ref.path} for drift`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the drift loaders only here
    const drift = require('../../core/drift') as typeof import('../../core/drift');
    const profile = await drift.profileDataset(file, { threads: false, inThread: drift.runLoadJob });
    await api.putReferenceProfile(ref.name, hash, drift.profileToJson(profile) as unknown as Record<string, Json>);
  }
  return { dataset: ref.name, hash };
}

function healthTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0 || s > 3600) throw new PonteError('usage.bad_arguments', '--health-timeout takes seconds, from 1 to 3600');
  return s * 1000;
}

function progress(json: boolean) {
  return (step: string) => {
    if (!json) process.stderr.write(`  ${step}\n`);
  };
}

function printDeployment(d: Deployment, json: boolean, verb: string): void {
  process.stdout.write(json ? renderJson(d) : `${d.name} ${verb}: ${d.modelName ?? '?'} v${d.modelVersion ?? '?'} (${d.image ?? '-'}), slot ${d.slot ?? '-'}, ${d.status}, upstream ${d.url ?? '-'}\n`);
}

function oneName(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new PonteError('usage.bad_arguments', `ponte ${command} takes one deployment NAME`, { hint: `e.g. ponte ${command} production` });
  return positionals[0];
}

type Args = { positionals: string[]; values: Record<string, string | boolean | undefined> };

/** One of these commands: its options on top of the common ones, run through runWithBackend. */
function command(summary: string, help: string, name: string, extra: Record<string, { type: 'string' | 'boolean' }>, body: (args: Args, api: () => Promise<PonteApi>) => Promise<number>): CliCommand {
  const options = { ...common, ...extra };
  return {
    summary,
    grammar: { options },
    run: (argv) => runWithBackend(name, argv, options, help, (args, api) => body({ positionals: args.positionals, values: args.values }, api)),
  };
}

export const deployCommand = command('deploy a model version blue/green or rolling behind a health check', DEPLOY_HELP, 'deploy', { model: { type: 'string' }, alias: { type: 'string' } }, async ({ positionals, values }, backend) => {
  const name = oneName(positionals, 'deploy');
  const choice = versionChoice({ model: values.model as string | undefined, alias: values.alias as string | undefined, deployment: name });
  const config = loadProject(process.cwd()).config;
  const s = deploySettings(config, name);
  const api = await backend();
  const version = await chooseModelVersion(api, s.modelName, choice);
  const engine = dockerEngine(s.target);
  await checkEngine(engine);
  if (s.monitor) s.monitor = monitorBlock(config.monitor!, await referenceProfile(api, config, progress(values.json === true)));
  const d = await deploy({ ...s, image: `${s.repository}:${version.version}`, modelVersion: version.version }, {
    api, engine, actor: actor(), healthTimeoutMs: healthTimeout(values['health-timeout'] as string | undefined), onStep: progress(values.json === true),
  });
  printDeployment(d, values.json === true, 'deployed');
  return 0;
});

export const rollbackCommand = command('deploy the version a deployment ran before, the same way', ROLLBACK_HELP, 'rollback', {}, async ({ positionals, values }, backend) => {
  const name = oneName(positionals, 'rollback');
  const s = deploySettings(loadProject(process.cwd()).config, name);
  const api = await backend();
  const target = await rollbackTarget(api, name);
  const engine = dockerEngine(s.target);
  await checkEngine(engine);
  const d = await deploy({ ...s, image: target.image!, modelVersion: target.modelVersion ?? 0 }, {
    api, engine, actor: actor(), healthTimeoutMs: healthTimeout(values['health-timeout'] as string | undefined), onStep: progress(values.json === true),
  });
  printDeployment(d, values.json === true, 'rolled back');
  return 0;
});

export const undeployCommand = command('stop a deployment: the route, then its containers', UNDEPLOY_HELP, 'undeploy', {}, async ({ positionals, values }, backend) => {
  const name = oneName(positionals, 'undeploy');
  const config = loadProject(process.cwd()).config;
  const api = await backend();
  const target = config.deployments.find((d) => d.name === name)?.target ?? (await currentDeployment(api, name))?.target;
  const engine = dockerEngine(target);
  await checkEngine(engine);
  printDeployment(await undeploy(api, engine, config.project, name, actor()), values.json === true, 'undeployed');
  return 0;
});

export const deploymentsCommand = command('list deployments with their status, version, slot and containers', LIST_HELP, 'deployments', {}, async ({ positionals, values }, backend) => {
  if (positionals.length) throw new PonteError('usage.bad_arguments', 'ponte deployments takes no positional arguments');
  const config = loadProject(process.cwd()).config;
  const api = await backend();
  const engine = dockerEngine(config.deployments[0]?.target);
  const reachable = await checkEngine(engine).then(() => true, () => false);
  const rows = await deploymentStatus(api, reachable ? engine : undefined, config.project);
  if (values.json === true) process.stdout.write(renderJson(rows));
  else process.stdout.write(renderStatus(rows, reachable ? undefined : engine.where));
  return 0;
});

function renderStatus(rows: DeploymentStatusRow[], unreachable?: string): string {
  if (rows.length === 0) return 'no deployments yet; deploy one with: ponte deploy NAME\n';
  const table = [['name', 'status', 'slot', 'version', 'image', 'container', 'uptime', 'req/s']];
  for (const r of rows) {
    const d = r.deployment;
    const status = d.status === 'running' && r.container !== 'running' && r.container !== 'unknown' ? `failed (container ${r.container})` : d.status;
    table.push([d.name, status, d.slot ?? '-', d.modelVersion === null ? '-' : `v${d.modelVersion}`, d.image ?? '-', r.container, r.uptimeSeconds === undefined ? '-' : uptime(r.uptimeSeconds), r.requestRate === undefined ? '-' : r.requestRate.toFixed(r.requestRate < 10 ? 2 : 0)]);
  }
  return formatTable(table) + (unreachable ? `(the Docker engine at ${unreachable} does not answer: container states unknown)\n` : '');
}

function uptime(s: number): string {
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

