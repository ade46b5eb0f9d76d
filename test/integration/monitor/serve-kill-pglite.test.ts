// The embedded store (PGlite, in the server's worker thread) killed with SIGKILL while windows
// close: the test kills `ponte serve` (needs `npm run build`) just after it logs a window closed,
// when its closer is already folding the next one, three times over; after each restart the
// windows are a gapless run from 1, none twice, and in the end every prediction is in exactly one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { HttpClient, type Json } from '../../../src/core/api';
import { seedPgliteDir, tempDir } from '../server/lib/backends';
import { spawnServe, type ServerProc } from '../server/lib/server-process';
import { rows, traffic } from './lib/traffic';

const SIZE = 2000;
const WINDOWS = 10;
const monitor: Record<string, Json> = { window: { size: SIZE }, latency: { p99_ms: 1 }, alerts: [{ on: 'latency' }] };

/** Resolves when the server's log holds more than `already` window.closed lines. */
function nextClose(server: ServerProc, already: number): Promise<void> {
  const closed = () => server.stderr().split('\n').filter((l) => l.includes('"window.closed"')).length;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (closed() > already) return resolve();
      if (server.proc.exitCode !== null) return reject(new Error(`ponte serve exited:\n${server.stderr()}`));
      server.proc.stderr!.once('data', () => setImmediate(check));
    };
    check();
  });
}

async function windowsOf(client: HttpClient): Promise<{ seq: number | null; count: number }[]> {
  return (await client.listWindows('k', 100)).map((w) => ({ seq: w.seq, count: w.count })).reverse();
}

test('pglite: SIGKILL just after a window closed, three times; after each restart no window twice, none lost', async () => {
  const tmp = tempDir('ponte-kill-pglite-window-');
  await seedPgliteDir(path.join(tmp.dir, '.ponte', 'db'));
  const args = ['--port', '0', '--root', tmp.dir, '--log-level', 'info'];
  let server = await spawnServe(args);
  try {
    let client = new HttpClient({ url: server.url });
    await client.upsertDeployment({ name: 'k', target: 'docker', status: 'running', config: { monitor } });
    const ps = traffic('k', rows(SIZE * WINDOWS, 3), Date.now() - 3_600_000, 'k');
    for (let i = 0; i < ps.length; i += 2000) await client.ingestPredictions(ps.slice(i, i + 2000));
    for (let kill = 0; kill < 3; kill++) {
      await nextClose(server, 0);
      server.proc.kill('SIGKILL');
      await server.exited;
      await client.close();
      server = await spawnServe(args);
      client = new HttpClient({ url: server.url });
      const windows = await windowsOf(client);
      assert.deepEqual(windows.map((w) => w.seq), windows.map((_, i) => i + 1), `after kill ${kill + 1}: a gapless run of windows, none twice`);
      assert.ok(windows.every((w) => w.count === SIZE));
    }
    let windows = await windowsOf(client);
    for (let polls = 0; windows.length < WINDOWS && polls < 600; polls++) {
      await new Promise((r) => setTimeout(r, 100));
      windows = await windowsOf(client);
    }
    assert.deepEqual(windows, Array.from({ length: WINDOWS }, (_, i) => ({ seq: i + 1, count: SIZE })));
    assert.equal((await client.listAlerts({ deployment: 'k' })).items.length, 1, 'the alert fired once, not again after a restart');
    await client.close();
  } finally {
    server.proc.kill('SIGKILL');
    await server.exited;
    tmp.remove();
  }
});
