// The embedded store's driver when its PGlite runs in a worker thread (`ponte serve`): the same
// SqlDriver, with each query posted to the thread and answered there. The server's event loop
// then only forwards requests and queues records; the WebAssembly work happens beside it. A
// transaction's statements go to the thread one by one and its COMMIT is answered after PGlite
// has written it, so an acknowledgement is as durable as in-process (the crash test holds).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PonteError } from '../errors';
import type { SqlDriver, SqlExecutor } from './sql';
import type { ThreadReply, ThreadRequest } from './pglite-thread-protocol';

type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The worker script next to the running bundle (dist/), or beside this source file under tsx. */
export function pgliteWorkerScript(): string | undefined {
  for (const name of ['pglite-worker.js', 'pglite-worker.ts']) {
    const candidate = join(__dirname, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function openPgliteThreadDriver(dataDir: string, script: string): Promise<SqlDriver> {
  // Under tsx (tests, benches) the source entry needs tsx's loader, which a worker does not inherit.
  const worker = script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true, workerData: { dataDir } })
    : new Worker(script, { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let stopped: Error | undefined;
  const fail = (e: Error) => {
    stopped ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: ThreadReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(rebuild(m.error));
    else w.resolve(m.rows);
  });
  worker.on('error', (e) => fail(new PonteError('store.thread_failed', `the embedded store's thread failed: ${e.message}`, { hint: 'restart ponte serve; the store keeps every committed write', cause: e })));
  worker.on('exit', (code) => fail(new PonteError('store.closed', `the embedded store's thread has stopped (exit ${code})`, { hint: 'restart ponte serve' })));

  const call = (r: Request): Promise<unknown[]> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...r, id });
    });
  };
  await new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
  }).catch(async (e) => {
    await worker.terminate();
    throw e;
  });

  const executor = (tx?: number): SqlExecutor => ({
    query: async <R>(sql: string, params?: unknown[]) => (await call({ op: 'query', sql, params, tx })) as R[],
  });
  return {
    kind: 'pglite',
    ...executor(),
    async exec(sql) {
      await call({ op: 'exec', sql });
    },
    async transaction(fn) {
      const [tx] = (await call({ op: 'begin' })) as number[];
      let result;
      try {
        result = await fn(executor(tx));
      } catch (e) {
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw e;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async close() {
      try {
        if (!stopped) await call({ op: 'close' });
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** An error from the thread as the caller would have had it in-process: a PonteError stays one. */
function rebuild(fields: Record<string, unknown>): Error {
  const { message, name, code, hint, file, ...rest } = fields;
  if (name === 'PonteError' && typeof code === 'string') {
    return new PonteError(code, String(message), { hint: hint as string | undefined, file: file as string | undefined });
  }
  return Object.assign(new Error(String(message)), { code, ...rest });
}
