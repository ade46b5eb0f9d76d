// `ponte ci generate`: the pipeline text for one CI from the project's facts, and writing it
// through the path guard, atomically, never over an existing file unless forced.
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PonteError, fromSystemError } from '../errors';
import { prepareWrite } from '../workspace';
import { renderAzure } from './azure';
import { renderGithub } from './github';
import { renderGitlab } from './gitlab';
import { CI_DEFAULT_PATHS, type CiKind } from './kinds';
import { readPipelineFacts, type PipelineFacts } from './project-facts';
import { DEFAULT_RENDER_OPTIONS, type RenderOptions } from './render-options';

const RENDERERS: Record<CiKind, (facts: PipelineFacts, options: RenderOptions) => string> = {
  github: renderGithub,
  gitlab: renderGitlab,
  azure: renderAzure,
};

export interface GeneratedPipeline {
  kind: CiKind;
  /** Relative to the root, `/`-separated. */
  file: string;
  text: string;
  facts: PipelineFacts;
}

export interface GenerateOptions {
  root: string;
  kind: CiKind;
  ponteVersion: string;
  /** Default: where the CI looks (CI_DEFAULT_PATHS). */
  out?: string;
}

export function generatePipeline(options: GenerateOptions): GeneratedPipeline {
  if (options.out === '') throw new PonteError('usage.bad_arguments', '--out needs a path', { hint: `e.g. --out ${CI_DEFAULT_PATHS[options.kind]}, or --out - to print it` });
  if (options.out !== undefined && endsWithSeparator(options.out)) throw outIsDirectory(options.out);
  const facts = readPipelineFacts(options.root);
  const text = RENDERERS[options.kind](facts, { ...DEFAULT_RENDER_OPTIONS, ponteVersion: options.ponteVersion });
  const file = path.relative(options.root, path.resolve(options.root, options.out ?? CI_DEFAULT_PATHS[options.kind])).split(path.sep).join('/');
  return { kind: options.kind, file, text, facts };
}

/**
 * Writes `text` at `file` (relative to `root`) through a temporary file. Without `force` the
 * final step is a hard link, which fails when the name exists: an existing pipeline is never
 * replaced, even by a race. With `force`, a rename replaces it whole.
 */
export async function writePipelineFile(root: string, file: string, text: string, force: boolean): Promise<string> {
  const abs = prepareWrite(root, file, { action: 'write' });
  if (endsWithSeparator(file) || isDirectory(abs)) throw outIsDirectory(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { flag: 'wx' });
    if (force) await fs.rename(tmp, abs);
    else await fs.link(tmp, abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PonteError('ci.exists', `${file} already exists; not replacing it`, {
        file, hint: 'pass --force to replace it (the editor command shows the difference first), or --out PATH to write elsewhere',
      });
    }
    throw fromSystemError(e, file, 'write');
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
  return abs;
}

/** `dir/`: the user names a directory, existing or not (path.resolve would drop the slash). */
function endsWithSeparator(p: string): boolean {
  return /[\\/]$/.test(p);
}

function outIsDirectory(file: string): PonteError {
  const dir = file.replace(/[\\/]+$/, '');
  return new PonteError('ci.out_is_directory', `--out ${dir}/ names a directory, not a file`, { file: dir, hint: `name the file to write in it, e.g. --out ${dir}/ponte-pipeline.yml` });
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
