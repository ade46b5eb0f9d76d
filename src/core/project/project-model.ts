// What the sidebar trees show before anything runs: the datasets, stages and deployments the
// pipeline files declare, with where each is declared. Reads ponte.yaml, the dvc.yaml it names
// (and the root dvc.yaml), and their params/vars files: nothing else, so activation stays cheap.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic, Range, SpecFileAccess } from './types';
import { nodeFileAccess } from './file-access';
import { validateText } from './validate';
import { expandDvcStages, parseDvcPipeline } from './dvc-pipeline';
import { parseYamlSource, valueOf, type LNode } from './yaml-source';

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

function str(node: LNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

export async function readProjectModel(root: string): Promise<ProjectModel> {
  const abs = resolve(root);
  const model: ProjectModel = { root: abs, dvcFiles: [], datasets: [], stages: [], deployments: [], diagnostics: [] };
  let pipelineRel = 'dvc.yaml';
  for (const name of ['ponte.yaml', 'ponte.yml']) {
    const file = join(abs, name);
    const text = await readText(file);
    if (text === undefined) continue;
    model.ponteFile = file;
    const fs = nodeFileAccess(abs);
    model.diagnostics.push(...validateText(text, { file, kind: 'ponte', fs }));
    const src = parseYamlSource(text, file);
    model.project = str(valueOf(src.root, 'project'));
    pipelineRel = str(valueOf(src.root, 'pipeline')) ?? pipelineRel;
    const datasets = valueOf(src.root, 'datasets');
    if (datasets?.kind === 'map') {
      for (const e of datasets.entries) {
        model.datasets.push({
          name: e.key,
          path: str(valueOf(e.value, 'path')) ?? '',
          storage: str(valueOf(e.value, 'storage')) === 'git-lfs' ? 'git-lfs' : 'dvc',
          file,
          range: src.rangeOf(e.keyStart, e.keyEnd),
        });
      }
    }
    const deployments = valueOf(src.root, 'deployments');
    if (deployments?.kind === 'map') {
      for (const e of deployments.entries) {
        model.deployments.push({
          name: e.key,
          target: str(valueOf(e.value, 'target')) ?? 'docker',
          strategy: str(valueOf(e.value, 'strategy')),
          file,
          range: src.rangeOf(e.keyStart, e.keyEnd),
        });
      }
    }
    break;
  }
  const candidates = [...new Set([resolve(abs, pipelineRel), join(abs, 'dvc.yaml')])];
  for (const file of candidates) {
    const text = await readText(file);
    if (text === undefined) continue;
    model.dvcFiles.push(file);
    const fs: SpecFileAccess = nodeFileAccess(dirname(file));
    model.diagnostics.push(...validateText(text, { file, kind: 'dvc', fs }));
    const expanded = expandDvcStages(parseDvcPipeline(text, file), { fs });
    for (const s of expanded.stages) {
      model.stages.push({
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
      });
    }
  }
  return model;
}
