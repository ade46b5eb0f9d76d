// The server's token from --token, --token-file or PONTE_TOKEN (in that order), with a token
// file read from a real file: trimmed, named in every error, and a warning when others may read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveToken } from '../../../src/server/token-source';

function withDir(f: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-token-'));
  try {
    f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('--token wins over the file, the file over PONTE_TOKEN; an empty PONTE_TOKEN is none', () => {
  withDir((dir) => {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'from-file\n', { mode: 0o600 });
    assert.equal(resolveToken({ flag: 'from-flag', file, env: 'from-env' }).token, 'from-flag');
    assert.deepEqual(resolveToken({ file, env: 'from-env' }), { token: 'from-file' });
    assert.equal(resolveToken({ env: 'from-env' }).token, 'from-env');
    assert.equal(resolveToken({ env: '' }).token, undefined);
    assert.equal(resolveToken({}).token, undefined);
  });
});

test('a token file others may read is used, with a warning naming it and the fix', () => {
  withDir((dir) => {
    const file = path.join(dir, 'token');
    writeFileSync(file, '  s3cret\r\n');
    chmodSync(file, 0o644);
    const r = resolveToken({ file });
    assert.equal(r.token, 's3cret');
    assert.equal(r.warning?.file, file);
    assert.match(r.warning?.message ?? '', /has mode 644: other users of this machine may read it/);
    assert.equal(r.warning?.hint, `chmod 600 ${file}`);
  });
});

test('a missing, empty or multi-word token file is refused, naming the file', () => {
  withDir((dir) => {
    const missing = path.join(dir, 'nope');
    assert.throws(() => resolveToken({ file: missing }), (e: Error & { code?: string; file?: string; hint?: string }) => e.code === 'usage.bad_token_file' && /ENOENT/.test(e.message) && e.file === missing && /chmod 600/.test(e.hint ?? ''));
    assert.throws(() => resolveToken({ file: dir }), /cannot read the token file \(EISDIR\)/);
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n', { mode: 0o600 });
    assert.throws(() => resolveToken({ file: empty }), (e: Error & { code?: string }) => e.code === 'usage.bad_token' && e.message.includes(empty) && /not empty/.test(e.message));
    const two = path.join(dir, 'two');
    writeFileSync(two, 'one\ntwo\n', { mode: 0o600 });
    assert.throws(() => resolveToken({ file: two }), /printable ASCII without spaces/);
  });
  assert.throws(() => resolveToken({ flag: '' }), /--token: the token must be printable ASCII without spaces, and not empty/);
  assert.throws(() => resolveToken({ env: 'a b' }), /PONTE_TOKEN: the token must be/);
});
