// A DVC repository as Ponte sees it: its root, `.dvc` directory, cache, config and state
// cache, and the user's paths resolved inside it (by the path guard).
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-write';
import { checkRepoPath } from '../workspace/path-guard';
import { PonteError, fromSystemError } from '../errors';
import { ensureDir } from './cache';
import { readDvcConfig, resolveCacheDir, type DvcConfig } from './config';
import { DvcIgnore } from './dvcignore';
import { StateCache } from './state';

export interface DataRepo {
  root: string;
  dvcDir: string;
  cacheDir: string;
  config: DvcConfig;
  state: StateCache;
  /** A fresh `.dvcignore` reader rooted at the repository. */
  ignore(): DvcIgnore;
}

/** What `dvc init` writes, byte for byte. */
export const DVC_INIT_FILES: Record<string, string> = {
  '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
  '.dvc/config': '',
  '.dvcignore': '# Add patterns of files dvc should ignore, which could improve\n# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n',
};

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest ancestor of `start` holding `.dvc/`, else the nearest holding `.git`. */
export function findRepoRoot(start: string): string | undefined {
  for (const marker of ['.dvc', '.git']) {
    let dir = path.resolve(start);
    for (;;) {
      if (marker === '.dvc' ? isDir(path.join(dir, marker)) : existsSync(path.join(dir, marker))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** Creates the `dvc init` layout where it is missing; returns the files it created. */
export async function initDvcLayout(root: string): Promise<string[]> {
  const created: string[] = [];
  try {
    ensureDir(path.join(root, '.dvc'));
  } catch (e) {
    throw fromSystemError(e, path.join(root, '.dvc'), 'create');
  }
  for (const [rel, text] of Object.entries(DVC_INIT_FILES)) {
    const file = path.join(root, rel);
    if (existsSync(file)) continue;
    await writeFileAtomic(file, text);
    created.push(rel);
  }
  return created;
}

export interface OpenRepoOptions {
  /** Create the `dvc init` layout when no `.dvc/` exists (at the git root, else at cwd). */
  init?: boolean;
}

export async function openDataRepo(cwd: string, options: OpenRepoOptions = {}): Promise<DataRepo & { created: string[] }> {
  let root = findRepoRoot(cwd);
  let created: string[] = [];
  if (!root || !isDir(path.join(root, '.dvc'))) {
    if (!options.init) {
      throw new PonteError('data.not_a_repo', `no DVC repository (a .dvc directory) at or above ${path.resolve(cwd)}`, {
        file: path.resolve(cwd),
        hint: "run 'ponte data add PATH' to start one, or 'dvc init'",
      });
    }
    root ??= path.resolve(cwd);
    created = await initDvcLayout(root);
  }
  const dvcDir = path.join(root, '.dvc');
  const config = readDvcConfig(dvcDir);
  const cacheDir = resolveCacheDir(config, dvcDir);
  const state = StateCache.open(path.join(dvcDir, 'tmp', 'ponte-state'));
  const repoRoot = root;
  return { root, dvcDir, cacheDir, config, state, created, ignore: () => new DvcIgnore(repoRoot) };
}

export interface RepoPath {
  abs: string;
  /** `/`-separated, relative to the root. */
  rel: string;
}

/** Resolves a user's path against cwd; the path guard refuses anything outside the repository or in .git/.dvc. */
export function resolveInRepo(root: string, userPath: string, cwd: string, action = 'use'): RepoPath {
  return checkRepoPath(root, userPath, { action, base: cwd });
}
