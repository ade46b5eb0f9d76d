// One `ponte run` at a time per project: two runs writing the same outs and dvc.lock would
// leave neither right. The lock file holds the owner's pid; one whose process is gone (a crash,
// a SIGKILL) is stale and taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { isPidAlive } from '../workspace/server-file';
import { fromSystemError, PonteError } from '../errors';

export interface RunLock {
  release(): void;
}

export async function acquireRunLock(root: string): Promise<RunLock> {
  const file = path.join(root, '.ponte', 'run.lock');
  await mkdir(path.dirname(file), { recursive: true }).catch((e) => {
    throw fromSystemError(e, path.dirname(file), 'create');
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(e, file, 'create the run lock');
    }
    if (fd !== undefined) {
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    }
    const owner = Number(readFileSync(file, 'utf8').trim() || NaN);
    if (Number.isInteger(owner) && owner !== process.pid && isPidAlive(owner)) {
      throw new PonteError('pipeline.busy', `the pipeline in ${root} is already running (process ${owner})`, {
        file, hint: 'wait for it to finish, or stop it (Ctrl-C in its terminal, Cancel in the editor)',
      });
    }
    rmSync(file, { force: true });
  }
  throw new PonteError('pipeline.busy', `cannot take the run lock ${file}`, { file, hint: 'stop the other ponte processes and retry' });
}
