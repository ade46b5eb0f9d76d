// Deploying a model image: start the new container next to the running one (on a free loopback
// port), wait for its health check, switch the backend's route to it in one write (the proxy
// follows at once), let the old slot drain, then stop it. Blue/green alternates two colours;
// rolling keeps one slot name. A failure before the switch removes the new container and leaves
// the old version serving; every action, failed ones too, is in the audit log.
import * as net from 'node:net';
import type Docker from 'dockerode';
import type { Deployment, Json, PonteApi } from '../api';
import { PonteError, isPonteError } from '../errors';
import { reachableBridgeUrl } from './bridge-address';
import { waitHealthy } from './health';
import { deploymentFilter, LABELS } from './labels';
import type { DockerEngine } from './docker-engine';

export type Strategy = 'rolling' | 'blue-green';

export interface DeploySpec {
  project: string;
  /** The deployment's name (`deployments.<name>` in ponte.yaml). */
  name: string;
  target: string;
  image: string;
  modelName: string;
  modelVersion: number;
  /** The port the model listens on inside the container (`container.port`). */
  containerPort: number;
  /**
   * A fixed loopback port to publish on (`deployments.<name>.port`); default: one the engine
   * picks. Two slots cannot share it, so the old slot stops first (a short gap) and is started
   * again if the new one fails.
   */
  hostPort?: number;
  health: string;
  predict: string;
  strategy: Strategy;
  env?: Record<string, string>;
  /** CPU cores (fractions allowed) and memory in bytes. */
  resources?: { cpus?: number; memoryBytes?: number };
  /**
   * ponte.yaml's monitor block when it watches this deployment (core/monitor's monitorBlock):
   * what the proxy records (`features`, `prediction`) and how the backend closes its windows.
   */
  monitor?: Record<string, Json>;
}

export interface DeployControl {
  api: PonteApi;
  engine: DockerEngine;
  actor?: string;
  /** Default 120 s: a cold Python image loading a model can take a while. */
  healthTimeoutMs?: number;
  /** How long the old slot keeps its in-flight requests after the switch. Default 2 s. */
  drainMs?: number;
  signal?: AbortSignal;
  onStep?: (step: string) => void;
}

export async function currentDeployment(api: PonteApi, name: string): Promise<Deployment | undefined> {
  try {
    return await api.getDeployment(name);
  } catch (e) {
    if (isPonteError(e) && e.code === 'api.not_found') return undefined;
    throw e;
  }
}

export async function deploy(spec: DeploySpec, c: DeployControl): Promise<Deployment> {
  const before = await currentDeployment(c.api, spec.name);
  let switched = false;
  try {
    return await deployInto(spec, c, before, () => (switched = true));
  } catch (e) {
    if (!switched) {
      await c.api
        .appendAudit({
          actor: c.actor ?? 'ponte', action: 'deploy.failed', target: `deployment:${spec.name}`,
          details: { version: spec.modelVersion, image: spec.image, reason: (e as Error).message.split('\n')[0], code: isPonteError(e) ? e.code : 'internal', kept: before?.modelVersion ?? null },
        })
        .catch(() => undefined);
    }
    throw e;
  }
}

async function deployInto(spec: DeploySpec, c: DeployControl, before: Deployment | undefined, onSwitch: () => void): Promise<Deployment> {
  const step = c.onStep ?? (() => undefined);
  const { docker } = c.engine;
  const slot = spec.strategy === 'blue-green' ? (before?.slot === 'blue' ? 'green' : 'blue') : 'main';
  try {
    await docker.getImage(spec.image).inspect();
  } catch (e) {
    throw missingImage(e, spec, c.engine);
  }
  const old = await docker.listContainers({ all: true, filters: deploymentFilter(spec.project, spec.name) });
  const holder = spec.hostPort === undefined ? undefined : old.find((o) => o.State === 'running' && o.Ports?.some((p) => p.PublicPort === spec.hostPort));
  if (spec.hostPort !== undefined && !holder && (await portInUse(spec.hostPort))) throw portTaken(spec);
  if (holder) {
    step(`stopping the old slot first: port ${spec.hostPort} cannot be shared`);
    await docker.getContainer(holder.Id).stop({ t: 10 });
  }
  const restoreHolder = async () => {
    if (!holder) return;
    step('starting the old slot again');
    await docker.getContainer(holder.Id).start().catch(() => undefined);
  };

  step(`starting ${spec.image} in slot ${slot}`);
  let container: Docker.Container;
  try {
    container = await startContainer(docker, spec, slot);
  } catch (e) {
    await restoreHolder();
    throw e;
  }
  let port: number;
  let url: string;
  let upstream: string | undefined;
  try {
    port = await publishedPort(container, spec.containerPort);
    url = `http://${c.engine.publishHost.includes(':') ? `[${c.engine.publishHost}]` : c.engine.publishHost}:${port}`;
    step(`waiting for ${url}${spec.health}`);
    await waitHealthy({ url: url + spec.health, container, timeoutMs: c.healthTimeoutMs ?? 120_000, signal: c.signal });
    if (c.signal?.aborted) throw new PonteError('deploy.cancelled', 'the deployment was cancelled before the switch');
    upstream = await reachableBridgeUrl(container, spec.containerPort, spec.health, c.engine.local);
  } catch (e) {
    await stopAndRemove(container, 0);
    await restoreHolder();
    throw e;
  }
  step(`switching ${spec.name} to v${spec.modelVersion} (${slot})`);
  const config: Record<string, Json> = {
    project: spec.project, predict: spec.predict, health: spec.health, strategy: spec.strategy, container: container.id, port,
    ...(upstream ? { upstream } : {}),
    ...(spec.monitor ? { monitor: spec.monitor } : {}),
    startedAt: new Date().toISOString(),
  };
  let after: Deployment;
  try {
    after = await c.api.upsertDeployment({
      name: spec.name, target: spec.target, status: 'running', modelName: spec.modelName, modelVersion: spec.modelVersion, image: spec.image, url, slot, config,
    });
  } catch (e) {
    // The backend went away during the switch. The old slot still runs; the new one goes. Had the
    // write committed before the backend died, the restarted backend routes to the slot that
    // still runs (reconcileDeployments), so either way the old version serves.
    await stopAndRemove(container, 0);
    throw e;
  }
  onSwitch();
  await c.api.appendAudit({
    actor: c.actor ?? 'ponte', action: 'deploy', target: `deployment:${spec.name}`,
    details: { version: spec.modelVersion, image: spec.image, slot, strategy: spec.strategy, previous: before?.modelVersion ?? null, container: container.id },
  });
  if (old.length) {
    step(`draining the old slot${old.length > 1 ? 's' : ''}`);
    await new Promise((r) => setTimeout(r, c.drainMs ?? 2000));
    for (const o of old) await stopAndRemove(docker.getContainer(o.Id));
  }
  return after;
}

