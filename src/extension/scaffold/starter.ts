// The starter ponte.yaml that "Ponte: Create ponte.yaml" writes, and the exclusive write that
// never replaces a file already there. Free of `vscode`, so both are unit-tested directly.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fromSystemError, PonteError } from '../../core/errors';

export interface StarterOptions {
  /** The project name: the folder name, made YAML-safe. */
  project: string;
  /** A dvc.yaml already in the folder becomes `pipeline:`. */
  hasDvcYaml: boolean;
}

/** A minimal, valid ponte.yaml; the rest of the loop is shown commented out, ready to fill in. */
export function starterPonteYaml(options: StarterOptions): string {
  const name = options.project.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-project';
  return [
    '# Ponte: the MLOps loop around this project. Hover a key for its documentation.',
    'version: 1',
    `project: ${name}`,
    options.hasDvcYaml ? 'pipeline: dvc.yaml' : '# pipeline: dvc.yaml          # the stages, in DVC\'s syntax',
    '',
    '# datasets:',
    '#   train:',
    '#     path: data/train.csv',
    '#     storage: dvc            # dvc | git-lfs',
    '# tests:',
    '#   command: python3 -m pytest tests',
    '#   junit: reports/junit.xml',
    '# gates:',
    '#   metrics: metrics.json',
    '#   rules:',
    '#     accuracy: ">= 0.85"',
    '# model: { path: models/model.pkl }',
    '# deployments:',
    '#   staging: { target: docker, predict: /predict }',
    '',
  ].join('\n');
}

/**
 * Writes `file` only if nothing is there: the text goes to a temporary file first and is linked
 * into place, so a crash never leaves half a file and an existing file is never replaced.
 */
export async function writeNewFile(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { flag: 'wx' });
    await fs.link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PonteError('scaffold.exists', `${file} already exists; it was left as it is`, {
        file,
        hint: 'open it and edit it instead',
      });
    }
    throw fromSystemError(e, file, 'create');
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
