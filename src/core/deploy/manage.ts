// The rest of a deployment's life: rollback to the version before, undeploy, the live status of
// every deployment (from the backend and the engine together), and reconciling the backend with
// what actually runs after a restart (containers found by their labels; a dead one is `failed`).
import type { Deployment, DeploymentChange, Json, PonteApi } from '../api';
import { PonteError } from '../errors';
import { reachableBridgeUrl } from './bridge-address';
import { currentDeployment, stopAndRemove } from './deploy';
import type { DockerEngine } from './docker-engine';
import { deploymentFilter, LABELS } from './labels';

/** The last state before the current one that ran another version (or image): what a rollback restores. */
export function previousVersion(history: DeploymentChange[], current: Deployment): Deployment | undefined {
  return history
    .map((h) => h.state)
    .find((s) => s.status === 'running' && s.image && (s.modelVersion !== current.modelVersion || s.image !== current.image));
}

export async function rollbackTarget(api: PonteApi, name: string): Promise<Deployment> {
  const current = await currentDeployment(api, name);
  if (!current) throw new PonteError('deploy.unknown', `deployment ${name} has never been deployed`, { hint: `deploy it first: ponte deploy ${name}` });
  const previous = previousVersion(await api.deploymentHistory(name), current);
  if (!previous) {
    throw new PonteError('deploy.no_previous', `deployment ${name} has no earlier version to roll back to`, { hint: 'deploy another version with ponte deploy NAME --model VERSION' });
  }
  return previous;
}

export async function undeploy(api: PonteApi, engine: DockerEngine, project: string, name: string, actor = 'ponte'): Promise<Deployment> {
  const current = await currentDeployment(api, name);
  const containers = await engine.docker.listContainers({ all: true, filters: deploymentFilter(project, name) });
  if (!current && containers.length === 0) throw new PonteError('deploy.unknown', `deployment ${name} is not deployed`, { hint: 'list them: ponte deployments' });
  // The route goes first, so no request is sent to a container being stopped.
  const after = await api.upsertDeployment({ name, status: 'stopped' });
  for (const c of containers) await stopAndRemove(engine.docker.getContainer(c.Id));
  await api.appendAudit({ actor, action: 'undeploy', target: `deployment:${name}`, details: { version: current?.modelVersion ?? null, containers: containers.length } });
  return after;
}

export interface DeploymentStatusRow {
  deployment: Deployment;
  /** What the engine says of the live slot's container: running, exited, missing. */
  container: 'running' | 'exited' | 'missing' | 'unknown';
  /** Seconds since the live container started. */
  uptimeSeconds?: number;
  /** Requests a second through the proxy over the last minute (at most 1,000 counted). */
  requestRate?: number;
  containers: { id: string; slot: string; state: string; version: string }[];
}

export async function deploymentStatus(api: PonteApi, engine: DockerEngine | undefined, project: string): Promise<DeploymentStatusRow[]> {
  const deployments = await api.listDeployments();
  const containers = engine ? await engine.docker.listContainers({ all: true, filters: deploymentFilter(project) }) : undefined;
  const since = new Date(Date.now() - 60_000).toISOString();
  const rates = new Map<string, number>();
  for (const d of deployments) {
    if (d.status !== 'running') continue;
    const page = await api.listPredictions({ deployment: d.name, since, limit: 1000 }).catch(() => undefined);
    if (page) rates.set(d.name, page.items.length / 60);
  }
  return deployments.map((d) => {
    const mine = (containers ?? []).filter((c) => c.Labels[LABELS.deployment] === d.name);
    const live = mine.find((c) => c.Id === d.config.container);
    const rows = mine.map((c) => ({ id: c.Id.slice(0, 12), slot: c.Labels[LABELS.slot] ?? '-', state: c.State, version: c.Labels[LABELS.modelVersion] ?? '-' }));
    const started = typeof d.config.startedAt === 'string' ? Date.parse(d.config.startedAt) : NaN;
    return {
      deployment: d,
      container: !containers ? 'unknown' : !live ? 'missing' : live.State === 'running' ? 'running' : 'exited',
      uptimeSeconds: live?.State === 'running' && Number.isFinite(started) ? Math.max(0, Math.round((Date.now() - started) / 1000)) : undefined,
      requestRate: rates.get(d.name),
      containers: rows,
    };
  });
}

/**
 * After a backend restart, and every so often: a running deployment whose live container is gone
 * or stopped is routed to another running container of it (found by its labels: the slot a failed
 * switch left serving), else it becomes `failed`. Returns the names that failed.
 */
export async function reconcileDeployments(api: PonteApi, engine: DockerEngine, project?: string): Promise<string[]> {
  const failed: string[] = [];
  for (const d of await api.listDeployments()) {
    if (d.status !== 'running' || typeof d.config.container !== 'string') continue;
    const owner = typeof d.config.project === 'string' ? d.config.project : undefined;
    if (project && owner && owner !== project) continue;
    let running = false;
    try {
      running = (await engine.docker.getContainer(d.config.container).inspect()).State.Running;
    } catch {
      running = false;
    }
    if (running) continue;
    const others = owner ? (await engine.docker.listContainers({ filters: deploymentFilter(owner, d.name) })).filter((c) => c.State === 'running') : [];
    const survivor = others.sort((a, b) => b.Created - a.Created)[0];
    if (survivor) {
      const info = await engine.docker.getContainer(survivor.Id).inspect();
      const containerPort = Object.keys(info.Config.ExposedPorts ?? {})[0];
      const port = containerPort ? Number(info.NetworkSettings.Ports?.[containerPort]?.[0]?.HostPort) : NaN;
      if (Number.isFinite(port)) {
        const labels = info.Config.Labels ?? {};
        const version = Number(labels[LABELS.modelVersion]);
        const health = typeof d.config.health === 'string' ? d.config.health : '/health';
        const upstream = await reachableBridgeUrl(engine.docker.getContainer(survivor.Id), Number(containerPort.split('/')[0]), health, engine.local);
        await api.upsertDeployment({
          name: d.name, status: 'running', url: `http://${engine.publishHost.includes(':') ? `[${engine.publishHost}]` : engine.publishHost}:${port}`,
          slot: labels[LABELS.slot], image: info.Config.Image, ...(Number.isFinite(version) ? { modelVersion: version } : {}),
          config: { ...withoutUpstream(d.config), container: survivor.Id, port, startedAt: info.State.StartedAt, ...(upstream ? { upstream } : {}) },
        });
        await api.appendAudit({ actor: 'ponte serve', action: 'deploy.recovered', target: `deployment:${d.name}`, details: { lost: d.config.container, container: survivor.Id, version: Number.isFinite(version) ? version : null } });
        continue;
      }
    }
    await api.upsertDeployment({ name: d.name, status: 'failed' });
    await api.appendAudit({ actor: 'ponte serve', action: 'deploy.lost', target: `deployment:${d.name}`, details: { container: d.config.container, version: d.modelVersion } });
    failed.push(d.name);
  }
  return failed;
}

/** The survivor has its own bridge address: the lost container's must not carry over. */
function withoutUpstream(config: Record<string, Json>): Record<string, Json> {
  const { upstream: _lost, ...rest } = config;
  return rest;
}
