// What the three views show from the pipeline files alone: the declared datasets, the pipeline's
// stages (runs come later from the pipeline feature) and the declared deployments. Plain data,
// so unit tests check it without the editor. With several workspace roots, each root is a group.
import * as path from 'node:path';
import { detectKind, type DatasetDecl, type DeploymentDecl, type ProjectModel, type SpecKind, type StageDecl } from '../spec';
import type { PonteNode } from './node';

export const nodeKinds = {
  root: 'ponte.root',
  dataset: 'ponte.dataset',
  stage: 'ponte.stage',
  deployment: 'ponte.deployment',
  problem: 'ponte.problem',
  stagePath: 'ponte.stagePath',
  stageGroup: 'ponte.stageGroup',
} as const;

/** A view's rows for one workspace root. */
type RootRows = (m: ProjectModel) => PonteNode[];

function rowsOf(models: readonly ProjectModel[], parent: PonteNode | undefined, rootRows: RootRows, view: string): PonteNode[] {
  if (parent === undefined) {
    if (models.length === 1) return rootRows(models[0]);
    return models.flatMap((m): PonteNode[] => {
      const rows = rootRows(m);
      if (rows.length === 0) return [];
      const count = rows.filter((r) => r.kind !== nodeKinds.problem).length;
      const label = path.basename(m.root);
      return [{ id: `${view}:${m.root}`, kind: nodeKinds.root, label, description: `${count}`, tooltip: m.root, icon: 'root-folder', children: 'expanded', data: m }];
    });
  }
  if (parent.kind === nodeKinds.root && parent.id.startsWith(`${view}:`)) return rootRows(parent.data as ProjectModel);
  return [];
}

export function datasetRows(models: readonly ProjectModel[], parent: PonteNode | undefined): PonteNode[] {
  return rowsOf(models, parent, (m) => [...problemRows(m, 'ponte', 'datasets'), ...m.datasets.map((d) => datasetRow(m, d))], 'datasets');
}

export function stageRows(models: readonly ProjectModel[], parent: PonteNode | undefined): PonteNode[] {
  if (parent?.kind === nodeKinds.stageGroup) {
    const { model, stages } = parent.data as { model: ProjectModel; stages: StageDecl[] };
    return stages.map((s) => stageRow(model, s));
  }
  return rowsOf(models, parent, (m) => [...problemRows(m, 'dvc', 'stages'), ...stageGroupRows(m)], 'stages');
}

/** A foreach/matrix stage expands to many (`train@us`, `train@eu`): they sit under one group row. */
function stageGroupRows(m: ProjectModel): PonteNode[] {
  const groups = new Map<string, StageDecl[]>();
  for (const s of m.stages) {
    const key = `${s.file}\0${s.group}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((stages) => {
    const [first] = stages;
    if (stages.length === 1 && first.name === first.group) return stageRow(m, first);
    return {
      id: `stageGroup:${m.root}:${first.file}:${first.group}`,
      kind: nodeKinds.stageGroup,
      label: first.group,
      description: `${stages.length} stage${stages.length === 1 ? '' : 's'}${first.desc ? ` · ${first.desc}` : ''}`,
      tooltip: `**${first.group}**: foreach/matrix, expanded to ${stages.map((s) => `\`${s.name}\``).join(', ')}`,
      icon: 'layers',
      children: 'collapsed',
      location: { file: path.resolve(m.root, first.file), range: first.range },
      data: { model: m, stages },
    };
  });
}

export function deploymentRows(models: readonly ProjectModel[], parent: PonteNode | undefined): PonteNode[] {
  return rowsOf(models, parent, (m) => [...problemRows(m, 'ponte', 'deployments'), ...m.deployments.map((d) => deploymentRow(m, d))], 'deployments');
}

/**
 * One row when the file a view is built from has errors, so a view that looks empty or short
 * says why; clicking it goes to the first error.
 */
function problemRows(m: ProjectModel, kind: SpecKind, view: string): PonteNode[] {
  const errors = m.diagnostics.filter((d) => d.severity === 'error' && detectKind(d.file) === kind);
  if (errors.length === 0) return [];
  const first = errors[0];
  const file = path.resolve(m.root, first.file);
  return [
    {
      id: `problem:${view}:${m.root}`,
      kind: nodeKinds.problem,
      label: `${path.basename(file)} has ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      description: first.message,
      tooltip: errors.slice(0, 10).map((d) => `- line ${d.range.start.line + 1}: ${d.message}`).join('\n'),
      icon: 'warning',
      location: { file, range: first.range },
    },
  ];
}

/** Under a stage row: what it reads and writes, so the pipeline's data flow shows without opening dvc.yaml. */
export function stagePathRows(parent: PonteNode | undefined): PonteNode[] {
  if (parent?.kind !== nodeKinds.stage) return [];
  const { root, stage } = parent.data as { root: string; stage: StageDecl };
  // DVC paths are relative to the stage's wdir, itself relative to its dvc.yaml.
  const file = (p: string) => path.resolve(root, path.dirname(stage.file), stage.wdir || '.', p);
  const rows = (role: string, icon: string, paths: string[]) =>
    paths.map((p): PonteNode => ({
      id: `${parent.id}:${role}:${p}`,
      kind: nodeKinds.stagePath,
      label: p,
      description: role,
      icon,
      resource: file(p),
      command: { command: 'ponte.openFile', title: 'Open File', arguments: [file(p)] },
      data: { root, stage: stage.name, role, path: p },
    }));
  return [...rows('dep', 'arrow-right', stage.deps), ...rows('out', 'arrow-left', stage.outs), ...rows('metric', 'graph', stage.metrics)];
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
    description: `${s.frozen ? '(frozen) ' : ''}${s.desc ?? cmd}`,
    tooltip: `**${s.name}**${s.desc ? `: ${s.desc}` : ''}\n\n\`${cmd}\`${list('deps', s.deps)}${list('outs', s.outs)}${list('metrics', s.metrics)}\n\ndeclared in ${relative(m, s.file)}:${s.range.start.line + 1}`,
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
