// `data add`: hash the data into the cache, write `PATH.dvc` as DVC 3 does, ignore the data in
// git and stage the `.dvc` and `.gitignore`. Everything is checked before anything is written,
// and the `.dvc` file is written last, so it never names an object the cache lacks.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { PonteError } from '../errors';
import { objectPath, storeBytes, storeFile, syncCache } from './cache';
import { readDvcFile, serializeDvcFile, type DvcOut } from './dvc-file';
import { addToGitignore } from './gitignore';
import { stageFiles } from './git';
import { throwIfAborted, type JobControl } from './hash';
import { hashPath } from './hash-path';
import { storageFor, trackWithLfs, type Storage } from './lfs';
import { DvcIgnore } from './dvcignore';
import { findRepoRoot, openDataRepo, resolveInRepo, type DataRepo, type RepoPath } from './repo';
import { statFollowing, walkFiles, type WalkedFile } from './walk';

export interface AddOptions extends JobControl {
  cwd: string;
  paths: string[];
  /** Stage the written files with git (default true). */
  git?: boolean;
}

export interface AddResult {
  path: string;
  storage: Storage;
  dvcFile?: string;
  md5?: string;
  size?: number;
  nfiles?: number;
  /** Things the user should know that did not stop the add (e.g. git ignores the .dvc file). */
  warnings?: string[];
}

/**
 * Stores a file or directory in the cache and flushes it to disk, so whatever records the
 * returned entry next (a `.dvc` file, dvc.lock) never names an object a power cut could lose.
 */
export async function addToCache(repo: DataRepo, abs: string, control: JobControl & { walked?: WalkedFile[] } = {}): Promise<DvcOut> {
  const st = statFollowing(abs);
  const kind = 'md5';
  if (!st.isDirectory()) {
    const known = repo.state.lookup(st, kind);
    const stored = await storeFile(repo.cacheDir, abs, { ...control, expectedMd5: known, state: repo.state });
    syncCache(repo.cacheDir);
    await repo.state.flush();
    return { md5: stored.md5, size: st.size, ...(st.mode & 0o111 ? { isexec: true } : {}), hash: 'md5', path: path.basename(abs) };
  }
  const files = control.walked ?? (await walkFiles(abs, { root: repo.root, ignore: repo.ignore(), signal: control.signal }));
  const total = files.reduce((n, f) => n + f.stats.size, 0);
  let done = 0;
  for (const f of files) {
    const known = repo.state.lookup(f.stats, kind);
    if (!known || !existsSync(objectPath(repo.cacheDir, known))) {
      await storeFile(repo.cacheDir, f.abs, { ...control, expectedMd5: known, state: repo.state, progressBase: done, progressTotal: total });
    }
    done += f.stats.size;
    control.onProgress?.(done, total);
    throwIfAborted(control.signal);
  }
  // Every file is now in the state cache, so this hashes nothing; it re-checks the tree.
  const h = await hashPath(abs, { root: repo.root, ignore: repo.ignore(), state: repo.state, signal: control.signal });
  const missing = h.files!.find((f) => !existsSync(objectPath(repo.cacheDir, f.md5)));
  if (missing) {
    throw new PonteError('data.changed_while_hashing', 'changed while it was being added', {
      file: missing.abs,
      hint: 'wait until whatever writes the directory has finished, then add it again',
    });
  }
  storeBytes(repo.cacheDir, h.md5, h.dir!.bytes);
  syncCache(repo.cacheDir);
  await repo.state.flush();
  return { md5: h.md5, size: h.size, nfiles: h.nfiles, hash: 'md5', path: path.basename(abs) };
}

export async function addData(options: AddOptions): Promise<AddResult[]> {
  if (options.paths.length === 0) {
    throw new PonteError('usage.missing_path', 'name at least one file or directory to add', { hint: 'ponte data add data/train.csv' });
  }
  // Check every path, and any existing .dvc file, before writing anything.
  const root = findRepoRoot(options.cwd) ?? path.resolve(options.cwd);
  const targets: (RepoPath & { walked?: WalkedFile[]; extraSource?: string[] })[] = [];
  for (const p of options.paths) {
    const target = resolveInRepo(root, p, options.cwd);
    const dvcFile = `${target.abs}.dvc`;
    const previous = existsSync(dvcFile) ? readDvcFile(dvcFile).outs.find((o) => o.path === path.basename(target.abs)) : undefined;
    // Walking a directory now finds link loops and unreadable folders before anything is written.
    const walked = statFollowing(target.abs).isDirectory()
      ? await walkFiles(target.abs, { root, ignore: new DvcIgnore(root), signal: options.signal })
      : undefined;
    targets.push({ ...target, walked, extraSource: previous?.extraSource });
  }
  const repo = await openDataRepo(root, { init: true });
  const results: AddResult[] = [];
  const toStage = [...repo.created];
  for (const t of targets) {
    if (storageFor(repo.root, t.rel) === 'git-lfs') {
      await trackWithLfs(repo.root, t.rel);
      results.push({ path: t.rel, storage: 'git-lfs' });
      continue;
    }
    const out = await addToCache(repo, t.abs, { ...options, walked: t.walked });
    const dvcFile = `${t.abs}.dvc`;
    await writeFileAtomic(dvcFile, serializeDvcFile([{ ...out, extraSource: t.extraSource }]));
    const gitignore = await addToGitignore(t.abs);
    toStage.push(path.relative(repo.root, dvcFile));
    if (gitignore) toStage.push(path.relative(repo.root, gitignore));
    results.push({ path: t.rel, storage: 'dvc', dvcFile: `${t.rel}.dvc`, md5: out.md5, size: out.size, nfiles: out.nfiles });
  }
  if (options.git !== false) {
    const { ignored } = await stageFiles(repo.root, toStage);
    if (ignored.length) {
      const warning = `git ignores ${ignored.join(', ')} (a .gitignore rule), so it was not staged; remove the rule to version it with git`;
      for (const r of results) r.warnings = [...(r.warnings ?? []), warning];
    }
  }
  return results;
}
