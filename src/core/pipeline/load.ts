// Loading a project's pipeline for running: dvc.yaml checked as `ponte validate` checks it (errors
// stop here, with file and line), templating expanded, and the stage graph built. The file is
// parsed once: a caller that already read the project passes its checked pipeline in.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fromSystemError, PonteError } from '../errors';
import { checkPipelineText, nodeFileAccess, type CheckedPipeline, type DvcStage, type StageGroup } from '../project';
import { buildStageGraph, type StageGraph } from './graph';

export interface LoadedPipeline {
  /** The directory of dvc.yaml: paths in it and in dvc.lock are relative to it. */
  root: string;
  dvcFile: string;
  lockFile: string;
  stages: DvcStage[];
  groups: StageGroup[];
  graph: StageGraph;
}

export interface LoadPipelineOptions {
  /** The same file, already checked (by readProject); used instead of reading it again. */
  checked?: CheckedPipeline & { absFile: string };
}

/** The lock sits beside the pipeline file: `dvc.yaml` → `dvc.lock`, `x.dvc.yaml` → `x.dvc.lock`. */
export function lockFileFor(dvcFile: string): string {
  return dvcFile.replace(/\.ya?ml$/i, '.lock');
}

async function checkFile(file: string): Promise<CheckedPipeline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PonteError('pipeline.not_found', `no pipeline file at ${file}`, {
        file, hint: 'run Ponte in a project with a dvc.yaml, or name the file with --file',
      });
    }
    throw fromSystemError(e, file, 'read');
  }
  return checkPipelineText(text, { file: path.relative(process.cwd(), file) || file, fs: nodeFileAccess(path.dirname(file)) });
}

export async function loadPipeline(dvcFile: string, options: LoadPipelineOptions = {}): Promise<LoadedPipeline> {
  const file = path.resolve(dvcFile);
  const checked = options.checked?.absFile === file ? options.checked : await checkFile(file);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !checked.expanded) {
    const d = errors[0] ?? checked.diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new PonteError(`pipeline.invalid`, `${d?.message ?? 'the pipeline file could not be read'}${more}`, {
      file: d?.file ?? file, line: d && d.range.start.line + 1, column: d && d.range.start.character + 1,
      hint: `[${d?.code ?? 'internal'}] fix ${path.basename(file)} first; 'ponte validate' lists every problem`,
    });
  }
  const root = path.dirname(file);
  const { stages, groups } = checked.expanded;
  return { root, dvcFile: file, lockFile: lockFileFor(file), stages, groups, graph: buildStageGraph(stages, root) };
}
