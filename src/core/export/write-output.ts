// Where an export goes: stdout when no --out is given (to pipe it on), else a file inside the
// project through the path guard, written atomically, and never over an existing file unless
// --force says so.
import { lstatSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError } from '../errors';
import { prepareWrite, writeFileAtomic } from '../workspace';

export interface OutputOptions {
  /** The project root: the file must be inside it. */
  root: string;
  /** As given on the command line, relative to `cwd`; undefined or `-` = stdout. */
  out?: string;
  force: boolean;
  cwd: string;
  /** The command, for the hint: `ponte export grafana`. */
  command: string;
  stdout: (text: string) => void;
}

/** Writes the text; returns the absolute path written, or undefined for stdout. */
export async function writeExport(text: string, o: OutputOptions): Promise<string | undefined> {
  if (o.out === undefined || o.out === '-') {
    o.stdout(text);
    return undefined;
  }
  if (o.out === '') throw new PonteError('usage.bad_arguments', '--out needs a path', { hint: `e.g. ${o.command} --out monitoring/out.yaml` });
  const abs = prepareWrite(o.root, path.resolve(o.cwd, o.out), { action: 'write' });
  // `dir/` names a directory even before it exists (path.resolve drops the slash).
  if (/[\\/]$/.test(o.out) || isDirectory(abs)) {
    const dir = o.out.replace(/[\\/]+$/, '');
    throw new PonteError('export.out_is_directory', `--out ${dir}/ names a directory, not a file`, { file: dir, hint: `name the file to write in it, e.g. ${o.command} --out ${dir}/${o.command.split(' ').pop()}.${o.command.endsWith('grafana') ? 'json' : 'yaml'}` });
  }
  if (!o.force && exists(abs)) {
    throw new PonteError('export.exists', 'it already exists and is not overwritten', { file: o.out, hint: `pass --force to replace it (${o.command} --out ${o.out} --force)` });
  }
  await writeFileAtomic(abs, text);
  return abs;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
