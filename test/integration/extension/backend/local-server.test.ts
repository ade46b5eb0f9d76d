// The extension's local backend without the editor: fork dist/server.js with a random token
// passed through the environment, find it again through .ponte/server.json (as a second window
// or a CLI would) and reach it with that token, events included; stop only what was started here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveBackend } from '../../../../src/cli/backend-options';
import { HttpClient, type PonteEvent } from '../../../../src/core/api';
import { findRunningServer, forkLocalServer, stopForkedServer } from '../../../../src/extension/backend/local-server';
import { seedPgliteDir, serverJs, tempDir } from '../../server/lib/backends';

test('fork, reuse through server.json, stop only what was started here', async () => {
  const tmp = tempDir('ponte-ext-backend-');
  await seedPgliteDir(path.join(tmp.dir, '.ponte', 'db'));
  const logs: string[] = [];
  const started = await forkLocalServer({ serverJs, root: tmp.dir, onLog: (l) => logs.push(l) });
  try {
    assert.equal(started.startedHere, true);
    const token = started.token ?? '';
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, 'a random 256-bit token');
    assert.doesNotMatch(readFileSync(`/proc/${started.pid}/cmdline`, 'utf8'), new RegExp(token), 'passed through the environment, not argv');
    const auth = { authorization: `Bearer ${token}` };
    for (const p of ['/healthz', '/metrics', '/api/v1/runs', '/api/v1/events']) assert.equal((await fetch(`${started.url}${p}`)).status, 401, p);
    assert.equal(((await (await fetch(`${started.url}/healthz`, { headers: auth })).json()) as { status: string }).status, 'ok');
    const found = await findRunningServer(tmp.dir);
    assert.ok(found);
    assert.equal(found.url, started.url);
    assert.equal(found.pid, started.pid);
    assert.equal(found.token, token, 'server.json carries the token');
    assert.equal(found.startedHere, false);
    // the editor's client, its event stream, and a CLI finding the server through server.json
    // (whatever PONTE_TOKEN says: it may be meant for a remote backend)
    const client = new HttpClient({ url: started.url, token });
    const events: PonteEvent[] = [];
    await new Promise<void>((resolve) => client.subscribe((e) => events.push(e), (connected) => connected && resolve()));
    const cli = await resolveBackend({ root: tmp.dir, env: { PONTE_TOKEN: 'meant-for-another-server' } });
    assert.equal(cli.kind, 'local-server');
    const run = await cli.api.createRun({ project: 'tokened' });
    await cli.api.close();
    for (let waited = 0; !events.some((e) => e.type === 'run.created'); waited += 50) {
      assert.ok(waited < 60_000, 'the event stream carried run.created');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await client.getRun(run.id)).project, 'tokened');
    await client.close();
    // stopping a reused server is a no-op: it keeps running
    await stopForkedServer(found);
    assert.equal((await fetch(`${started.url}/healthz`, { headers: auth })).status, 200);
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
