// The messages between the embedded store's driver and the worker thread that runs its PGlite.
// Id 0 is the worker's answer to opening the database.

export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export type ThreadReply = { id: number; rows: unknown[]; error?: undefined } | { id: number; error: Record<string, unknown>; rows?: undefined };
