// The embedded store in a worker thread, as `ponte serve` opens it for the proxy: the caller's
// event loop keeps turning while PGlite writes (in-process it stands still for the whole
// statement, which is what stalled proxied requests), and the driver keeps its contract:
// transactions commit or roll back whole, SQL errors keep their code, a closed thread says so.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { PredictionInput } from '../../../src/core/api';
import { openStore } from '../../../src/core/store';
import { openPgliteThreadDriver, pgliteWorkerScript } from '../../../src/core/store/pglite-thread-driver';
import { seedPgliteDir, tempDir } from './lib/backends';

const tmp = tempDir('ponte-store-thread-');
after(() => tmp.remove());

const rows = (n: number): PredictionInput[] => Array.from({ length: n }, (_, i) => ({ id: `t${i}`, deployment: 'd', features: { age: i % 90, plan: i % 2 ? 'pro' : 'basic' }, prediction: i % 3, latencyMs: 2, status: 200 }));

/** How many times the event loop came round (setImmediate) before `p` settled. */
async function turnsDuring(p: Promise<unknown>): Promise<number> {
  let turns = 0;
  let settled = false;
  const tick = () => {
    if (settled) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await p.finally(() => (settled = true));
  return turns;
}

for (const thread of [false, true]) {
  test(`pglite ${thread ? 'in a worker thread: the event loop turns' : 'in-process: the event loop stands still'} during a 5,000-row ingest`, async () => {
    const dataDir = path.join(tmp.dir, `ingest-${thread}`);
    await seedPgliteDir(dataDir);
    const store = await openStore({ dataDir, thread });
    try {
      const turns = await turnsDuring(store.ingestPredictions(rows(5000)));
      if (thread) assert.ok(turns > 0, 'the loop never turned while the thread wrote');
      else assert.equal(turns, 0);
      assert.deepEqual(await store.ingestPredictions(rows(5000)), { accepted: 0, duplicates: 5000 });
    } finally {
      await store.close();
    }
  });
}

test('the thread driver: commit and rollback whole, SQL errors keep their code, a closed thread refuses', async () => {
  const script = pgliteWorkerScript();
  assert.ok(script, 'pglite-worker is next to the driver');
  const db = await openPgliteThreadDriver(path.join(tmp.dir, 'driver'), script);
  await db.exec('CREATE TABLE t (k int PRIMARY KEY, v text)');
  assert.equal(db.kind, 'pglite');
  const n = await db.transaction(async (tx) => {
    await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 'one']);
    await tx.query('INSERT INTO t VALUES ($1, $2)', [2, 'two']);
    return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))[0].n;
  });
  assert.equal(n, 2);
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1, $2)', [3, 'three']);
      await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 'again']);
    }),
    (e: Error & { code?: string }) => e.code === '23505' && /duplicate key/.test(e.message),
  );
  await assert.rejects(db.transaction(async () => Promise.reject(new Error('changed my mind'))), /changed my mind/);
  assert.deepEqual(await db.query('SELECT k, v FROM t ORDER BY k'), [{ k: 1, v: 'one' }, { k: 2, v: 'two' }]);
  await assert.rejects(db.query('SELEC 1'), (e: Error & { code?: string }) => e.code === '42601');
  await db.close();
  await assert.rejects(db.query('SELECT 1'), (e: Error & { code?: string }) => e.code === 'store.closed');
});
