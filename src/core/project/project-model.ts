// What the sidebar trees show before anything runs: the datasets, stages and deployments the
// pipeline files declare, with where each is declared. Takes ponte.yaml and the dvc.yaml it names
// from the one reader (read-project.ts), and the root dvc.yaml too: nothing else, so activation stays cheap.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic, Range } from './types';
import { nodeFileAccess } from './file-access';
import { checkPipelineText } from './validate';
import type { ExpandResult } from './dvc-pipeline';
import type { PonteConfig } from './ponte-config';
import { readProject, type ProjectRead } from './read-project';

export interface DatasetDecl {
  name: string;
  path: string;
  storage: 'dvc' | 'git-lfs';
  file: string;
  range: Range;
}

export interface StageDecl {
  /** Generated names for foreach/matrix: `train@us`. */
  name: string;
  /** The name under `stages:`. */
  group: string;
  /** One command, or the list of them. */
  cmd: string | string[];
  deps: string[];
  outs: string[];
  metrics: string[];
  plots: string[];
  wdir: string;
  desc?: string;
  frozen: boolean;
  file: string;
  range: Range;
}

export interface DeploymentDecl {
  name: string;
  target: string;
  strategy?: string;
  file: string;
  range: Range;
}

export interface ProjectModel {
  root: string;
  /** Absolute paths. */
  ponteFile?: string;
  dvcFiles: string[];
  project?: string;
  /** The typed ponte.yaml (defaults when there is none). */
  config?: PonteConfig;
  datasets: DatasetDecl[];
  stages: StageDecl[];
  deployments: DeploymentDecl[];
  /** The problems of those files, as validation reports them. */
  diagnostics: Diagnostic[];
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function stagesOf(file: string, expanded: ExpandResult | undefined): StageDecl[] {
  return (expanded?.stages ?? []).map((s) => ({
    name: s.name,
    group: s.group,
    cmd: s.cmd.length === 1 ? s.cmd[0] : s.cmd,
    deps: s.deps.map((d) => d.path),
    outs: s.outs.map((o) => o.path),
    metrics: s.metrics.map((m) => m.path),
    plots: s.plots.map((p) => p.path),
    wdir: s.wdir,
    desc: s.desc,
    frozen: s.frozen,
    file,
    range: s.range,
  }));
}

export async function readProjectModel(root: string): Promise<ProjectModel> {
  const abs = resolve(root);
  let read: ProjectRead;
  try {
    read = readProject(abs, { display: (f) => f });
  } catch (e) {
    // An unreadable ponte.yaml shows as one problem in the trees, not as a failed refresh.
    const file = join(abs, 'ponte.yaml');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { root: abs, ponteFile: file, dvcFiles: [], datasets: [], stages: [], deployments: [], diagnostics: [{ file, range, severity: 'error', code: 'file.unreadable', message: (e as Error).message }] };
  }
  const { config } = read;
  const file = config.file ?? join(abs, 'ponte.yaml');
  const model: ProjectModel = {
    root: abs,
    ponteFile: config.file,
    dvcFiles: [],
    project: config.file ? config.project : undefined,
    config,
    datasets: config.datasets.map((d) => ({ name: d.name, path: d.path, storage: d.storage, file, range: d.range })),
    stages: [],
    deployments: config.deployments.map((d) => ({ name: d.name, target: d.target, strategy: d.at.strategy ? d.strategy : undefined, file, range: d.range })),
    diagnostics: [...read.diagnostics],
  };
  if (read.pipeline) {
    model.dvcFiles.push(read.pipeline.absFile);
    model.diagnostics.push(...read.pipeline.diagnostics);
    model.stages.push(...stagesOf(read.pipeline.absFile, read.pipeline.expanded));
  }
  // The root dvc.yaml shows too when ponte.yaml names another pipeline file.
  const rootDvc = join(abs, 'dvc.yaml');
  if (read.pipeline?.absFile !== rootDvc) {
    const text = await readText(rootDvc);
    if (text !== undefined) {
      const checked = checkPipelineText(text, { file: rootDvc, fs: nodeFileAccess(dirname(rootDvc)) });
      model.dvcFiles.push(rootDvc);
      model.diagnostics.push(...checked.diagnostics);
      model.stages.push(...stagesOf(rootDvc, checked.expanded));
    }
  }
  return model;
}
