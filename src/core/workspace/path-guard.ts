// The one path guard every write and delete in a repository goes through. A path named by a
// `.dvc` file, a directory manifest, dvc.yaml or the user must lie inside the repository once
// its symbolic links are resolved, and never in `.git` or `.dvc` (a hook there runs on the next
// commit; `.dvc/config` names the remotes and the cache).
import { lstatSync, mkdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError, type ErrorLocation } from '../errors';

export interface PathRequest {
  /** What Ponte is about to do there, for the message: 'write', 'remove', 'check out'... */
  action: string;
  /** The file (and line) that named the path: a `.dvc` file, dvc.yaml. */
  source?: ErrorLocation;
  /** Where a relative path starts (default: the root). */
  base?: string;
  /** The root itself is acceptable (a stage's wdir); never for a write or a delete. */
  allowRoot?: boolean;
  /** Follow a link in the last component too (a folder to run in). Writers and deleters replace a final link instead. */
  followLast?: boolean;
}

export interface RepoRelativePath {
  abs: string;
  /** `/`-separated, relative to the root; empty for the root itself. */
  rel: string;
}

const PROTECTED = ['.git', '.dvc'];

/**
 * `.git` or `.dvc` when a path component names one of them on some file system: case-insensitive
 * ones (macOS, Windows) read `.GIT` as `.git`, NTFS drops trailing dots and spaces and knows
 * `GIT~1` as its short name, HFS+ ignores zero-width code points. Git refuses all of these too.
 */
export function protectedName(part: string): string | undefined {
  const folded = part
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2063\u206a-\u206f\ufeff]/g, '')
    .replace(/[. ]+$/, '')
    .toLowerCase();
  if (folded === 'git~1') return '.git';
  return PROTECTED.find((p) => p === folded);
}

function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function refuse(code: string, shown: string, why: string, request: PathRequest, hint: string): PonteError {
  const { source } = request;
  const message = source?.file ? `cannot ${request.action} '${shown}': ${why}` : `${why} (cannot ${request.action} it)`;
  return new PonteError(code, message, { file: source?.file ?? shown, line: source?.line, column: source?.column, hint });
}

const OUTSIDE_HINT = 'Ponte writes and deletes only inside the repository: name a path inside it';
const PROTECTED_HINT = 'Ponte never writes into .git or .dvc: name a path of your own data';

/**
 * Resolves `candidate` against `request.base` (textually) and refuses a path outside the root,
 * the root itself, or one with a `.git` or `.dvc` component. Enough for a path that is only read;
 * a path about to be written or deleted goes through `guardPath`, which also resolves the links.
 */
export function checkRepoPath(root: string, candidate: string, request: PathRequest): RepoRelativePath {
  if (candidate.includes('\0')) {
    throw refuse('path.invalid', candidate.replace(/\0/g, '\\0'), 'the path holds a NUL character', request, 'remove the NUL from the path');
  }
  const abs = path.resolve(request.base ?? root, candidate);
  const rel = path.relative(path.resolve(root), abs);
  if (rel === '') {
    if (request.allowRoot) return { abs, rel: '' };
    throw refuse('path.protected', candidate, `it is the root of the repository ${root}`, request, 'name a file or directory inside the repository');
  }
  if (isOutside(rel)) throw refuse('path.outside_repo', candidate, `it is outside the repository ${root}`, request, OUTSIDE_HINT);
  const parts = rel.split(path.sep);
  const hit = parts.map(protectedName).find((p) => p !== undefined);
  if (hit) throw refuse('path.protected', parts.join('/'), `it is inside ${hit}`, request, PROTECTED_HINT);
  return { abs, rel: parts.join('/') };
}

/** The root with its own links resolved, so resolved paths can be compared with it. */
function realRoot(root: string): string {
  try {
    return realpathSync.native(root);
  } catch (e) {
    throw fromSystemError(e, root, 'resolve the repository folder');
  }
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * checkRepoPath, then every existing component up to the last one (the last one too with
 * `followLast`) is looked at with lstat; a symbolic link must resolve inside the root and not into
 * `.git` or `.dvc`. Returns the path to use: the components that exist replaced by their real
 * path, so a link planted later in an already resolved folder is not followed. A link as the
 * last component is returned as it is: a rename replaces it, a delete removes the link alone.
 * Call it right before the write; nothing here creates anything.
 */
export function guardPath(root: string, candidate: string, request: PathRequest): string {
  const { rel } = checkRepoPath(root, candidate, request);
  const top = realRoot(root);
  if (rel === '') return top;
  const parts = rel.split('/');
  const walk = request.followLast ? parts : parts.slice(0, -1);
  let real = top;
  for (let i = 0; i < walk.length; i++) {
    const next = path.join(real, walk[i]);
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch (e) {
      if (isMissing(e)) return path.join(next, ...parts.slice(i + 1));
      throw fromSystemError(e, next, 'look at');
    }
    if (!isLink) {
      real = next;
      continue;
    }
    const linkRel = parts.slice(0, i + 1).join('/');
    let target: string;
    try {
      target = realpathSync.native(next);
    } catch (e) {
      const to = safeReadlink(next);
      const why = (e as NodeJS.ErrnoException)?.code === 'ELOOP' ? 'is a loop' : `points at '${to}', which does not exist`;
      throw refuse('path.broken_link', rel, `the symbolic link '${linkRel}' ${why}`, request, 'fix or remove the link; Ponte does not write through a link it cannot resolve');
    }
    const targetRel = path.relative(top, target);
    if (isOutside(targetRel)) {
      throw refuse('path.outside_repo', rel, `the symbolic link '${linkRel}' leads to ${target}, outside the repository ${top}`, request, OUTSIDE_HINT);
    }
    const hit = targetRel.split(path.sep).map(protectedName).find((p) => p !== undefined);
    if (hit) throw refuse('path.protected', rel, `the symbolic link '${linkRel}' leads into ${hit}`, request, PROTECTED_HINT);
    real = target;
  }
  return request.followLast ? real : path.join(real, parts[parts.length - 1]);
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '?';
  }
}

/**
 * guardPath for a file about to be written, with its missing folders created one at a time: a
 * plain mkdir never follows a link at the name it creates, so a link planted in the meantime
 * stops the write (checked again) instead of sending the folders elsewhere.
 */
export function prepareWrite(root: string, candidate: string, request: PathRequest): string {
  const real = guardPath(root, candidate, request);
  const missing: string[] = [];
  for (let d = path.dirname(real); ; d = path.dirname(d)) {
    try {
      lstatSync(d);
      break;
    } catch (e) {
      if (!isMissing(e) || path.dirname(d) === d) throw fromSystemError(e, d, 'look at');
      missing.unshift(d);
    }
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code !== 'EEXIST') throw fromSystemError(e, d, 'create the folder');
      if (!lstatSync(d).isDirectory()) return prepareWrite(root, candidate, request);
    }
  }
  return real;
}

/** Removes a file or directory (a link: the link itself) after guardPath allowed it. */
export function removeInRepo(root: string, candidate: string, request: PathRequest): void {
  const real = guardPath(root, candidate, request);
  try {
    rmSync(real, { recursive: true, force: true });
  } catch (e) {
    throw fromSystemError(e, real, 'remove');
  }
}
