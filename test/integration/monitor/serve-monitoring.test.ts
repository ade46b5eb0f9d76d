// Monitoring in real `ponte serve` processes on one PostgreSQL database (needs `npm run build`):
// killed with SIGKILL while it holds a window's transaction open, the server leaves nothing
// half-closed, and after a restart the window is closed once; two servers with the traffic split
// between them close every window once, and a client of either event stream sees every alert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { HttpClient, type Alert, type Json, type PonteEvent } from '../../../src/core/api';
import { freshPostgresDb, tempDir } from '../server/lib/backends';
import { spawnServe } from '../server/lib/server-process';
import { rows, traffic } from './lib/traffic';
import { until } from './lib/until';

const monitor = (size: number): Record<string, Json> => ({ window: { size }, latency: { p99_ms: 1 }, alerts: [{ on: 'latency' }] });

async function send(client: HttpClient, deployment: string, n: number, seed: number, prefix: string, startMs: number): Promise<void> {
  const ps = traffic(deployment, rows(n, seed), startMs, prefix);
  for (let i = 0; i < ps.length; i += 2000) await client.ingestPredictions(ps.slice(i, i + 2000));
}

test('postgres: SIGKILL while a window is being closed; after the restart it is closed once', async () => {
  const db = await freshPostgresDb();
  const tmp = tempDir('ponte-kill-window-');
  const args = ['--port', '0', '--root', tmp.dir, '--db', db.url, '--log-level', 'warn'];
  const blocker = new pg.Client({ connectionString: db.url });
  let server = await spawnServe(args);
  try {
    const client = new HttpClient({ url: server.url });
    await client.upsertDeployment({ name: 'k', target: 'docker', status: 'running', config: { monitor: monitor(1000) } });
    await blocker.connect();
    // Hold the closer inside its transaction: it has taken the lock and read the predictions,
    // and its window insert waits behind this table lock until the process is killed.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE monitoring_windows IN SHARE MODE');
    await send(client, 'k', 2500, 1, 'k', Date.now() - 3_600_000);
    await until('the closer to wait on the window insert', async () => {
      const r = await blocker.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'monitoring_windows' AND NOT l.granted");
      return (r.rows[0] as { n: number }).n > 0 ? true : undefined;
    });
    server.proc.kill('SIGKILL');
    await server.exited;
    await blocker.query('COMMIT');
    const after = await blocker.query('SELECT count(*)::int AS n FROM monitoring_windows');
    assert.equal((after.rows[0] as { n: number }).n, 0, 'nothing committed by the killed close');

    server = await spawnServe(args);
    const again = new HttpClient({ url: server.url });
    const windows = await until('two windows', async () => {
      const w = await again.listWindows('k');
      return w.length >= 2 ? w : undefined;
    });
    assert.deepEqual(windows.map((w) => [w.seq, w.count]), [[2, 1000], [1, 1000]]);
    const cursor = await blocker.query("SELECT seq, last_id FROM monitor_cursors WHERE deployment = 'k'");
    assert.deepEqual(cursor.rows[0], { seq: 2, last_id: 'k-001999' });
    assert.equal((await again.listAlerts({ deployment: 'k' })).items.length, 1);
    await again.close();
    await client.close();
  } finally {
    await blocker.end().catch(() => undefined);
    server.proc.kill('SIGKILL');
    await server.exited;
    await db.drop();
    tmp.remove();
  }
});

test('postgres: two servers, traffic split: every window closed once, every alert seen by clients of both', async () => {
  const db = await freshPostgresDb();
  const tmp = tempDir('ponte-two-serve-');
  const args = (name: string) => ['--port', '0', '--root', `${tmp.dir}/${name}`, '--db', db.url, '--log-level', 'warn'];
  const [a, b] = [await spawnServe(args('a')), await spawnServe(args('b'))];
  const [ca, cb] = [new HttpClient({ url: a.url }), new HttpClient({ url: b.url })];
  const seen: Record<'a' | 'b', Alert[]> = { a: [], b: [] };
  const stops = [
    ca.subscribe((e: PonteEvent) => e.type === 'alert.fired' && seen.a.push(e.alert)),
    cb.subscribe((e: PonteEvent) => e.type === 'alert.fired' && seen.b.push(e.alert)),
  ];
  try {
    const names = ['d1', 'd2', 'd3', 'd4'];
    for (const name of names) await ca.upsertDeployment({ name, target: 'docker', status: 'running', config: { monitor: monitor(500) } });
    const start = Date.now() - 3_600_000;
    for (let k = 0; k < 8; k++) for (const [i, name] of names.entries()) await send(k % 2 ? cb : ca, name, 500, k * 10 + i, `${name}-${k}`, start + k * 1000);
    for (const name of names) {
      const windows = await until(`8 windows of ${name}`, async () => {
        const w = await cb.listWindows(name, 100);
        return w.length >= 8 ? w : undefined;
      });
      assert.deepEqual(windows.map((w) => w.seq), [8, 7, 6, 5, 4, 3, 2, 1]);
      assert.ok(windows.every((w) => w.count === 500));
    }
    const alerts = (await ca.listAlerts({ limit: 100 })).items;
    assert.deepEqual(alerts.map((x) => x.deployment).sort(), names, 'one alert per deployment, deduplicated across servers');
    for (const side of ['a', 'b'] as const) {
      await until(`client ${side} to see every alert`, async () => (seen[side].length >= alerts.length ? true : undefined));
      assert.deepEqual(seen[side].map((x) => x.id).sort(), alerts.map((x) => x.id).sort(), side);
    }
  } finally {
    for (const stop of stops) stop();
    await ca.close();
    await cb.close();
    for (const s of [a, b]) {
      s.proc.kill('SIGTERM');
      await s.exited;
    }
    await db.drop();
    tmp.remove();
  }
});
