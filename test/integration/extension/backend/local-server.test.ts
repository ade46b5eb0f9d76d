// The extension's local backend without the editor: fork dist/server.js, find it again through
// .ponte/server.json (as a second window would), and stop only the one this process started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { findRunningServer, forkLocalServer, stopForkedServer } from '../../../../src/extension/backend/local-server';
import { seedPgliteDir, serverJs, tempDir } from '../../server/lib/backends';

test('fork, reuse through server.json, stop only what was started here', async () => {
  const tmp = tempDir('ponte-ext-backend-');
  await seedPgliteDir(path.join(tmp.dir, '.ponte', 'db'));
  const logs: string[] = [];
  const started = await forkLocalServer({ serverJs, root: tmp.dir, onLog: (l) => logs.push(l) });
  try {
    assert.equal(started.startedHere, true);
    assert.equal(((await (await fetch(`${started.url}/healthz`)).json()) as { status: string }).status, 'ok');
    const found = await findRunningServer(tmp.dir);
    assert.ok(found);
    assert.equal(found.url, started.url);
    assert.equal(found.pid, started.pid);
    assert.equal(found.startedHere, false);
    // stopping a reused server is a no-op: it keeps running
    await stopForkedServer(found);
    assert.equal((await fetch(`${started.url}/healthz`)).status, 200);
  } finally {
    await stopForkedServer(started);
  }
  assert.equal(existsSync(path.join(tmp.dir, '.ponte', 'server.json')), false, 'a clean stop removes server.json');
  assert.equal(await findRunningServer(tmp.dir), undefined);
  assert.ok(logs.some((l) => l.includes('server.stopped')), 'the server logged its clean stop');
  tmp.remove();
});

test('a server that cannot start reports why', async () => {
  const tmp = tempDir('ponte-ext-backend-');
  try {
    // a bad option: the server refuses and says why on stderr, which becomes the error
    await assert.rejects(forkLocalServer({ serverJs, root: tmp.dir, execPath: process.execPath, extraArgs: ['--log-level', 'loud'] }), /did not start: --log-level must be one of/);
  } finally {
    tmp.remove();
  }
});
