// Git-LFS storage: datasets declared `storage: git-lfs` in ponte.yaml are tracked with
// `git lfs track` (Debian's git-lfs) instead of the DVC cache. Arguments go as an array.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { PonteError } from '../errors';

const run = promisify(execFile);

export type Storage = 'dvc' | 'git-lfs';

export interface DeclaredDataset {
  name: string;
  /** Repository-relative, `/`-separated. */
  path: string;
  storage: Storage;
}

/** The datasets ponte.yaml declares; an unreadable ponte.yaml yields none (the validator reports it). */
export function declaredDatasets(root: string): DeclaredDataset[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path.join(root, 'ponte.yaml'), 'utf8'));
  } catch {
    return [];
  }
  const datasets = (doc as { datasets?: Record<string, { path?: unknown; storage?: unknown }> } | null)?.datasets;
  if (!datasets || typeof datasets !== 'object') return [];
  return Object.entries(datasets).flatMap(([name, d]) =>
    d && typeof d.path === 'string'
      ? [{ name, path: path.posix.normalize(d.path.replace(/^\.\//, '')), storage: d.storage === 'git-lfs' ? ('git-lfs' as const) : ('dvc' as const) }]
      : [],
  );
}

export function storageFor(root: string, rel: string): Storage {
  return declaredDatasets(root).find((d) => d.path === rel)?.storage ?? 'dvc';
}

/**
 * `git lfs track <rel>` (for a directory `<rel>/**`, since a pattern naming the directory
 * matches none of its files) then `git add .gitattributes <rel>`.
 */
export async function trackWithLfs(root: string, rel: string, isDir = false): Promise<void> {
  try {
    await run('git', ['lfs', 'install', '--local'], { cwd: root });
    await run('git', ['lfs', 'track', '--', isDir ? `${rel}/**` : rel], { cwd: root });
    await run('git', ['add', '--', '.gitattributes', rel], { cwd: root });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new PonteError('data.lfs_failed', `git lfs could not track ${rel}: ${(err.stderr || err.message).trim().split('\n')[0]}`, {
      file: rel,
      hint: "install Debian's git-lfs (`apt-get install git-lfs`) and make sure the folder is a git repository",
      cause: e,
    });
  }
}