async function startContainer(docker: Docker, spec: DeploySpec, slot: string): Promise<Docker.Container> {
  const portKey = `${spec.containerPort}/tcp`;
  const suffix = Date.now().toString(36);
  const container = await docker.createContainer({
    name: `ponte-${spec.project}-${spec.name}-${slot}-${suffix}`.replace(/[^a-zA-Z0-9_.-]/g, '-'),
    Image: spec.image,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: {
      [LABELS.managed]: 'true', [LABELS.project]: spec.project, [LABELS.deployment]: spec.name, [LABELS.slot]: slot,
      [LABELS.modelName]: spec.modelName, [LABELS.modelVersion]: String(spec.modelVersion),
    },
    ExposedPorts: { [portKey]: {} },
    HostConfig: {
      // An empty HostPort lets the engine pick a free one: no race with another process.
      PortBindings: { [portKey]: [{ HostIp: '127.0.0.1', HostPort: spec.hostPort === undefined ? '' : String(spec.hostPort) }] },
      ...(spec.resources?.cpus ? { NanoCpus: Math.round(spec.resources.cpus * 1e9) } : {}),
      ...(spec.resources?.memoryBytes ? { Memory: spec.resources.memoryBytes } : {}),
    },
  });
  try {
    await container.start();
  } catch (e) {
    await stopAndRemove(container, 0);
    if (spec.hostPort !== undefined && /address already in use|port is already allocated/i.test((e as Error).message)) throw portTaken(spec);
    throw new PonteError('deploy.start_failed', `the container of ${spec.image} did not start: ${(e as Error).message}`, {
      hint: 'the previous version keeps serving; check the image and the resources in ponte.yaml',
      cause: e,
    });
  }
  return container;
}

async function publishedPort(container: Docker.Container, containerPort: number): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const info = await container.inspect();
    const binding = info.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0];
    if (binding?.HostPort) return Number(binding.HostPort);
    if (!info.State.Running) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new PonteError('deploy.no_port', `the container published no port for ${containerPort}/tcp`, { hint: 'check container.port in ponte.yaml: the port the model listens on inside the image' });
}

export async function stopAndRemove(container: Docker.Container, graceSeconds = 10): Promise<void> {
  try {
    await container.stop({ t: graceSeconds });
  } catch {
    // already stopped
  }
  try {
    await container.remove({ force: true });
  } catch {
    // already gone
  }
}

function portTaken(spec: DeploySpec): PonteError {
  return new PonteError('deploy.port_taken', `port ${spec.hostPort} on 127.0.0.1, which deployments.${spec.name}.port names, is in use by another program`, {
    hint: `free the port, choose another, or leave deployments.${spec.name}.port out so the engine picks a free one`,
  });
}

/** Whether something listens on the loopback port (a bind to it fails). */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

function missingImage(e: unknown, spec: DeploySpec, engine: DockerEngine): Error {
  if ((e as { statusCode?: number }).statusCode === 404) {
    return new PonteError('deploy.image_missing', `the image ${spec.image} is not on the Docker engine at ${engine.where}`, {
      hint: `build it first: ponte build --model ${spec.modelVersion}`,
    });
  }
  return engine.error(e);
}
