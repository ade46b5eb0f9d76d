// The Deployments view's rows as plain data: each deployment ponte.yaml declares (or the backend
// knows), live: status, slot colour, model version, image, uptime and request rate; under it its
// container and its history. Pure, so the rows are tested without the editor.
import type { Deployment, DeploymentChange } from '../../core/api';
import type { PonteNode } from '../views/node';
import { nodeKinds } from '../views/rows';

export const deploymentKinds = {
  deployment: nodeKinds.deployment,
  container: 'ponte.deploymentContainer',
  history: 'ponte.deploymentHistory',
  change: 'ponte.deploymentChange',
  notice: 'ponte.deploymentNotice',
} as const;

export interface LiveDeployment {
  deployment: Deployment;
  /** Requests a second through the proxy over the last minute. */
  rate?: number;
}

export interface DeploymentRowData {
  root?: string;
  name: string;
  live?: Deployment;
}

const STATUS_ICON: Record<string, { icon: string; color?: string }> = {
  running: { icon: 'vm-running' },
  pending: { icon: 'loading~spin' },
  stopped: { icon: 'debug-stop', color: 'disabledForeground' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
};
const SLOT_COLOR: Record<string, string> = { blue: 'charts.blue', green: 'charts.green', main: 'testing.iconPassed' };

export function uptimeText(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 360) / 10}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** A declared deployment's row made live, or a live one ponte.yaml no longer declares. */
export function liveRow(base: PonteNode | undefined, name: string, live: LiveDeployment | undefined, now: number, root?: string): PonteNode {
  const row: PonteNode = base
    ? { ...base }
    : { id: `deployment:live:${name}`, kind: deploymentKinds.deployment, label: name, icon: 'server', tooltip: `**${name}**\n\nknown to the backend; not declared in ponte.yaml` };
  const data: DeploymentRowData = { ...((base?.data as object | undefined) ?? {}), root, name, live: live?.deployment };
  row.data = data;
  if (!live) {
    row.description = `${base?.description ?? 'docker'} · not deployed`;
    return row;
  }
  const d = live.deployment;
  const started = typeof d.config.startedAt === 'string' ? Date.parse(d.config.startedAt) : NaN;
  const parts = [
    d.modelVersion === null ? undefined : `v${d.modelVersion}`,
    d.status === 'running' ? d.slot ?? undefined : d.status,
    d.status === 'running' && Number.isFinite(started) ? `up ${uptimeText((now - started) / 1000)}` : undefined,
    d.status === 'running' && live.rate !== undefined ? `${live.rate < 10 ? live.rate.toFixed(1) : Math.round(live.rate)} req/s` : undefined,
  ].filter(Boolean);
  row.description = parts.join(' · ');
  const look = STATUS_ICON[d.status] ?? { icon: 'server' };
  row.icon = look.icon;
  row.iconColor = d.status === 'running' ? SLOT_COLOR[d.slot ?? 'main'] ?? SLOT_COLOR.main : look.color;
  row.children = 'collapsed';
  row.tooltip = [
    `**${name}**: ${d.status}`,
    `model ${d.modelName ?? '?'} v${d.modelVersion ?? '?'}`,
    `image \`${d.image ?? '-'}\``,
    d.slot ? `slot ${d.slot}` : undefined,
    d.url ? `upstream ${d.url}` : undefined,
    row.tooltip && base ? `\n${row.tooltip}` : undefined,
  ].filter(Boolean).join('\n\n');
  return row;
}

/** Under a live deployment: its container, and its history (collapsed). */
export function deploymentChildRows(parent: PonteNode): PonteNode[] {
  const data = parent.data as DeploymentRowData | undefined;
  const d = data?.live;
  if (!d) return [];
  const rows: PonteNode[] = [];
  if (typeof d.config.container === 'string' && d.status === 'running') {
    rows.push({
      id: `${parent.id}:container`, kind: deploymentKinds.container, label: (d.config.container).slice(0, 12),
      description: `${d.slot ?? 'main'} · ${d.image ?? ''}${typeof d.config.port === 'number' ? ` · 127.0.0.1:${d.config.port}` : ''}`,
      icon: 'package', tooltip: `container ${d.config.container}\n\nimage \`${d.image}\``, data: { ...data, container: d.config.container },
    });
  }
  rows.push({ id: `${parent.id}:history`, kind: deploymentKinds.history, label: 'History', icon: 'history', children: 'collapsed', data });
  return rows;
}

export function historyRows(parent: PonteNode, history: DeploymentChange[]): PonteNode[] {
  if (history.length === 0) return [{ id: `${parent.id}:none`, kind: deploymentKinds.notice, label: 'no changes recorded', icon: 'info' }];
  return history.map((h) => ({
    id: `${parent.id}:${h.id}`, kind: deploymentKinds.change,
    label: `${h.state.status}${h.state.modelVersion !== null ? ` v${h.state.modelVersion}` : ''}${h.state.slot ? ` (${h.state.slot})` : ''}`,
    description: h.timestamp.slice(0, 19).replace('T', ' '),
    icon: h.state.status === 'failed' ? 'error' : h.state.status === 'stopped' ? 'debug-stop' : 'circle-small-filled',
    tooltip: `${h.action} at ${h.timestamp}\n\nimage \`${h.state.image ?? '-'}\``,
  }));
}
