// `data add`: hash the data into the cache, write `PATH.dvc` as DVC 3 does, ignore the data in
// git and stage the `.dvc` and `.gitignore`. Everything is checked before anything is written,
// and the `.dvc` file is written last, so it never names an object the cache lacks. The `.dvc`
// file and the `.gitignore` are written through the path guard, checked first for every path.
import { existsSync, lstatSync, readlinkSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-write';
import { PonteError, fromSystemError } from '../errors';
import { guardPath, prepareWrite } from '../workspace/path-guard';
import { objectPath, storeBytes, storeFile, syncCache } from './cache';
import { readDvcFile, serializeDvcFile, type DvcOut } from './dvc-file';
import { addToGitignore } from './gitignore';
import { gitTrackedUnder, stageFiles } from './git';
import { throwIfAborted, type JobControl } from './hash';
import { hashPath } from './hash-path';
import { datasetStorage, trackWithLfs, type Storage } from './lfs';
import { loadProject } from '../project';
import { withRepoLock } from './lock';
import { DvcIgnore } from './dvcignore';
import { findRepoRoot, openDataRepo, resolveInRepo, type DataRepo, type RepoPath } from './repo';
import { statFollowing, walkFiles, type WalkedFile } from './walk';

export interface AddOptions extends JobControl {
  cwd: string;
  paths: string[];
  /** Stage the written files with git (default true). */
  git?: boolean;
  /** How long to wait for another ponte changing the repository (default 10 s). */
  lockWaitMs?: number;
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

/** The user's path must exist; a dangling link is named as such. */
function checkExists(abs: string): void {
  let link: string | undefined;
  try {
    if (lstatSync(abs).isSymbolicLink()) link = readlinkSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fromSystemError(e, abs, 'read');
    throw new PonteError('data.not_found', 'does not exist', { file: abs, hint: 'check the path; it is relative to the current directory' });
  }
  if (link !== undefined && !existsSync(abs)) {
    try {
      statFollowing(abs); // a link loop throws its own error here
    } catch (e) {
      if (!(e instanceof PonteError) || e.code !== 'io.enoent') throw e;
    }
    throw new PonteError('data.not_found', `is a symbolic link to '${link}', which does not exist`, { file: abs, hint: 'point the link at real data, or remove it' });
  }
}

function parsesAsDvcFile(file: string): boolean {
  try {
    return readDvcFile(file).outs.length > 0;
  } catch {
    return false;
  }
}

/**
 * DVC refuses an output that overlaps another one: a path inside a tracked directory, or a
 * directory holding `.dvc` files of its own. So does Ponte, naming the other `.dvc` file.
 */
function checkOverlaps(root: string, target: RepoPath, walked: WalkedFile[] | undefined): void {
  const parts = target.rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const ancestor = parts.slice(0, i).join('/');
    const dvcFile = path.join(root, ...parts.slice(0, i)) + '.dvc';
    if (existsSync(dvcFile) && readDvcFile(dvcFile).outs.some((o) => o.path === parts[i - 1])) {
      throw new PonteError('data.overlapping_outputs', `is inside ${ancestor}, which ${ancestor}.dvc already tracks`, {
        file: target.abs,
        hint: `add the whole directory again instead ('ponte data add ${ancestor}')`,
      });
    }
  }
  const inner = walked?.find((f) => f.rel.endsWith('.dvc') && parsesAsDvcFile(f.abs));
  if (inner) {
    throw new PonteError('data.overlapping_outputs', `contains ${target.rel}/${inner.rel}, which tracks data of its own`, {
      file: inner.abs,
      hint: 'track the directory as a whole: delete the inner .dvc file (and its line in the .gitignore beside it) first',
    });
  }
}

/** DVC refuses a path its `.dvcignore` rules leave out (the path or a folder above it). */
function checkNotDvcIgnored(root: string, target: RepoPath, isDir: boolean): void {
  const parts = target.rel.split('/');
  const ignore = new DvcIgnore(root);
  ignore.loadAncestors(parts.slice(0, -1).join('/'));
  for (let i = 1; i <= parts.length; i++) {
    if (ignore.isIgnored(parts.slice(0, i).join('/'), i < parts.length || isDir)) {
      throw new PonteError('data.path_ignored', `is ignored by .dvcignore${i < parts.length ? ` (its folder ${parts.slice(0, i).join('/')} is)` : ''}`, {
        file: target.abs,
        hint: 'remove the matching rule from .dvcignore (or add a ! rule for it), then add it again',
      });
    }
  }
}

/** DVC refuses to track what git already tracks: the data would be in both. */
async function checkNotInGit(root: string, target: RepoPath): Promise<void> {
  const inGit = await gitTrackedUnder(root, target.rel);
  if (inGit.length) {
    throw new PonteError('data.tracked_by_git', `is already tracked by git (${inGit.length === 1 ? inGit[0] : `${inGit.length} files, e.g. ${inGit[0]}`})`, {
      file: target.abs,
      hint: `stop tracking it with git first: git rm -r --cached -- '${target.rel}' && git commit -m "stop tracking ${target.rel}"`,
    });
  }
}

type Target = RepoPath & { storage: Storage; walked?: WalkedFile[]; extraSource?: string[]; skippedLinks?: string[] };

/** Every check of `data add`, made for all paths before anything is written. */
async function planAdd(root: string, options: AddOptions): Promise<Target[]> {
  // Read once for all paths; a broken ponte.yaml stops here, as `ponte validate` reports it.
  const project = loadProject(root).config;
  const targets: Target[] = [];
  for (const p of options.paths) {
    const target = resolveInRepo(root, p, options.cwd, 'add');
    if (targets.some((t) => t.abs === target.abs)) continue;
    for (const written of [`${target.abs}.dvc`, path.join(path.dirname(target.abs), '.gitignore')]) guardPath(root, written, { action: 'write' });
    checkExists(target.abs);
    const dvcFile = `${target.abs}.dvc`;
    if (target.abs.endsWith('.dvc') && parsesAsDvcFile(target.abs)) {
      throw new PonteError('data.path_is_dvc_file', 'is a .dvc file; Ponte tracks the data it names, not the file itself', {
        file: target.abs,
        hint: `add the data instead: 'ponte data add ${p.slice(0, -4)}'`,
      });
    }
    const previous = existsSync(dvcFile) ? readDvcFile(dvcFile).outs.find((o) => o.path === path.basename(target.abs)) : undefined;
    // Walking a directory now finds link loops and unreadable folders before anything is written.
    const skippedLinks: string[] = [];
    const walked = statFollowing(target.abs).isDirectory()
      ? await walkFiles(target.abs, { root, ignore: new DvcIgnore(root), signal: options.signal, onSkippedLink: (abs) => skippedLinks.push(path.relative(root, abs)) })
      : undefined;
    const storage = datasetStorage(project, target.rel);
    if (storage === 'dvc') {
      checkNotDvcIgnored(root, target, walked !== undefined);
      checkOverlaps(root, target, walked);
      await checkNotInGit(root, target);
    }
    targets.push({ ...target, storage, walked, extraSource: previous?.extraSource, skippedLinks });
  }
  return targets;
}

export async function addData(options: AddOptions): Promise<AddResult[]> {
  if (options.paths.length === 0) {
    throw new PonteError('usage.missing_path', 'name at least one file or directory to add', { hint: 'ponte data add data/train.csv' });
  }
  const root = findRepoRoot(options.cwd) ?? path.resolve(options.cwd);
  const targets = await planAdd(root, options);
  const freshLayout = !existsSync(path.join(root, '.dvc'));
  const repo = await openDataRepo(root, { init: true });
  return withRepoLock(repo.dvcDir, `data add ${options.paths.join(' ')}`, () => addPlanned(repo, targets, freshLayout, options), { waitMs: options.lockWaitMs });
}

async function addPlanned(repo: DataRepo & { created: string[] }, targets: Target[], freshLayout: boolean, options: AddOptions): Promise<AddResult[]> {
  const results: AddResult[] = [];
  const toStage = [...repo.created];
  let recorded = 0;
  try {
    for (const t of targets) {
      if (t.storage === 'git-lfs') {
        await trackWithLfs(repo.root, t.rel, t.walked !== undefined);
        results.push({ path: t.rel, storage: 'git-lfs' });
        continue;
      }
      const out = await addToCache(repo, t.abs, { ...options, walked: t.walked });
      const dvcFile = `${t.abs}.dvc`;
      await writeFileAtomic(prepareWrite(repo.root, dvcFile, { action: 'write' }), serializeDvcFile([{ ...out, extraSource: t.extraSource }]));
      recorded++;
      toStage.push(path.relative(repo.root, dvcFile));
      const gitignore = await addToGitignore(t.abs, repo.root);
      if (gitignore) toStage.push(path.relative(repo.root, gitignore));
      const links = t.skippedLinks ?? [];
      const linkWarning = links.length
        ? [`${links.slice(0, 3).join(', ')}${links.length > 3 ? ` and ${links.length - 3} more` : ''}: links to directories are left out of ${t.rel}, as DVC leaves them out; copy the data in to version it`]
        : undefined;
      results.push({ path: t.rel, storage: 'dvc', dvcFile: `${t.rel}.dvc`, md5: out.md5, size: out.size, nfiles: out.nfiles, ...(linkWarning ? { warnings: linkWarning } : {}) });
    }
  } catch (e) {
    // A failure before any path was recorded leaves the repository as it was: the `dvc init`
    // layout this add created goes too (with whatever objects reached its cache).
    if (freshLayout && recorded === 0) {
      rmSync(path.join(repo.root, '.dvc'), { recursive: true, force: true });
      if (repo.created.includes('.dvcignore')) rmSync(path.join(repo.root, '.dvcignore'), { force: true });
    } else if (recorded > 0 && options.git !== false) {
      await stageFiles(repo.root, toStage).catch(() => undefined); // what was recorded is staged, as on success
    }
    throw e;
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
