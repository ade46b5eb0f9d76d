// The store on a PostgreSQL server through node-postgres: chosen with `--db postgres://...` or
// PONTE_DB. A small pool; each transaction holds one client from BEGIN to COMMIT.
import { PonteError } from '../errors';
import type { SqlDriver, SqlExecutor } from './sql';

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given URL';
  }
}

export async function openPostgresDriver(url: string, poolSize = 8): Promise<SqlDriver> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new PonteError('store.unreachable', `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`, {
      hint: 'check --db / PONTE_DB, and that the server runs and accepts this user',
      cause: e,
    });
  }
  const executor = (q: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): SqlExecutor => ({
    async query<R>(sql: string, params?: unknown[]) {
      return (await q.query(sql, params)).rows as R[];
    },
  });
  return {
    kind: 'postgres',
    ...executor(pool),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    async listen(channel, fn, onError) {
      // A client of its own, outside the pool: LISTEN belongs to a session. When it drops, a new
      // one listens again a second later (events in between are missed; windows and alerts
      // stay in the store, so a reader that reconnects its stream loses no state).
      let stopped = false;
      let client: InstanceType<typeof pg.Client> | undefined;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        c.on('notification', (n) => n.channel === channel && n.payload !== undefined && fn(n.payload));
        c.on('error', (e) => {
          onError(e);
          c.end().catch(() => undefined);
          if (!stopped) setTimeout(() => void connect().catch(onError), 1000).unref();
        });
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        client = c;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
  };
}
