// Opening a store: PostgreSQL when a URL is given (`--db`, PONTE_DB), otherwise the embedded
// PGlite store under a data directory, guarded by its lock. Migrations run on every open.
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import { ensurePonteDir } from '../workspace/server-file';
import { acquireStoreLock } from './lock';
import { migrate } from './migrations';
import { openPgliteDriver } from './pglite-driver';
import { openPgliteThreadDriver, pgliteWorkerScript } from './pglite-thread-driver';
import { openPostgresDriver } from './postgres-driver';
import { SqlStore } from './sql-store';

export interface OpenStoreOptions {
  /** postgres://... ; when absent the embedded store is used. */
  url?: string;
  /** Embedded store directory; default `<root>/.ponte/db`. */
  dataDir?: string;
  /** Workspace root for the default data directory; default the current directory. */
  root?: string;
  /** Embedded store only: run PGlite in a worker thread, so its WebAssembly never holds up this event loop (`ponte serve`). */
  thread?: boolean;
}

export function defaultDataDir(root: string = process.cwd()): string {
  return path.join(root, '.ponte', 'db');
}

export async function openStore(options: OpenStoreOptions = {}): Promise<SqlStore> {
  if (options.url) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new PonteError('usage.bad_db_url', `--db must be a postgres:// URL`, { hint: 'e.g. postgres://user:password@127.0.0.1:5432/ponte' });
    }
    const db = await openPostgresDriver(options.url);
    try {
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
    const store = new SqlStore(db);
    await store.shareEvents();
    return store;
  }
  if (!options.dataDir) {
    try {
      await ensurePonteDir(path.resolve(options.root ?? process.cwd()));
    } catch (e) {
      throw fromSystemError(e, path.join(options.root ?? process.cwd(), '.ponte'), 'create');
    }
  }
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(options.root));
  const lock = await acquireStoreLock(dataDir);
  try {
    const script = options.thread ? pgliteWorkerScript() : undefined;
    const db = script ? await openPgliteThreadDriver(dataDir, script) : await openPgliteDriver(dataDir);
    try {
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
    return new SqlStore(db, () => lock.release());
  } catch (e) {
    await lock.release();
    throw e;
  }
}
