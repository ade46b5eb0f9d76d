// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) over a data directory.
// PGlite's NodeFS mounts the directory through Emscripten's NODEFS, so every write goes straight
// to the OS with write(2): a committed transaction survives a SIGKILL of this process (the
// crash test proves it). There is no fsync, so a power cut may lose the last commits: use
// PostgreSQL where that matters.
import { promises as fs } from 'node:fs';
import { PonteError, fromSystemError } from '../errors';
import type { SqlDriver, SqlExecutor } from './sql';

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<unknown>;
  transaction<T>(fn: (tx: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>;
  syncToFs?(): Promise<void>;
  close(): Promise<void>;
}

export async function openPgliteDriver(dataDir: string): Promise<SqlDriver> {
  try {
    await fs.mkdir(dataDir, { recursive: true });
  } catch (e) {
    throw fromSystemError(e, dataDir, 'create the store directory');
  }
  let db: PgliteLike;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create(dataDir);
  } catch (e) {
    throw new PonteError('store.open_failed', `cannot open the embedded store in ${dataDir}: ${(e as Error).message}`, {
      file: dataDir,
      hint: 'the directory may be damaged or written by another PGlite version; move it aside to start afresh',
      cause: e,
    });
  }
  const executor = (q: PgliteLike | Parameters<Parameters<PgliteLike['transaction']>[0]>[0]): SqlExecutor => ({
    async query<R>(sql: string, params?: unknown[]) {
      return (await q.query<R>(sql, params)).rows;
    },
  });
  return {
    kind: 'pglite',
    ...executor(db),
    async exec(sql) {
      await db.exec(sql);
    },
    async transaction(fn) {
      const result = await db.transaction((tx) => fn(executor(tx)));
      // PGlite's transaction() skips the post-COMMIT sync its query() does (electric-sql/pglite#1065);
      // a no-op on NodeFS today, but the acknowledgement must not depend on that.
      await db.syncToFs?.();
      return result;
    },
    close: () => db.close(),
  };
}
