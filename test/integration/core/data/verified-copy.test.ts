// copyVerified, the one copy out of the cache: the destination is replaced only by bytes that
// hashed to the object's name; a mismatch or a cancel leaves the destination as it was and no
// temporary file beside it. objectProblem judges DVC 2 objects by md5-dos2unix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyVerified } from '../../../../src/core/data/index';
import { objectProblem } from '../../../../src/core/data/verified-copy';
import { PonteError } from '../../../../src/core/errors';

const md5 = (b: string | Buffer) => createHash('md5').update(b).digest('hex');

function inDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-verified-copy-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('a sound object replaces the destination, with the mode asked for', inDir(async (dir) => {
  const bytes = Buffer.alloc(3 << 20, 'abc'); // several chunks
  writeFileSync(join(dir, 'obj'), bytes);
  writeFileSync(join(dir, 'dest'), 'old');
  await copyVerified(join(dir, 'obj'), join(dir, 'dest'), { md5: md5(bytes), kind: 'md5' }, { mode: 0o640 });
  assert.deepEqual(readFileSync(join(dir, 'dest')), bytes);
  assert.equal(statSync(join(dir, 'dest')).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(dir).sort(), ['dest', 'obj']);
}));

test('a corrupt object leaves the destination as it was: no rename, no temporary file', inDir(async (dir) => {
  const good = Buffer.alloc(3 << 20, 'abc');
  const bad = Buffer.from(good);
  bad[(2 << 20) + 5] ^= 1; // in the last chunk, after two have been written
  writeFileSync(join(dir, 'obj'), bad);
  writeFileSync(join(dir, 'dest'), 'old');
  await assert.rejects(
    copyVerified(join(dir, 'obj'), join(dir, 'dest'), { md5: md5(good), kind: 'md5' }, { mode: 0o644 }),
    (e: PonteError) => {
      assert.equal(e.code, 'data.corrupt_object');
      assert.equal(e.file, join(dir, 'obj'));
      assert.equal(e.message, `corrupt cache object: its md5 is ${md5(bad)} (${bad.length} bytes), the name says ${md5(good)}`);
      return true;
    },
  );
  assert.equal(readFileSync(join(dir, 'dest'), 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir).sort(), ['dest', 'obj']);
}));

test('a cancelled copy leaves nothing behind', inDir(async (dir) => {
  const bytes = Buffer.alloc(20 << 20, 'x');
  writeFileSync(join(dir, 'obj'), bytes);
  const controller = new AbortController();
  const copying = copyVerified(join(dir, 'obj'), join(dir, 'dest'), { md5: md5(bytes), kind: 'md5' }, { mode: 0o644, signal: controller.signal });
  controller.abort();
  await assert.rejects(copying, (e: PonteError) => e.code === 'data.cancelled');
  assert.deepEqual(readdirSync(dir), ['obj']);
}));

test('a DVC 2 object is judged by md5-dos2unix: CRLF text under its LF name is sound, the raw md5 is not its name', inDir(async (dir) => {
  const crlf = 'a,b\r\n1,2\r\n';
  const name = md5(crlf.replace(/\r\n/g, '\n'));
  writeFileSync(join(dir, 'obj'), crlf);
  assert.equal(await objectProblem(join(dir, 'obj'), { md5: name, kind: 'md5-dos2unix' }), undefined);
  assert.match((await objectProblem(join(dir, 'obj'), { md5: name, kind: 'md5' }))!, /the name says/);
  await copyVerified(join(dir, 'obj'), join(dir, 'dest'), { md5: name, kind: 'md5-dos2unix' }, { mode: 0o644 });
  assert.equal(readFileSync(join(dir, 'dest'), 'utf8'), crlf, 'the bytes are copied as they are, CRLF kept');
}));
