// `ponte serve` options as resolved from argv values and the environment: allowed host names
// from --allowed-host and PONTE_ALLOWED_HOSTS, the token sources, and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveServeOptions } from '../../../src/server/options';

test('allowed hosts: every --allowed-host and every PONTE_ALLOWED_HOSTS entry, canonical', () => {
  const o = resolveServeOptions({ 'allowed-host': ['Ponte.Example.org', '10.0.0.5'] }, { PONTE_ALLOWED_HOSTS: 'a.example, b.example,,' }, 7777);
  assert.deepEqual(o.allowedHosts, ['ponte.example.org', '10.0.0.5', 'a.example', 'b.example']);
  assert.deepEqual(resolveServeOptions({}, {}, 7777).allowedHosts, []);
  assert.throws(() => resolveServeOptions({ 'allowed-host': ['x.example:80'] }, {}, 7777), /--allowed-host: 'x.example:80' is not a host name/);
  assert.throws(() => resolveServeOptions({}, { PONTE_ALLOWED_HOSTS: 'ok.example,*.example' }, 7777), /PONTE_ALLOWED_HOSTS: '\*\.example'/);
});

test('a token file is enough for a non-loopback bind; its open mode becomes a warning', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-options-'));
  try {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'file-token\n');
    chmodSync(file, 0o640);
    const o = resolveServeOptions({ host: '0.0.0.0', 'token-file': file }, { PONTE_TOKEN: 'env-token' }, 7777);
    assert.equal(o.token, 'file-token');
    assert.equal(o.warnings.length, 1);
    assert.equal(o.warnings[0].event, 'token_file.open_mode');
    chmodSync(file, 0o600);
    assert.deepEqual(resolveServeOptions({ host: '0.0.0.0', 'token-file': file }, {}, 7777).warnings, []);
    assert.throws(() => resolveServeOptions({ host: '0.0.0.0', 'token-file': path.join(dir, 'missing') }, {}, 7777), (e: Error & { code?: string }) => e.code === 'usage.bad_token_file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
