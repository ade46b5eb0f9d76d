// `ponte serve` and dist/server.js as real processes: the token rule for non-loopback binds,
// 401 without the token, the token from a file or the environment (never in argv), allowed host
// names, public health only when asked, server.json (0600, removed on exit), one writer per
// embedded store, and how a CLI finds the running server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveBackend } from '../../../src/cli/backend-options';
import type { ServerFile } from '../../../src/core/workspace/server-file';
import { freshPostgresDb, seedPgliteDir, serverJs, tempDir } from './lib/backends';
import { errorCode, rawRequest } from './lib/raw-http';
import { serveRefusal, spawnServe } from './lib/server-process';

test('a non-loopback bind without a token is refused with a clear message', async () => {
  const tmp = tempDir('ponte-serve-');
  try {
    const r = await serveRefusal(['--host', '0.0.0.0', '--port', '0', '--root', tmp.dir], { PONTE_TOKEN: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[serve\.token_required\]: refusing to listen on 0\.0\.0\.0 without a token/);
    assert.match(r.stderr, /hint: pass --token/);
    assert.equal(r.stdout, '');
    assert.equal(existsSync(path.join(tmp.dir, '.ponte')), false, 'nothing was created');
  } finally {
    tmp.remove();
  }
});

test('bad options are named', async () => {
  const r1 = await serveRefusal(['--port', 'eighty']);
  assert.match(r1.stderr, /error\[usage\.bad_port\]/);
  assert.equal(r1.code, 2, 'bad usage exits 2');
  const r0 = await serveRefusal(['--prot', '1']);
  assert.match(r0.stderr, /error\[usage\.bad_arguments\].*--prot/);
  assert.equal(r0.code, 2);
  const r2 = await serveRefusal(['--log-level', 'loud']);
  assert.match(r2.stderr, /error\[usage\.bad_log_level\]/);
  const r3 = await serveRefusal(['--db', 'mysql://x']);
  assert.match(r3.stderr, /error\[usage\.bad_db_url\]/);
});

test('with a token: 401 without it or with a wrong one; health is private unless --public-health', async () => {
  const tmp = tempDir('ponte-serve-');
  const token = 's3cret-token-for-tests';
  // PostgreSQL here: this test is about the HTTP layer, and a new PGlite store costs seconds.
  const db = await freshPostgresDb();
  const s = await spawnServe(['--host', '0.0.0.0', '--port', '0', '--root', tmp.dir, '--db', db.url, '--token', token, '--log-level', 'warn']);
  try {
    const url = s.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'a wildcard bind announces a connectable URL');
    const get = (p: string, t?: string) => fetch(url + p, { headers: t ? { authorization: `Bearer ${t}` } : {} });
    assert.equal((await get('/api/v1/health')).status, 401);
    const body = (await (await get('/api/v1/runs')).json()) as { error: { code: string } };
    assert.equal(body.error.code, 'auth.required');
    assert.equal((await get('/api/v1/health', 'wrong')).status, 401);
    assert.equal((await get('/api/v1/health', token + 'x')).status, 401);
    assert.equal((await get('/healthz')).status, 401);
    assert.equal((await get('/metrics')).status, 401);
    assert.equal((await get('/api/v1/health', token)).status, 200);
    assert.equal((await get('/metrics', token)).status, 200);
    const info = JSON.parse(readFileSync(path.join(tmp.dir, '.ponte', 'server.json'), 'utf8')) as ServerFile;
    assert.equal(info.token, token);
    assert.equal(statSync(path.join(tmp.dir, '.ponte', 'server.json')).mode & 0o777, 0o600);
  } finally {
    s.proc.kill('SIGTERM');
    assert.equal(await s.exited, 0);
    tmp.remove();
  }
  const tmp2 = tempDir('ponte-serve-');
  const p = await spawnServe(['--port', '0', '--root', tmp2.dir, '--db', db.url, '--token', token, '--public-health', '--log-level', 'warn']);
  try {
    assert.equal((await fetch(`${p.url}/healthz`)).status, 200);
    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    assert.match(metrics, /ponte_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    assert.match(metrics, /ponte_http_request_duration_seconds_bucket/);
    assert.equal((await fetch(`${p.url}/api/v1/health`)).status, 401);
  } finally {
    p.proc.kill('SIGTERM');
    await p.exited;
    tmp2.remove();
    await db.drop();
  }
});

test('the token from --token-file or PONTE_TOKEN, never in argv; --allowed-host and PONTE_ALLOWED_HOSTS names served', async () => {
  const tmp = tempDir('ponte-serve-');
  const db = await freshPostgresDb();
  const file = path.join(tmp.dir, 'token');
  writeFileSync(file, 'file-token-123\n');
  chmodSync(file, 0o644);
  const sources: [string, string[], NodeJS.ProcessEnv][] = [
    ['file-token-123', ['--token-file', file, '--allowed-host', 'ponte.test'], { PONTE_TOKEN: 'env-loses' }],
    ['env-token-456', [], { PONTE_TOKEN: 'env-token-456', PONTE_ALLOWED_HOSTS: 'ponte.test' }],
  ];
  try {
    for (const [token, args, env] of sources) {
      const s = await spawnServe(['--host', '0.0.0.0', '--port', '0', '--root', tmp.dir, '--db', db.url, '--no-server-file', '--log-level', 'warn', ...args], env);
      try {
        const port = Number(new URL(s.url).port);
        assert.doesNotMatch(readFileSync(`/proc/${s.pid}/cmdline`, 'utf8'), new RegExp(token), 'the token is not in the command line');
        const auth: [string, string] = ['authorization', `Bearer ${token}`];
        assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `127.0.0.1:${port}`]] })).status, 401);
        assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `127.0.0.1:${port}`], auth] })).status, 200);
        assert.equal((await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `ponte.test:${port}`], auth] })).status, 200);
        const other = await rawRequest(port, { target: '/api/v1/runs', headers: [['Host', `other.test:${port}`], auth] });
        assert.equal(errorCode(other), 'api.host_not_allowed');
        if (args.includes('--token-file')) assert.match(s.stderr(), /"level":"warn","event":"token_file.open_mode".*has mode 644/);
      } finally {
        s.proc.kill('SIGTERM');
        await s.exited;
      }
    }
    const missing = await serveRefusal(['--host', '0.0.0.0', '--port', '0', '--root', tmp.dir, '--token-file', path.join(tmp.dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /error\[usage\.bad_token_file\]: \/.*\/nope: cannot read the token file \(ENOENT\)/);
    const badHost = await serveRefusal(['--port', '0', '--root', tmp.dir, '--allowed-host', 'x.test:80']);
    assert.match(badHost.stderr, /error\[usage\.bad_allowed_host\]: --allowed-host: 'x\.test:80'/);
  } finally {
    tmp.remove();
    await db.drop();
  }
});

