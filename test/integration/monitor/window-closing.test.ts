// Windows closed by the store on both backends: by size, exactly once and in (ts, id) order with
// nothing skipped; by duration on epoch-aligned spans; predictions too young to have settled are
// left for later. Drift alerts from generated traffic: none over 20 undrifted windows, one within
// a window of injected drift, resolved after two good ones; and the plan's rules honour
// hysteresis (`after`) and an alert with no webhook or command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Deployment, Json } from '../../../src/core/api';
import { profileFromJson } from '../../../src/core/drift';
import { monitorSettingsOf, windowPlan } from '../../../src/core/monitor';
import { openStore, type SqlStore } from '../../../src/core/store';
import { freshPostgresDb, seedPgliteDir, tempDir } from '../server/lib/backends';
import { ingest, rows, storeReference, traffic } from './lib/traffic';

async function withStore(kind: 'pglite' | 'postgres', fn: (store: SqlStore, dir: string) => Promise<void>): Promise<void> {
  const tmp = tempDir('ponte-windows-');
  const db = kind === 'postgres' ? await freshPostgresDb() : undefined;
  try {
    if (!db) await seedPgliteDir(path.join(tmp.dir, 'db'));
    const store = await openStore(db ? { url: db.url } : { dataDir: path.join(tmp.dir, 'db') });
    try {
      await fn(store, tmp.dir);
    } finally {
      await store.close();
    }
  } finally {
    await db?.drop();
    tmp.remove();
  }
}

async function deploy(store: SqlStore, name: string, monitor: Record<string, Json>): Promise<Deployment> {
  return store.upsertDeployment({ name, target: 'docker', status: 'running', config: { monitor } });
}

async function closeAll(store: SqlStore, d: Deployment, now = Date.now()) {
  const settings = monitorSettingsOf(d)!;
  const stored = settings.reference && (await store.getReferenceProfile(settings.reference.dataset, settings.reference.hash));
  const ref = stored ? profileFromJson(JSON.stringify(stored.profile), 'ref') : undefined;
  const out = [];
  for (let r; (r = await store.closeWindow(d.name, windowPlan(settings, ref), now)); ) out.push(r);
  return out;
}

const HOUR = 3_600_000;

for (const kind of ['pglite', 'postgres'] as const) {
  test(`${kind}: size windows close once each, in order, every prediction in exactly one; young ones wait`, async () => {
    await withStore(kind, async (store) => {
      const d = await deploy(store, 'svc', { window: { size: 1000 } });
      const start = Date.now() - HOUR;
      await ingest(store, traffic('svc', rows(2500, 3), start, 'a'));
      const closed = await closeAll(store, d);
      assert.deepEqual(closed.map((c) => [c.window.seq, c.window.count]), [[1, 1000], [2, 1000]]);
      assert.equal(closed[0].window.start, new Date(start).toISOString().replace('Z', '000Z'));
      assert.equal(closed[1].window.start, new Date(start + 1000).toISOString().replace('Z', '000Z'));
      assert.equal(closed[1].window.end, new Date(start + 1999).toISOString().replace('Z', '000Z'));
      // 500 waiting; 600 more, of which 400 too young to have settled
      await ingest(store, traffic('svc', rows(200, 4), start + 5000, 'b'));
      await ingest(store, traffic('svc', rows(400, 5), Date.now() + 60_000, 'c'));
      assert.equal((await closeAll(store, d)).length, 0);
      const later = await closeAll(store, d, Date.now() + 120_000);
      assert.deepEqual(later.map((c) => [c.window.seq, c.window.count]), [[3, 1000]]);
      const windows = await store.listWindows('svc');
      assert.deepEqual(windows.map((w) => w.seq), [3, 2, 1]);
      assert.equal((windows[0].stats.latency as Record<string, number>).p50, 14);
    });
  });

  test(`${kind}: duration windows take epoch-aligned spans once they are over`, async () => {
    await withStore(kind, async (store) => {
      const d = await deploy(store, 'hourly', { window: { duration: '1h' } });
      // The hour must not turn while the test runs (the current hour's window is still open).
      const untilNextHour = HOUR - (Date.now() % HOUR);
      if (untilNextHour < 120_000) await new Promise((r) => setTimeout(r, untilNextHour + 1000));
      const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
      await ingest(store, traffic('hourly', rows(300, 6), base + 10, 'h0'));
      await ingest(store, traffic('hourly', rows(200, 6), base + 2 * HOUR, 'h2'));
      await ingest(store, traffic('hourly', rows(50, 6), Date.now() - 1000, 'now'));
      const closed = await closeAll(store, d);
      assert.deepEqual(closed.map((c) => [c.window.count, c.window.start, c.window.end]), [
        [300, new Date(base).toISOString().replace('Z', '000Z'), new Date(base + HOUR).toISOString().replace('Z', '000Z')],
        [200, new Date(base + 2 * HOUR).toISOString().replace('Z', '000Z'), new Date(base + 3 * HOUR).toISOString().replace('Z', '000Z')],
      ]);
    });
  });

  test(`${kind}: no false alarm over 20 undrifted windows, the drift alert in the first drifted one, resolved after two good ones`, async () => {
    await withStore(kind, async (store, dir) => {
      const ref = await storeReference(store, dir);
      // Per-column thresholds as monitor.drift gives them: Wasserstein over 500 rows wanders to
      // about 0.12 on undrifted data (seen on these seeds), so 0.2; one drifted column in three is drift.
      const wasserstein = { method: 'wasserstein', threshold: 0.2 };
      const d = await deploy(store, 'churn', { window: { size: 500 }, drift: { share: 0.3, columns: { age: wasserstein, income: wasserstein } }, alerts: [{ on: 'drift' }], reference_profile: ref });
      const start = Date.now() - HOUR;
      await ingest(store, traffic('churn', rows(20 * 500, 11), start, 'calm'));
      const calm = await closeAll(store, d);
      assert.equal(calm.length, 20);
      assert.deepEqual(calm.flatMap((c) => c.fired), [], 'no false alarm');
      for (const c of calm) assert.equal((c.window.stats.verdicts as Record<string, Json>).drift, false);

      await ingest(store, traffic('churn', rows(500, 12, 25000), start + 20 * 500, 'drift'));
      const [drifted] = await closeAll(store, d);
      assert.equal(drifted.fired.length, 1);
      assert.equal(drifted.fired[0].rule, 'drift');
      assert.match(drifted.fired[0].message, /income/);
      assert.equal(drifted.fired[0].windowId, drifted.window.id);

      await ingest(store, traffic('churn', rows(500, 13, 25000), start + 21 * 500, 'still'));
      assert.deepEqual((await closeAll(store, d)).flatMap((c) => c.fired), [], 'deduplicated while open');
      await ingest(store, traffic('churn', rows(1000, 14), start + 22 * 500, 'back'));
      const back = await closeAll(store, d);
      assert.deepEqual(back.map((c) => c.resolved.length), [0, 1]);
      const [alert] = (await store.listAlerts({ deployment: 'churn' })).items;
      assert.equal(alert.status, 'resolved');
      assert.equal(alert.resolution, '2 good windows in a row');
      assert.equal((await store.listAlerts({ status: 'resolved' })).items.length, 1);
    });
  });
}

