// The one thing the store needs from a database: parameterised queries, multi-statement
// scripts and transactions. PGlite and node-postgres each implement it in a few lines, so the
// store's SQL (one PostgreSQL dialect) is written once.

export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Commits when `fn` resolves, rolls back when it throws; resolves only after the commit. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL only: calls `fn` with each NOTIFY payload on `channel` (from any process) until the returned stop. */
  listen?(channel: string, fn: (payload: string) => void, onError: (e: Error) => void): Promise<() => Promise<void>>;
}
