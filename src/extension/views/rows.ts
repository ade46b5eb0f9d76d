// What the three views show from the pipeline files alone: the declared datasets, the pipeline's
// stages (runs come later from the pipeline feature) and the declared deployments. Plain data,
// so unit tests check it without the editor. With several workspace roots, each root is a group.
import * as path from 'node:path';
import type { DatasetDecl, DeploymentDecl, ProjectModel, StageDecl } from '../spec';
import type { PonteNode } from './node';

export const nodeKinds = {
  root: 'ponte.root',
  dataset: 'ponte.dataset',
  stage: 'ponte.stage',
  deployment: 'ponte.deployment',
} as const;

type Select<T> = (m: ProjectModel) => T[];
type Row<T> = (m: ProjectModel, decl: T) => PonteNode;

function rowsOf<T>(models: readonly ProjectModel[], parent: PonteNode | undefined, pick: Select<T>, row: Row<T>, view: string): PonteNode[] {
  const withRows = models.filter((m) => pick(m).length > 0);
  if (parent === undefined) {
    if (withRows.length === 1 && models.length === 1) return pick(withRows[0]).map((d) => row(withRows[0], d));
    return withRows.map((m) => ({
      id: `${view}:${m.root}`,
      kind: nodeKinds.root,
      label: path.basename(m.root),
      description: `${pick(m).length}`,
      tooltip: m.root,
      icon: 'root-folder',
      children: 'expanded',
      data: m,
    }));
  }
  if (parent.kind === nodeKinds.root && parent.id.startsWith(`${view}:`)) {
    const m = parent.data as ProjectModel;
    return pick(m).map((d) => row(m, d));
  }
  return [];
}

export function datasetRows(models: readonly ProjectModel[], parent: PonteNode | undefined): PonteNode[] {
  return rowsOf(models, parent, (m) => m.datasets, datasetRow, 'datasets');
}

export function stageRows(models: readonly ProjectModel[], parent: PonteNode | undefined): PonteNode[] {
  return rowsOf(models, parent, (m) => m.stages, stageRow, 'stages');
}

export function deploymentRows(models: readonly ProjectModel[], parent: PonteNode | undefined): PonteNode[] {
  return rowsOf(models, parent, (m) => m.deployments, deploymentRow, 'deployments');
}

function datasetRow(m: ProjectModel, d: DatasetDecl): PonteNode {
  return {
    id: `dataset:${m.root}:${d.name}`,
    kind: nodeKinds.dataset,
    label: d.name,
    description: `${d.path} · ${d.storage}`,
    tooltip: `**${d.name}**\n\npath: \`${d.path}\`\n\nstorage: ${d.storage}\n\ndeclared in ${relative(m, d.file)}:${d.range.start.line + 1}`,
    icon: 'database',
    resource: path.resolve(m.root, d.path),
    location: { file: path.resolve(m.root, d.file), range: d.range },
    data: { root: m.root, dataset: d },
  };
}

function stageRow(m: ProjectModel, s: StageDecl): PonteNode {
  const cmd = Array.isArray(s.cmd) ? s.cmd.join(' && ') : s.cmd;
  const list = (title: string, xs: string[]) => (xs.length ? `\n\n${title}: ${xs.map((x) => `\`${x}\``).join(', ')}` : '');
  return {
    id: `stage:${m.root}:${s.file}:${s.name}`,
    kind: nodeKinds.stage,
    label: s.name,
    description: cmd,
    tooltip: `**${s.name}**\n\n\`${cmd}\`${list('deps', s.deps)}${list('outs', s.outs)}${list('metrics', s.metrics)}\n\ndeclared in ${relative(m, s.file)}:${s.range.start.line + 1}`,
    icon: 'symbol-event',
    location: { file: path.resolve(m.root, s.file), range: s.range },
    data: { root: m.root, stage: s },
  };
}

function deploymentRow(m: ProjectModel, d: DeploymentDecl): PonteNode {
  return {
    id: `deployment:${m.root}:${d.name}`,
    kind: nodeKinds.deployment,
    label: d.name,
    description: d.strategy ? `${d.target} · ${d.strategy}` : d.target,
    tooltip: `**${d.name}**\n\ntarget: ${d.target}${d.strategy ? `\n\nstrategy: ${d.strategy}` : ''}\n\ndeclared in ${relative(m, d.file)}:${d.range.start.line + 1}`,
    icon: 'server',
    location: { file: path.resolve(m.root, d.file), range: d.range },
    data: { root: m.root, deployment: d },
  };
}

function relative(m: ProjectModel, file: string): string {
  return path.relative(m.root, path.resolve(m.root, file)) || file;
}
