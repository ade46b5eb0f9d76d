// Loading a project's pipeline for running: dvc.yaml validated (errors stop here, with file and
// line), templating expanded by core/project, and the stage graph built.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fromSystemError, PonteError } from '../errors';
import { expandDvcStages, parseDvcPipeline, validateText, type DvcStage, type StageGroup } from '../project';
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

/** The lock sits beside the pipeline file: `dvc.yaml` → `dvc.lock`, `x.dvc.yaml` → `x.dvc.lock`. */
export function lockFileFor(dvcFile: string): string {
  return dvcFile.replace(/\.ya?ml$/i, '.lock');
}

export async function loadPipeline(dvcFile: string): Promise<LoadedPipeline> {
  const file = path.resolve(dvcFile);
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
  const shown = path.relative(process.cwd(), file) || file;
  const errors = validateText(text, { file: shown, kind: 'dvc' }).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const d = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new PonteError(`pipeline.invalid`, `${d.message}${more}`, {
      file: shown, line: d.range.start.line + 1, column: d.range.start.character + 1,
      hint: `[${d.code}] fix dvc.yaml first; 'ponte validate' lists every problem`,
    });
  }
  const root = path.dirname(file);
  const parsed = parseDvcPipeline(text, shown);
  const expanded = expandDvcStages(parsed, { dir: root });
  const bad = expanded.diagnostics.find((d) => d.severity === 'error');
  if (bad) {
    throw new PonteError('pipeline.invalid', bad.message, {
      file: shown, line: bad.range.start.line + 1, column: bad.range.start.character + 1, hint: `[${bad.code}] fix dvc.yaml or params.yaml first`,
    });
  }
  return {
    root, dvcFile: file, lockFile: lockFileFor(file), stages: expanded.stages, groups: expanded.groups,
    graph: buildStageGraph(expanded.stages, root),
  };
}
