// Finds what a repository tracks: its `.dvc` files and each output they name, resolved to a
// path in the workspace (inside the repository, never in .git or .dvc), optionally as recorded
// at a git revision.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError } from '../errors';
import { parseDvcFile, readDvcFile, isLegacyOut, type DvcOut } from './dvc-file';
import { DvcIgnore } from './dvcignore';
import { dvcFilesAtRev, showAtRev } from './git';
import type { HashKind } from './hash';
import { checkRepoPath } from '../workspace/path-guard';
import { resolveInRepo, type DataRepo } from './repo';

export interface TrackedOut {
  /** The `.dvc` file, absolute and repository-relative. */
  dvcFile: string;
  dvcRel: string;
  out: DvcOut;
  /** The data path, absolute and repository-relative (`/`-separated). */
  abs: string;
  rel: string;
  kind: HashKind;
}

const SKIP_DIRS = new Set(['.git', '.dvc', 'node_modules', '.ponte']);

/**
 * Every `*.dvc` file below the root, as DVC collects them: not descending into the data they
 * track, into folders `.dvcignore` leaves out, or into sub-repositories (folders with their own
 * `.dvc/`, which DVC treats as separate projects).
 */
export function findDvcFiles(root: string): string[] {
  const out: string[] = [];
  const ignore = new DvcIgnore(root);
  const visit = (dir: string, rel: string): void => {
    ignore.loadDir(rel);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const names = new Set(entries.map((e) => e.name));
    if (rel && entries.some((e) => e.name === '.dvc' && e.isDirectory())) return;
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile() && e.name.endsWith('.dvc') && e.name.length > 4) {
        if (!ignore.hasRules || !ignore.isIgnored(childRel, false)) out.push(path.join(dir, e.name));
      } else if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !names.has(`${e.name}.dvc`) && !ignore.isIgnored(childRel, true)) {
        visit(path.join(dir, e.name), childRel);
      }
    }
  };
  visit(root, '');
  return out.sort();
}

function outsOf(repo: DataRepo, dvcFile: string, text?: string): TrackedOut[] {
  const parsed = text === undefined ? readDvcFile(dvcFile) : parseDvcFile(text, dvcFile);
  const dvcRel = path.relative(repo.root, dvcFile).split(path.sep).join('/');
  return parsed.outs.map((out) => {
    const base = path.resolve(path.dirname(dvcFile), parsed.wdir ?? '.');
    const { abs, rel } = checkRepoPath(repo.root, out.path, { action: 'track', base, source: { file: dvcFile } });
    return { dvcFile, dvcRel, out, abs, rel, kind: isLegacyOut(out) ? 'md5-dos2unix' : 'md5' };
  });
}

/** The `.dvc` file for a user's path: the path itself if it ends in `.dvc`, else `PATH.dvc`. */
export function dvcFileFor(repo: DataRepo, userPath: string, cwd: string): string {
  const { abs } = resolveInRepo(repo.root, userPath, cwd);
  return abs.endsWith('.dvc') ? abs : `${abs}.dvc`;
}

export interface TrackedOptions {
  cwd: string;
  /** Limit to these data paths (or `.dvc` files); all when empty. */
  paths?: string[];
  /** Read the `.dvc` files as they were at this git revision. */
  rev?: string;
}

export async function listTracked(repo: DataRepo, options: TrackedOptions): Promise<TrackedOut[]> {
  let files: string[];
  if (options.paths?.length) files = options.paths.map((p) => dvcFileFor(repo, p, options.cwd));
  // At a revision, the `.dvc` files are the ones committed then, not the ones on disk now.
  else if (options.rev) files = (await dvcFilesAtRev(repo.root, options.rev)).map((rel) => path.join(repo.root, ...rel.split('/')));
  else files = findDvcFiles(repo.root);
  const result: TrackedOut[] = [];
  for (const f of files) {
    if (options.rev) {
      const rel = path.relative(repo.root, f).split(path.sep).join('/');
      result.push(...outsOf(repo, f, await showAtRev(repo.root, options.rev, rel)));
    } else {
      if (!existsSync(f)) {
        throw new PonteError('data.not_tracked', `${path.relative(options.cwd, f.replace(/\.dvc$/, ''))} is not tracked: ${f} does not exist`, {
          file: f,
          hint: "track it with 'ponte data add PATH'",
        });
      }
      result.push(...outsOf(repo, f));
    }
  }
  return result;
}
