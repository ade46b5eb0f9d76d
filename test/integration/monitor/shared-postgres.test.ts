// Several server processes on one PostgreSQL database: two stores (two connection pools, as two
// `ponte serve` have) close the same deployment's windows concurrently while traffic arrives,
// and every window is closed exactly once with every prediction in exactly one window; an alert
// fired through one store reaches the other's subscribers (LISTEN/NOTIFY), a large one too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, PonteEvent } from '../../../src/core/api';
import { monitorSettingsOf, windowPlan } from '../../../src/core/monitor';
import { openStore, type SqlStore } from '../../../src/core/store';
import { freshPostgresDb } from '../server/lib/backends';
import { ingest, rows, traffic } from './lib/traffic';

function until(store: SqlStore, match: (e: PonteEvent) => boolean): Promise<PonteEvent> {
  return new Promise((resolve) => {
    const off = store.subscribe((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

test('postgres: two stores closing concurrently close each window once, and see each other\'s alerts', async () => {
  const db = await freshPostgresDb();
  const [a, b] = [await openStore({ url: db.url }), await openStore({ url: db.url })];
  try {
    const d = await a.upsertDeployment({ name: 'split', target: 'docker', status: 'running', config: { monitor: { window: { size: 250 }, latency: { p99_ms: 1 }, alerts: [{ on: 'latency' }] } } });
    const settings = monitorSettingsOf(d)!;
    const start = Date.now() - 3_600_000;
    const closer = async (store: SqlStore) => {
      const got = [];
      for (let idle = 0; idle < 3; ) {
        const r = await store.closeWindow('split', windowPlan(settings, undefined));
        if (r) got.push(r);
        else {
          idle++;
          await new Promise((res) => setImmediate(res));
        }
      }
      return got;
    };
    // traffic split between the two, arriving while both close
    const feeding = (async () => {
      for (let k = 0; k < 8; k++) await ingest(k % 2 ? b : a, traffic('split', rows(500, k), start + k * 1000, `k${k}`));
    })();
    const [fromA, fromB] = await Promise.all([closer(a), closer(b), feeding]);
    // what arrived after both went idle
    const rest = await closer(a);
    const all = [...fromA, ...fromB, ...rest].map((c) => c.window);
    assert.deepEqual(all.map((w) => w.seq).sort((x, y) => x! - y!), Array.from({ length: 16 }, (_, i) => i + 1));
    assert.equal(all.reduce((n, w) => n + w.count, 0), 4000);
    const stored = await a.listWindows('split', 100);
    assert.equal(stored.length, 16);
    assert.equal(new Set(stored.map((w) => w.id)).size, 16);
    // the latency rule fired once (deduplicated) whichever store closed the first window
    assert.equal((await a.listAlerts({ deployment: 'split' })).items.length, 1);

    // events cross: small ones whole, large ones as an id that the receiver reads back
    const seenByB = until(b, (e) => e.type === 'alert.fired' && e.alert.kind === 'by-hand');
    const fired = await a.fireAlert({ kind: 'by-hand', deployment: 'split', message: 'm' });
    assert.equal((await seenByB as Extract<PonteEvent, { type: 'alert.fired' }>).alert.id, fired.id);
    const big = { blob: 'x'.repeat(20_000) } as Record<string, Json>;
    const seenBigByA = until(a, (e) => e.type === 'alert.fired' && e.alert.kind === 'large');
    const large = await b.fireAlert({ kind: 'large', deployment: 'split', message: 'big', details: big });
    const got = (await seenBigByA) as Extract<PonteEvent, { type: 'alert.fired' }>;
    assert.equal(got.alert.id, large.id);
    assert.equal(got.alert.details.blob, big.blob);
  } finally {
    await a.close();
    await b.close();
    await db.drop();
  }
});
