// One retrain at a time per project: `.ponte/retrain.lock` holds the owner's pid and the start
// time the kernel gives that process, so a lock left by a crash (or a SIGKILL) is taken over,
// and so is one whose pid a new, unrelated process has since been given.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { fromSystemError, PonteError } from '../errors';
import { isPidAlive } from '../workspace';

export interface RetrainLock {
  file: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  /** Field 22 of /proc/PID/stat (clock ticks since boot); undefined where /proc is absent. */
  processStart?: string;
  startedAt: string;
  deployment: string;
}

/** The kernel's start time of a process: with the pid, it names one process for good. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function ownerAlive(owner: LockOwner): boolean {
  if (!Number.isInteger(owner.pid) || !isPidAlive(owner.pid)) return false;
  if (owner.processStart === undefined) return true;
  const now = processStartTime(owner.pid);
  return now === undefined || now === owner.processStart;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined; // unreadable or half-written by a process killed mid-write: stale
  }
}

export async function acquireRetrainLock(root: string, deployment: string): Promise<RetrainLock> {
  const file = path.join(root, '.ponte', 'retrain.lock');
  await mkdir(path.dirname(file), { recursive: true }).catch((e) => {
    throw fromSystemError(e, path.dirname(file), 'create');
  });
  const me: LockOwner = { pid: process.pid, processStart: processStartTime(process.pid), startedAt: new Date().toISOString(), deployment };
  // Written whole to a private file, then linked to the lock's name: link() fails when the name
  // exists, so the lock appears with its content or not at all (never half-written).
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(me)}\n`, { mode: 0o644 });
  } catch (e) {
    throw fromSystemError(e, tmp, 'write the retrain lock');
  }
  try {
    return take(file, tmp);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function take(file: string, tmp: string): RetrainLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      linkSync(tmp, file);
      return { file, release: () => rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(e, file, 'create the retrain lock');
    }
    const owner = readOwner(file);
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) {
      throw new PonteError('retrain.busy', `a retrain of ${owner.deployment} is already running (process ${owner.pid}, since ${owner.startedAt})`, {
        file, hint: 'wait for it to finish; two retrains never run at once',
      });
    }
    rmSync(file, { force: true });
  }
  throw new PonteError('retrain.busy', `cannot take the retrain lock ${file}`, { file, hint: 'stop the other ponte processes and retry' });
}
