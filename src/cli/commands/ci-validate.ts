// `ponte validate`'s part for CI files: besides ponte.yaml and dvc.yaml it finds the CI files at
// each searched root (or takes the ones named) and checks their `ponte` lines against the grammar
// the command table itself declares, so a new command or option is known here at once.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { commands } from '../commands';
import { checkCiFiles, findCiFiles, isCiFile, type CliGrammar } from '../../core/ci';
import { validatePaths, type SpecKind, type ValidatePathsResult } from '../../core/project';

/** Every command of the table with the grammar it declares. */
export function cliGrammar(): CliGrammar {
  return Object.fromEntries(Object.entries(commands).map(([name, load]) => [name, load().grammar]));
}

function kindOfPath(abs: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(abs);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** validatePaths, plus the CI files among or at the roots of `paths` (none when --kind forces a kind). */
export function validateWithCiFiles(paths: string[], options: { cwd: string; kind?: SpecKind }): ValidatePathsResult {
  if (options.kind) return validatePaths(paths, options);
  const ciFiles: string[] = [];
  const specPaths: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(options.cwd, p);
    const kind = kindOfPath(abs);
    if (kind === 'file' && isCiFile(abs)) ciFiles.push(abs);
    else {
      specPaths.push(p);
      if (kind === 'dir') ciFiles.push(...findCiFiles(abs));
    }
  }
  const specs = specPaths.length ? validatePaths(specPaths, options) : { files: [], diagnostics: [] };
  if (ciFiles.length === 0) return specs;
  const display = (abs: string) => {
    const rel = path.relative(options.cwd, abs);
    return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : abs;
  };
  const unique = [...new Set(ciFiles)];
  const diagnostics = checkCiFiles(unique, { grammar: cliGrammar(), display });
  return { files: [...specs.files, ...unique.map(display)], diagnostics: [...specs.diagnostics, ...diagnostics] };
}