test('pglite: ingest is not held up while a large window is being read (only its short commit is exclusive)', async () => {
  await withStore('pglite', async (store) => {
    const d = await deploy(store, 'big', { window: { size: 20_000 } });
    await ingest(store, traffic('big', rows(20_000, 1), Date.now() - HOUR, 'big'));
    const order: string[] = [];
    const closing = store.closeWindow('big', windowPlan(monitorSettingsOf(d)!, undefined)).then((c) => order.push(`closed ${c?.window.count}`));
    // queued behind the closer's first statement: it must not wait for 20 pages of reading
    const more = store.ingestPredictions(traffic('big', rows(10, 2), Date.now() - HOUR + 30_000, 'late')).then((r) => order.push(`ingested ${r.accepted}`));
    await Promise.all([closing, more]);
    assert.deepEqual(order, ['ingested 10', 'closed 20000']);
  });
});

test('pglite: a rule fires after N bad windows (hysteresis), respects its cooldown, and an acknowledged alert still resolves', async () => {
  await withStore('pglite', async (store) => {
    const d = await deploy(store, 'lat', { window: { size: 100 }, latency: { p95_ms: 10 }, alerts: [{ on: 'latency', after: 2, resolve_after: 1, cooldown: '1h' }] });
    const start = Date.now() - HOUR;
    await ingest(store, traffic('lat', rows(200, 1), start, 'slow'));
    const fired = await closeAll(store, d);
    assert.deepEqual(fired.map((c) => c.fired.length), [0, 1], 'second bad window fires');
    await store.acknowledgeAlert(fired[1].fired[0].id, 'me');
    // fast traffic: latency 1 ms
    await store.ingestPredictions(traffic('lat', rows(100, 2), start + 1000, 'fast').map((p) => ({ ...p, latencyMs: 1 })));
    const [good] = await closeAll(store, d);
    assert.equal(good.resolved[0].status, 'resolved');
    assert.equal(good.resolved[0].acknowledgedBy, 'me');
    // bad again twice, but within the hour's cooldown of the last firing
    await ingest(store, traffic('lat', rows(200, 3), start + 2000, 'slow2'));
    assert.deepEqual((await closeAll(store, d)).flatMap((c) => c.fired), []);
    await ingest(store, traffic('lat', rows(200, 4), start + 3000, 'slow3'));
    // the cooldown over, the streak of bad windows already stands: the first look fires
    assert.deepEqual((await closeAll(store, d, Date.now() + 2 * HOUR)).map((c) => c.fired.length), [1, 0]);
  });
});
