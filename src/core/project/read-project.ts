// The one reader of ponte.yaml: reads it (or ponte.yml) once, checks it as `ponte validate` does,
// checks the pipeline file it names once (parsed and expanded, for `ponte run` and the trees), and
// returns the diagnostics beside the typed config. `loadProject` stops at the first error.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fromSystemError, PonteError } from '../errors';
import type { Diagnostic } from './types';
import { nodeFileAccess } from './file-access';
import { buildPonteConfig, type PonteConfig } from './ponte-config';
import { checkPipelineText, checkText, type CheckedPipeline } from './validate';
import { pipelineFileOf } from './ponte-checks';
import { parseYamlSource } from './yaml-source';

export const PONTE_FILE_NAMES = ['ponte.yaml', 'ponte.yml'] as const;

export interface ProjectRead {
  /** The problems of ponte.yaml, exactly as `ponte validate` reports them. */
  diagnostics: Diagnostic[];
  config: PonteConfig;
  /** The pipeline file `config.pipeline` names, checked once; undefined when it does not exist. */
  pipeline?: CheckedPipeline & { absFile: string };
}

export interface ReadProjectOptions {
  /** How files are named in diagnostics; default: relative to the working directory. */
  display?: (abs: string) => string;
}

function readIfPresent(file: string, display: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fromSystemError(e, display, 'read');
  }
}

export function displayFromCwd(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/** Never throws on the files' content; an unreadable (not absent) ponte.yaml is a PonteError. */
export function readProject(root: string, options: ReadProjectOptions = {}): ProjectRead {
  const abs = path.resolve(root);
  const display = options.display ?? displayFromCwd;
  let file: string | undefined;
  let text: string | undefined;
  for (const name of PONTE_FILE_NAMES) {
    const candidate = path.join(abs, name);
    text = readIfPresent(candidate, display(candidate));
    if (text !== undefined) {
      file = candidate;
      break;
    }
  }
  const source = file && text !== undefined ? parseYamlSource(text, display(file)) : undefined;
  const pipelineRel = pipelineFileOf(source?.root);
  const pipelineAbs = path.resolve(abs, pipelineRel);
  const pipelineText = readIfPresent(pipelineAbs, display(pipelineAbs));
  const pipeline =
    pipelineText === undefined
      ? undefined
      : { ...checkPipelineText(pipelineText, { file: display(pipelineAbs), fs: nodeFileAccess(path.dirname(pipelineAbs)) }), absFile: pipelineAbs };
  const checked =
    file && text !== undefined
      ? checkText(text, {
          file: display(file),
          kind: 'ponte',
          fs: nodeFileAccess(abs),
          source,
          pipeline: pipeline && { ...pipeline, file: pipelineRel },
        })
      : { diagnostics: [] };
  const config = buildPonteConfig(source, { root: abs, file, resolve: (p) => path.resolve(abs, p), dirName: path.basename(abs) });
  return { diagnostics: checked.diagnostics, config, pipeline };
}

/** For commands: the project, or the first error of ponte.yaml as `ponte validate` prints it. */
export function loadProject(root: string, options: ReadProjectOptions = {}): ProjectRead {
  const read = readProject(root, options);
  const errors = read.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw errorOf(errors);
  return read;
}

/** The first error as a PonteError with the diagnostic's own code, file, line and column. */
export function errorOf(errors: Diagnostic[]): PonteError {
  const d = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const fix = d.suggestions?.length && !d.message.includes('did you mean') ? `did you mean ${d.suggestions.slice(0, 3).map((s) => `"${s}"`).join(' or ')}? ` : '';
  return new PonteError(d.code, `${d.message}${more}`, {
    file: d.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    hint: `${fix}fix ${path.basename(d.file)} first; 'ponte validate' lists every problem`,
  });
}
