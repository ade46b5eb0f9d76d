// Alert delivery for real: a local webhook sink that fails twice and then accepts (retried with
// backoff), one that stays down (attempts exhausted, handed back for the dead letter), a 4xx that
// is not retried; a command that gets the alert on stdin and is never run through a shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PonteError } from '../../../src/core/errors';
import { commandWords, deliverWebhook, runAlertCommand } from '../../../src/core/monitor';

async function sink(answers: number[]): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => {
      bodies.push(b);
      res.statusCode = answers[bodies.length - 1] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('a webhook that fails twice is retried with backoff and delivered', async () => {
  const s = await sink([500, 503, 200]);
  try {
    const r = await deliverWebhook(s.url, { kind: 'drift' }, { backoffMs: 10 });
    assert.deepEqual(r, { ok: true, attempts: 3, last: 'HTTP 200' });
    assert.deepEqual(s.bodies.map((b) => JSON.parse(b) as unknown), [{ kind: 'drift' }, { kind: 'drift' }, { kind: 'drift' }]);
  } finally {
    await s.close();
  }
});

test('a target that stays down exhausts the attempts; a 4xx is not retried', async () => {
  const down = await sink([]);
  await down.close();
  const r = await deliverWebhook(down.url, {}, { attempts: 3, backoffMs: 5, timeoutMs: 1000 });
  assert.equal(r.ok, false);
  assert.equal(r.attempts, 3);
  const gone = await sink([410]);
  try {
    assert.deepEqual(await deliverWebhook(gone.url, {}, { backoffMs: 5 }), { ok: false, attempts: 1, last: 'HTTP 410' });
  } finally {
    await gone.close();
  }
});

test('a command gets the alert as JSON on stdin, without a shell', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-alert-cmd-'));
  try {
    const out = join(dir, 'alert.json');
    const r = await runAlertCommand(`${process.execPath} -e "require('fs').writeFileSync(process.argv[1], require('fs').readFileSync(0))" '${out}'`, { kind: 'drift', deployment: 'prod' });
    assert.equal(r.ok, true, r.stderr);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { kind: 'drift', deployment: 'prod' });
    assert.deepEqual(commandWords(`notify --to "ml team" 'a b' c\\ d`), ['notify', '--to', 'ml team', 'a b', 'c d']);
    for (const bad of ['notify; rm -rf x', 'notify $HOME', 'a | b', 'x > y', 'say "$(id)"', '"unclosed', '   ']) {
      assert.throws(() => commandWords(bad), (e: unknown) => e instanceof PonteError && e.code === 'alert.bad_command' && !!e.hint, bad);
    }
    assert.equal((await runAlertCommand('/nonexistent/notify', {})).ok, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
