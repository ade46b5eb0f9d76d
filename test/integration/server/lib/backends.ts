// Backends for the server tests: a private PostgreSQL (scripts/start-postgres.sh) with a fresh
// database per suite, an embedded store in a temp directory, and an in-process server over a store.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { HttpClient } from '../../../../src/core/api';
import { migrations, openStore, type SqlStore } from '../../../../src/core/store';
import { startServer, type RunningServer } from '../../../../src/server/server';
import { createLogger } from '../../../../src/server/log';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const cliJs = path.join(repoRoot, 'dist', 'cli.js');
export const serverJs = path.join(repoRoot, 'dist', 'server.js');

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fills `dataDir` with a copy of a freshly created and migrated PGlite store. Creating one
 * runs initdb in WebAssembly (5 s and more on a busy machine); the template is made once per
 * schema version and PGlite version, in the temp directory, and copied in well under a second. */
export async function seedPgliteDir(dataDir: string): Promise<void> {
  const pgliteVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(pgliteVersion).update(JSON.stringify(migrations)).digest('hex').slice(0, 12);
  const template = path.join(tmpdir(), `ponte-test-pglite-${key}`);
  if (!existsSync(path.join(template, 'PG_VERSION'))) {
    const building = mkdtempSync(`${template}-building-`);
    const store = await openStore({ dataDir: path.join(building, 'db') });
    await store.close();
    try {
      renameSync(path.join(building, 'db'), template);
    } catch {
      // another suite made it meanwhile
    }
    rmSync(building, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  cpSync(template, dataDir, { recursive: true });
}

let postgresUrl: string | undefined;
/** The URL of the private test cluster, started on first use. */
export function postgres(): string {
  postgresUrl ??= execFileSync('bash', [path.join(repoRoot, 'scripts', 'start-postgres.sh')], { encoding: 'utf8' }).trim();
  return postgresUrl;
}

/** A new empty database on the test cluster; `drop()` removes it. */
export async function freshPostgresDb(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = postgres();
  const name = `ponte_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        // FORCE may not end an autovacuum worker (it runs as the superuser) after heavy ingest;
        // those finish on their own, so try again briefly, and leave the database if it stays busy.
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== '42501' || attempt >= 20) break;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestBackend {
  store: SqlStore;
  server: RunningServer;
  client: HttpClient;
  close(): Promise<void>;
}

/** A store (`pglite` in a temp dir, or `postgres` in a fresh database) behind an in-process server. */
export async function startBackend(kind: 'pglite' | 'postgres', options: { token?: string; maxBody?: number; host?: string; allowedHosts?: string[] } = {}): Promise<TestBackend> {
  let cleanup: () => Promise<void>;
  let store: SqlStore;
  if (kind === 'postgres') {
    const db = await freshPostgresDb();
    store = await openStore({ url: db.url });
    cleanup = () => db.drop();
  } else {
    const tmp = tempDir('ponte-store-');
    await seedPgliteDir(path.join(tmp.dir, 'db'));
    store = await openStore({ dataDir: path.join(tmp.dir, 'db') });
    cleanup = async () => tmp.remove();
  }
  const server = await startServer({ host: options.host ?? '127.0.0.1', port: 0, api: store, token: options.token, allowedHosts: options.allowedHosts, maxBody: options.maxBody, logger: createLogger('silent') });
  const client = new HttpClient({ url: server.url, token: options.token });
  return {
    store,
    server,
    client,
    async close() {
      await client.close();
      await server.close();
      await store.close();
      await cleanup();
    },
  };
}
