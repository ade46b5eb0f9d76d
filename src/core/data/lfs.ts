// Git-LFS storage: datasets declared `storage: git-lfs` in ponte.yaml (as the project model reads
// it) are tracked with `git lfs track` (Debian's git-lfs) instead of the DVC cache. Arguments go as an array.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PonteError } from '../errors';
import type { PonteConfig, Storage } from '../project';

const run = promisify(execFile);

export type { Storage };

/**
 * How the project model says `rel` (repository-relative, `/`-separated) is stored: `git-lfs` when
 * a dataset declares that path so, else DVC. ponte.yaml is read once by the caller, not per path.
 */
export function datasetStorage(project: PonteConfig, rel: string): Storage {
  const declared = project.datasets.find((d) => d.path && path.posix.normalize(d.path.replace(/\\/g, '/').replace(/^\.\//, '')) === rel);
  return declared?.storage ?? 'dvc';
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
