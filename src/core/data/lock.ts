// One writer at a time per repository: `data add`, `checkout` and `pull` (from the CLI, the
// editor or both) hold `.dvc/tmp/ponte-lock` while they change the workspace, the `.gitignore`
// files and the cache. The file names the holder's pid; a lock whose process is gone (a kill -9)
// is taken over. DVC's own `.dvc/tmp/lock` is an flock, which Node cannot take.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';

export interface LockOptions {
  /** How long to wait for another holder before giving up (default 10 s). */
  waitMs?: number;
}

function holderOf(file: string): { pid: number; what: string } | undefined {
  try {
    const [pid, ...what] = readFileSync(file, 'utf8').split('\n');
    return /^\d+$/.test(pid) ? { pid: Number(pid), what: what.join(' ').trim() } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function olderThan(file: string, ms: number): boolean {
  try {
    return statSync(file).mtimeMs < Date.now() - ms;
  } catch {
    return true;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the repository's lock; `what` tells a waiting process who holds it. */
export async function withRepoLock<T>(dvcDir: string, what: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const file = path.join(dvcDir, 'tmp', 'ponte-lock');
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n${what}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(e, file, 'create the lock');
    }
    const holder = holderOf(file);
    if (holder ? !alive(holder.pid) : olderThan(file, 2000)) {
      // Left by a process that is gone, or half-written by one killed while writing it (a
      // young file without a pid is one being written right now: wait for it).
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? `pid ${holder.pid}${holder.what ? `, ${holder.what}` : ''}` : 'starting';
      throw new PonteError('data.locked', `another ponte (${who}) is changing this repository`, {
        file,
        hint: 'wait until it has finished and run the command again; delete the lock file only if no ponte is running',
      });
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    if (holderOf(file)?.pid === process.pid) rmSync(file, { force: true });
  }
}
