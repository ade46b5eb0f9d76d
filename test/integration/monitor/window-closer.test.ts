// The server's window closer over a real embedded store: late labels score their closed window
// again with the class threshold of monitor.accuracy; an accuracy alert (fired by late labels) reaches a live webhook
// (real HTTP), a dead webhook ends as an `alert.dead_letter` audit entry with the payload after
// its retries, and a command gets the alert as JSON on stdin (run without a shell).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { openStore } from '../../../src/core/store';
import { createLogger } from '../../../src/server/log';
import { startWindowCloser } from '../../../src/server/window-closer';
import { seedPgliteDir, tempDir } from '../server/lib/backends';
import { ingest, rows, traffic } from './lib/traffic';

const body = (req: IncomingMessage) => new Promise<string>((r) => {
  let s = '';
  req.on('data', (d) => (s += d));
  req.on('end', () => r(s));
});

test('late labels rescore their window with the class threshold; an alert reaches a webhook and a command, a dead webhook is a dead letter', async () => {
  const tmp = tempDir('ponte-closer-');
  const received: string[] = [];
  const hook = createServer((req, res) => {
    void body(req).then((b) => {
      received.push(b);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/hook`;
  await new Promise<void>((r) => dead.close(() => r()));
  writeFileSync(path.join(tmp.dir, 'notify.js'), "let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => require('fs').writeFileSync(process.argv[2], s));\n");
  await seedPgliteDir(path.join(tmp.dir, 'db'));
  const store = await openStore({ dataDir: path.join(tmp.dir, 'db') });
  const closer = startWindowCloser(store, createLogger('silent'), { intervalMs: 3_600_000, delivery: { attempts: 2, backoffMs: 10, timeoutMs: 2000, cwd: tmp.dir } });
  try {
    await store.upsertDeployment({
      name: 'acc', target: 'docker', status: 'running', config: {
        monitor: {
          window: { size: 100 }, accuracy: { metric: 'accuracy', min: 0.8, threshold: 0.7 },
          alerts: [
            { on: 'accuracy', webhook: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` },
            { on: 'accuracy', webhook: deadUrl },
            { on: 'accuracy', command: `${JSON.stringify(process.execPath)} notify.js alert.json` },
          ],
        },
      },
    });
    const start = Date.now() - 3_600_000;
    // 0.6 is the negative class at threshold 0.7 (it would be positive at the default 0.5)
    const first = traffic('acc', rows(100, 1), start, 'w1').map((p) => ({ ...p, prediction: 0.6 }));
    await ingest(store, first);
    assert.equal(await closer.pass(), 1);
    const [w1] = await store.listWindows('acc');
    assert.equal(w1.stats.labelled, 0);
    assert.equal((w1.stats.verdicts as Record<string, unknown>).accuracy, null);

    // labels after the window closed: half of it, all negative, so all correct at 0.7
    await store.addFeedback(first.slice(0, 50).map((p) => ({ predictionId: p.id, label: 0 })));
    await closer.rescored();
    const [again] = await store.listWindows('acc');
    assert.equal(again.id, w1.id);
    assert.deepEqual([again.stats.labelled, again.stats.accuracy, (again.stats.verdicts as Record<string, unknown>).accuracy], [50, 1, false]);
    assert.equal(again.stats.count, 100, 'the rest of the stats stay');

    // a closed window whose late labels say every prediction was wrong fires the accuracy alert
    // then, not at the next window
    const second = traffic('acc', rows(100, 2), start + 1000, 'w2').map((p) => ({ ...p, prediction: 0.6 }));
    await ingest(store, second);
    assert.equal(await closer.pass(), 1);
    assert.equal((await store.listAlerts({ deployment: 'acc' })).items.length, 0);
    await store.addFeedback(second.map((p) => ({ predictionId: p.id, label: 1 })));
    await closer.rescored();
    await closer.stop();

    const [alert] = (await store.listAlerts({ deployment: 'acc' })).items;
    assert.equal(alert.rule, 'accuracy');
    assert.match(alert.message, /^accuracy 0 < 0\.8 \(100 labels\)$/);
    assert.equal(received.length, 1);
    assert.equal((JSON.parse(received[0]) as { alert: { id: string } }).alert.id, alert.id);
    assert.equal((JSON.parse(received[0]) as { state: string }).state, 'fired');
    assert.ok(existsSync(path.join(tmp.dir, 'alert.json')));
    assert.equal((JSON.parse(readFileSync(path.join(tmp.dir, 'alert.json'), 'utf8')) as { alert: { id: string } }).alert.id, alert.id);
    const letters = (await store.listAudit({ target: alert.id })).items;
    assert.deepEqual(letters.map((l) => [l.action, l.details.to, l.details.url, l.details.attempts]), [['alert.dead_letter', 'webhook', deadUrl, 2]]);
    assert.equal((letters[0].details.payload as { alert: { id: string } }).alert.id, alert.id);
  } finally {
    await closer.stop();
    await store.close();
    hook.close();
    tmp.remove();
  }
});
