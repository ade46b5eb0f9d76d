// The `.gitignore` line `dvc add` writes: `/name` in the `.gitignore` beside the data, so git
// ignores the data and tracks only its `.dvc` file. The file is written through the path guard.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-write';
import { fromSystemError } from '../errors';
import { prepareWrite } from '../workspace/path-guard';
import { ignoredByGit, isGitRepo } from './git';

/**
 * DVC escapes the glob characters `[]!*#?` (pathspec's escape) so the line matches only this
 * name. Ponte also escapes a backslash and a trailing space, which git would otherwise read as an
 * escape or drop (DVC's line would then match another name); a leading space needs nothing after `/`.
 */
export function gitignoreEntry(name: string): string {
  return `/${name.replace(/([\\*?[\]!#])/g, '\\$1').replace(/ $/, '\\ ')}`;
}

/**
 * Adds `/name` to `<dir>/.gitignore` unless present; returns the file when it changed. Like
 * DVC, nothing is added when a rule of the git repository at `root` already ignores the data.
 */
export async function addToGitignore(abs: string, root: string): Promise<string | undefined> {
  if (isGitRepo(root)) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (ignoredByGit(root, [rel]).length > 0) return undefined;
  }
  const file = path.join(path.dirname(abs), '.gitignore');
  const entry = gitignoreEntry(path.basename(abs));
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fromSystemError(e, file, 'read');
  }
  if (text.split(/\r?\n/).includes(entry)) return undefined;
  const sep = text && !text.endsWith('\n') ? '\n' : '';
  await writeFileAtomic(prepareWrite(root, file, { action: 'write' }), `${text}${sep}${entry}\n`);
  return file;
}