test('server.json leads a CLI to the running server; a second writer is refused; a clean exit removes it', async () => {
  const tmp = tempDir('ponte-serve-');
  await seedPgliteDir(path.join(tmp.dir, '.ponte', 'db'));
  const s = await spawnServe(['--port', '0', '--root', tmp.dir, '--log-level', 'warn']);
  const file = path.join(tmp.dir, '.ponte', 'server.json');
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerFile;
    assert.equal(info.pid, s.pid);
    assert.equal(info.url, s.url);
    assert.equal(info.store, 'pglite');
    assert.match(readFileSync(path.join(tmp.dir, '.ponte', '.gitignore'), 'utf8'), /^\*$/m, '.ponte/ (token, store) is never committed');
    const choice = await resolveBackend({ root: tmp.dir, env: {} });
    assert.equal(choice.kind, 'local-server');
    const run = await choice.api.createRun({ project: 'found' });
    assert.equal((await choice.api.getRun(run.id)).project, 'found');
    await choice.api.close();
    const remote = await resolveBackend({ root: tmp.dir, env: { PONTE_BACKEND: s.url } });
    assert.equal(remote.kind, 'remote');
    await assert.rejects(resolveBackend({ root: tmp.dir, env: { PONTE_BACKEND: 'ftp://x' } }), /must be an http\(s\) URL/);

    const second = await serveRefusal(['--port', '0', '--root', tmp.dir, '--no-server-file']);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`error\\[store\\.locked\\].*in use by process ${s.pid}`));
  } finally {
    s.proc.kill('SIGTERM');
    assert.equal(await s.exited, 0);
  }
  assert.equal(existsSync(file), false, 'server.json removed on a clean exit');
  assert.equal(existsSync(path.join(tmp.dir, '.ponte', 'db.lock')), false, 'lock released');
  tmp.remove();
});

test('dist/server.js announces itself in one JSON line and exits when its parent disconnects', async () => {
  const tmp = tempDir('ponte-serverjs-');
  await seedPgliteDir(path.join(tmp.dir, '.ponte', 'db'));
  const child = fork(serverJs, ['--root', tmp.dir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      void exited.then(() => reject(new Error('server.js exited before listening')));
    });
    const info = JSON.parse(line) as { event: string; port: number; url: string };
    assert.equal(info.event, 'listening');
    assert.ok(info.port > 0);
    assert.equal(((await (await fetch(`${info.url}/healthz`)).json()) as { status: string }).status, 'ok');
    assert.ok(existsSync(path.join(tmp.dir, '.ponte', 'server.json')));
    child.disconnect();
    assert.equal(await exited, 0);
    assert.equal(existsSync(path.join(tmp.dir, '.ponte', 'server.json')), false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    tmp.remove();
  }
});
