// One retrain at a time per project: `.ponte/retrain.lock` holds the owner's pid and the start
// time the kernel gives that process, so a lock left by a crash (or a SIGKILL) is taken over,
// and so is one whose pid a new, unrelated process has since been given. Taking a stale lock
// over is itself exclusive: of the processes that find the same dead owner, exactly one wins.
import { createHash, randomUUID } from 'node:crypto';
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
  /** Makes every lock's text unique, so a takeover can tell the stale lock from its successor. */
  nonce?: string;
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

/** The lock's text (undefined once it is gone) and its owner (undefined when unreadable: stale). */
function readLock(file: string): { text?: string; owner?: LockOwner } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw fromSystemError(e, file, 'read the retrain lock');
  }
  try {
    return { text, owner: JSON.parse(text) as LockOwner };
  } catch {
    return { text }; // half-written by a process killed mid-write, or garbage: stale
  }
}

export async function acquireRetrainLock(root: string, deployment: string): Promise<RetrainLock> {
  const file = path.join(root, '.ponte', 'retrain.lock');
  await mkdir(path.dirname(file), { recursive: true }).catch((e) => {
    throw fromSystemError(e, path.dirname(file), 'create');
  });
  const me: LockOwner = { pid: process.pid, processStart: processStartTime(process.pid), startedAt: new Date().toISOString(), deployment, nonce: randomUUID() };
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
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      linkSync(tmp, file);
      return { file, release: () => rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(e, file, 'create the retrain lock');
    }
    const seen = readLock(file);
    if (seen.text === undefined) continue; // released meanwhile
    const owner = seen.owner;
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) throw busy(file, owner);
    takeOver(file, seen.text);
  }
  throw new PonteError('retrain.busy', `cannot take the retrain lock ${file}`, { file, hint: `stop the other ponte processes and retry; if none runs, remove ${file} and any ${path.basename(file)}.takeover-* beside it` });
}

function busy(file: string, owner: LockOwner): PonteError {
  return new PonteError('retrain.busy', `a retrain of ${owner.deployment} is already running (process ${owner.pid}, since ${owner.startedAt})`, {
    file, hint: 'wait for it to finish; two retrains never run at once',
  });
}

/**
 * Removes the stale lock whose text is `stale`, unless another process does. Removing by name
 * alone is a race: a slower process that judged the same dead owner would remove the lock its
 * faster peer has just created, and both would go on. So each stale lock has a takeover marker,
 * named after its text and created exclusively: only the marker's creator may remove that lock,
 * and only while the file still holds that text (nothing else changes a stale lock: its owner is
 * dead, a fresh taker's link fails while it exists). Whoever then links first holds the lock.
 */
function takeOver(file: string, stale: string): void {
  const marker = `${file}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  try {
    writeFileSync(marker, `${JSON.stringify({ pid: process.pid, processStart: processStartTime(process.pid) })}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(e, marker, 'create the retrain lock\'s takeover marker');
    const taker = readLock(marker).owner;
    if (taker && !ownerAlive(taker)) {
      // Its taker died between two system calls: whether the lock is free is not knowable here.
      throw new PonteError('retrain.busy', `the stale retrain lock ${file} was being taken over by process ${taker.pid}, which has died`, {
        file, hint: `if no ponte retrain runs, remove ${file} and ${marker}`,
      });
    }
    return; // another process is taking it over this instant; the next link decides
  }
  try {
    if (readLock(file).text === stale) rmSync(file, { force: true });
  } finally {
    rmSync(marker, { force: true });
  }
}
