// One writer per embedded store: a lock file next to the data directory holding the owner's pid.
// A lock whose pid is gone (a crash, a SIGKILL) is stale and is taken over.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import { isPidAlive } from '../workspace/server-file';

export interface StoreLock {
  file: string;
  release(): Promise<void>;
}

export async function acquireStoreLock(dataDir: string): Promise<StoreLock> {
  const file = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
  } catch (e) {
    throw fromSystemError(e, path.dirname(file), 'create the directory of');
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const h = await fs.open(file, 'wx', 0o600);
      await h.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      await h.sync();
      await h.close();
      return {
        file,
        async release() {
          await fs.rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(e, file, 'create the store lock');
    }
    let pid = NaN;
    try {
      pid = Number((JSON.parse(await fs.readFile(file, 'utf8')) as { pid?: unknown }).pid);
    } catch {
      // unreadable or half-written: treated as stale below
    }
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isPidAlive(pid)) {
      throw new PonteError('store.locked', `the embedded store ${dataDir} is in use by process ${pid}`, {
        file,
        hint: `stop that process, or talk to its server: a CLI finds it through .ponte/server.json`,
      });
    }
    await fs.rm(file, { force: true });
  }
  throw new PonteError('store.locked', `cannot take the lock ${file}: another process keeps taking it`, { file, hint: 'stop the other ponte processes and retry' });
}
