// Migrations and concurrent writers on real databases: a second open applies nothing and keeps
// the data; version numbers stay unique when many writers register at once (PostgreSQL pool).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import pg from 'pg';
import { migrations, openStore } from '../../../../src/core/store';
import { freshPostgresDb, seedPgliteDir, tempDir } from '../../server/lib/backends';

test('PGlite: reopening applies no migration twice and keeps the data', async () => {
  const tmp = tempDir('ponte-migrate-');
  const dataDir = path.join(tmp.dir, 'db');
  try {
    await seedPgliteDir(dataDir);
    const first = await openStore({ dataDir });
    const run = await first.createRun({ project: 'keep' });
    await first.close();
    const again = await openStore({ dataDir });
    assert.equal((await again.getRun(run.id)).project, 'keep');
    await again.close();
  } finally {
    tmp.remove();
  }
});

test('PostgreSQL: migrations are recorded once, and concurrent registrations number uniquely', async () => {
  const db = await freshPostgresDb();
  try {
    const store = await openStore({ url: db.url });
    const [a, b] = await Promise.all([
      store.registerModelVersion({ name: 'm', uri: 'a' }),
      store.registerModelVersion({ name: 'm', uri: 'b' }),
    ]);
    assert.notEqual(a.version, b.version);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => store.registerModelVersion({ name: 'n', uri: `u${i}` })));
    assert.deepEqual(many.map((m) => m.version).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
    const ds = await Promise.all(Array.from({ length: 10 }, (_, i) => store.registerDatasetVersion({ name: 'd', hash: `h${i}`, path: 'p' })));
    assert.equal(new Set(ds.map((d) => d.version)).size, 10);
    await store.close();

    const second = await openStore({ url: db.url });
    await second.close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const rows = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    await client.end();
    assert.deepEqual(rows, migrations.map((m) => m.version));
  } finally {
    await db.drop();
  }
});
