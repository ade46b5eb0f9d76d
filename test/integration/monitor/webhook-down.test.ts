// Fault: the alert's webhook target is down, seen through a real `ponte serve` (needs `npm run
// build`). The target answers 503 to every attempt; the server tries it the configured number of
// times with backoff, then writes the dead letter (the whole alert) to the audit log. Production is
// untouched: the deployment is as it was, the window is closed once, and the alert itself is
// stored and reaches the event stream, so the editor still hears of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, type Json, type PonteEvent } from '../../../src/core/api';
import { seedPgliteDir, tempDir } from '../server/lib/backends';
import { spawnServe } from '../server/lib/server-process';
import { rows, traffic } from './lib/traffic';
import { until } from './lib/until';
import * as path from 'node:path';

test('a webhook target that stays down: retried with backoff, then a dead letter; production untouched', async () => {
  const tmp = tempDir('ponte-hook-down-');
  const attempts: number[] = [];
  const target = createServer((req, res) => {
    attempts.push(Date.now());
    req.resume();
    res.writeHead(503).end('down for maintenance');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
  await seedPgliteDir(path.join(tmp.dir, '.ponte', 'db'));
  const server = await spawnServe(['--port', '0', '--root', tmp.dir, '--log-level', 'warn']);
  try {
    const client = new HttpClient({ url: server.url });
    const events: PonteEvent[] = [];
    const unsubscribe = client.subscribe((e) => events.push(e));
    const config: Record<string, Json> = { image: 'churn-model:1', monitor: { window: { size: 200 }, latency: { p99_ms: 1 }, alerts: [{ on: 'latency', webhook: url }] } };
    const before = await client.upsertDeployment({ name: 'production', target: 'docker', status: 'running', modelName: 'churn', modelVersion: 3, config });
    await client.ingestPredictions(traffic('production', rows(200, 1), Date.now() - 3_600_000, 'p'));

    const alert = await until('the alert', async () => (await client.listAlerts({ deployment: 'production' })).items[0]);
    const letter = await until('the dead letter', async () => (await client.listAudit({ target: alert.id })).items.find((e) => e.action === 'alert.dead_letter'));
    assert.equal(letter.details.url, url);
    assert.equal(letter.details.last, 'HTTP 503');
    assert.equal(attempts.length, 4, 'every attempt made, none after the dead letter');
    assert.equal(letter.details.attempts, 4);
    // backoff: each wait at least as long as the one before
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    assert.ok(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]), `gaps ${gaps.join(', ')} ms`);
    assert.equal(((letter.details.payload as { alert: { id: string } }).alert).id, alert.id, 'the whole alert is kept, to replay');

    const after = await client.getDeployment('production');
    assert.deepEqual([after.status, after.modelVersion, after.image, after.updatedAt], [before.status, 3, before.image, before.updatedAt], 'the deployment is as it was');
    assert.deepEqual((await client.listWindows('production')).map((w) => [w.seq, w.count]), [[1, 200]], 'the window closed once');
    assert.equal(alert.status, 'open');
    await until('the alert on the event stream', async () => (events.some((e) => e.type === 'alert.fired' && e.alert.id === alert.id) ? true : undefined));
    unsubscribe();
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
    target.close();
    tmp.remove();
  }
});
