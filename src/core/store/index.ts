// The store's public surface: open one (embedded PGlite or PostgreSQL), and the types it speaks.
export { openStore, defaultDataDir, type OpenStoreOptions } from './open-store';
export { SqlStore, STORE_VERSION } from './sql-store';
export { migrations, migrate } from './migrations';
export { acquireStoreLock, type StoreLock } from './lock';
export { parseRunFilter } from './run-query';
export { redactUrl } from './postgres-driver';
