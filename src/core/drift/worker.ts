// Worker-thread entry (bundled as dist/drift-worker.js): runs one LoadJob and posts progress,
// then the result with its typed arrays transferred, or the error as a plain object.
import { parentPort, workerData } from 'node:worker_threads';
import { isPonteError } from '../errors';
import { runLoadJob, transferablesOf, type LoadJob } from './load-job';

const port = parentPort!;
let lastReport = 0;
runLoadJob(workerData as LoadJob, (read, total) => {
  const now = Date.now();
  if (now - lastReport < 100 && read < total) return;
  lastReport = now;
  port.postMessage({ type: 'progress', read, total });
})
  .then((result) => port.postMessage({ type: 'done', result }, transferablesOf(result)))
  .catch((e: unknown) => {
    const error = isPonteError(e)
      ? { ponte: true, code: e.code, message: e.message, hint: e.hint, file: e.file, line: e.line, column: e.column }
      : { ponte: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
    port.postMessage({ type: 'error', error });
  });
