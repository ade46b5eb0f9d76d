// Durability: SIGKILL the server while a client ingests 100,000 predictions in batches, restart
// it on the same store (embedded PGlite, then PostgreSQL), and check that every acknowledged prediction is there exactly
// once; resending everything then completes the set without duplicates (ids make retries safe).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { HttpClient, type PredictionInput } from '../../../src/core/api';
import { freshPostgresDb, seedPgliteDir, tempDir } from './lib/backends';
import { spawnServe } from './lib/server-process';

const TOTAL = 100_000;
const BATCH = 1000;
const KILL_AFTER = 40; // acknowledged batches before the kill
const IN_FLIGHT = 4;

function batchOf(n: number): PredictionInput[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const k = n * BATCH + i;
    return { id: `p${k}`, deployment: 'crash', features: { age: k % 90, income: k * 1.5, plan: k % 2 ? 'pro' : 'basic' }, prediction: k % 3 === 0, latencyMs: k % 13 };
  });
}

async function allIds(client: HttpClient): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  for (let pages = 0; pages <= TOTAL / 1000 + 1; pages++) {
    const page = await client.listPredictions({ deployment: 'crash', limit: 1000, pageToken: token });
    ids.push(...page.items.map((p) => p.id));
    token = page.nextPageToken;
    if (!token) break;
  }
  return ids;
}

for (const kind of ['pglite', 'postgres'] as const) {
  test(`${kind}: every acknowledged prediction survives a SIGKILL of the server exactly once`, async () => {
    const tmp = tempDir('ponte-crash-');
    const db = kind === 'postgres' ? await freshPostgresDb() : undefined;
    try {
      if (!db) await seedPgliteDir(path.join(tmp.dir, 'db'));
      const store = db ? ['--db', db.url] : ['--data-dir', path.join(tmp.dir, 'db')];
      await crashAndRecover(['--port', '0', '--root', tmp.dir, ...store, '--log-level', 'warn']);
    } finally {
      await db?.drop();
      tmp.remove();
    }
  });
}

async function crashAndRecover(args: string[]): Promise<void> {
  let server = await spawnServe(args);
  try {
    const client = new HttpClient({ url: server.url });
    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL / BATCH && !killed) {
        const n = next++;
        try {
          const r = await client.ingestPredictions(batchOf(n));
          assert.equal(r.accepted + r.duplicates, BATCH);
          acked.add(n);
          if (acked.size >= KILL_AFTER && !killed) {
            killed = true;
            server.proc.kill('SIGKILL');
          }
        } catch (e) {
          // Only batches caught by the kill may fail, and they are not acknowledged.
          assert.ok(killed, `batch ${n} failed before the kill: ${(e as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    assert.ok(killed);
    await server.exited;

    // The stale lock and server.json of the killed process must not stop the restart.
    server = await spawnServe(args);
    const after = new HttpClient({ url: server.url });
    const ids = await allIds(after);
    assert.equal(new Set(ids).size, ids.length, 'a prediction is stored twice');
    const stored = new Set(ids);
    for (const n of acked) for (const p of batchOf(n)) assert.ok(stored.has(p.id), `acknowledged ${p.id} is missing`);

    // Resending everything stores exactly what was missing: the primary key on the id keeps
    // each prediction once, so the counts prove the set is complete.
    let accepted = 0;
    let duplicates = 0;
    for (let n = 0; n < TOTAL / BATCH; n++) {
      const r = await after.ingestPredictions(batchOf(n));
      accepted += r.accepted;
      duplicates += r.duplicates;
    }
    assert.equal(duplicates, stored.size);
    assert.equal(accepted + stored.size, TOTAL);
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
  }
}
