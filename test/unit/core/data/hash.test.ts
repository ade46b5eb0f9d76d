// Hashing: DESIGN.md's published values and DVC 2's md5-dos2unix rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK_SIZE, dos2unix, hashBytes, hashFile, isTextBlock } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

test('published file hashes: raw md5 and md5-dos2unix of "a\\r\\nb\\r\\n"', () => {
  const data = Buffer.from('a\r\nb\r\n');
  assert.equal(hashBytes(data), '59b0d7772f0561efb95518f3cb8abc60');
  assert.equal(hashBytes(data, 'md5-dos2unix'), 'dd8c6a395b5dd36c56d23275028f526c');
});

test('text judgement: empty is text, a NUL is binary, 30% non-printable is the limit', () => {
  assert.equal(isTextBlock(Buffer.alloc(0)), true);
  assert.equal(isTextBlock(Buffer.from('abc\x00')), false);
  assert.equal(isTextBlock(Buffer.from([0xff, 0xff, 0xff, 65, 65, 65, 65, 65, 65, 65])), true); // exactly 30%
  assert.equal(isTextBlock(Buffer.from([0xff, 0xff, 0xff, 0xff, 65, 65, 65, 65, 65, 65])), false);
  assert.equal(isTextBlock(Buffer.from('\n\r\t\f\b ~')), true);
});

test('a binary file keeps its CRLFs under md5-dos2unix', () => {
  const bin = Buffer.from('\x00\r\n');
  assert.equal(hashBytes(bin, 'md5-dos2unix'), hashBytes(bin));
  assert.deepEqual([...dos2unix(Buffer.from('a\r\r\nb\r'))], [...Buffer.from('a\r\nb\r')]);
});

test('md5-dos2unix: the first 512 bytes decide for the whole file; CRLFs go in every 1 MiB chunk', async () => {
  // Values from DVC 2's file_md5 / dvc-data's HashStreamFile, re-done in Python: istextblock of
  // the first 512 bytes, then bytes.replace(CRLF, LF) on each 1 MiB read.
  const C = CHUNK_SIZE;
  const cases: [string, Buffer, string][] = [
    ['text head, NUL later', Buffer.concat([Buffer.from('a,b\r\n'.repeat(200)), Buffer.from('\x00\r\n'), Buffer.from('x\r\n'.repeat(10))]), '11d052f44ab4062a0753122356a6f98c'],
    ['NUL head, CRLF later', Buffer.concat([Buffer.from([0]), Buffer.alloc(600, 'y'), Buffer.from('a\r\nb\r\n')]), '7c9d546dfaa778d6fd058771b2e3711b'],
    ['CRLF split across 1 MiB', Buffer.concat([Buffer.alloc(C - 1, 'a'), Buffer.from('\r\nb\r\n')]), 'deb8178cc400550795d42d701b97846d'],
    ['non-ASCII head', Buffer.from(`${'é'.repeat(300)}a\r\n`), '24c08a655f80ce7ce3c0bd4a50df7684'],
    ['text head, binary 2nd chunk', Buffer.concat([Buffer.from('z\r\n'.repeat(Math.floor(C / 3) + 10)), Buffer.alloc(100, 0), Buffer.from('q\r\n')]), 'cfdb5bfb9ad543a9543ca65c56f06812'],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'ponte-d2u-'));
  try {
    for (const [name, data, md5] of cases) {
      assert.equal(hashBytes(data, 'md5-dos2unix'), md5, name);
      writeFileSync(join(dir, 'f'), data);
      assert.equal((await hashFile(join(dir, 'f'), { kind: 'md5-dos2unix' })).md5, md5, `${name} (streamed)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hashFile streams and equals hashBytes, across the 1 MiB boundary and for an empty file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-hash-'));
  try {
    for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17]) {
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff;
      const f = join(dir, `f${size}`);
      writeFileSync(f, data);
      const h = await hashFile(f);
      assert.equal(h.md5, hashBytes(data), `size ${size}`);
      assert.equal(h.size, size);
      assert.equal((await hashFile(f, { kind: 'md5-dos2unix' })).md5, hashBytes(data, 'md5-dos2unix'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('progress reports bytes done out of the total, and an abort cancels', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-hash-'));
  try {
    const f = join(dir, 'big');
    writeFileSync(f, Buffer.alloc(20 * CHUNK_SIZE, 1));
    const seen: [number, number][] = [];
    await hashFile(f, { onProgress: (d, t) => seen.push([d, t]) });
    assert.ok(seen.length >= 2);
    assert.deepEqual(seen.at(-1), [20 * CHUNK_SIZE, 20 * CHUNK_SIZE]);
    const controller = new AbortController();
    await assert.rejects(hashFile(f, { signal: controller.signal, onProgress: () => controller.abort() }), (e: unknown) => (e as PonteError).code === 'data.cancelled');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file deleted while it is hashed is an error naming it, not a hash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-hash-'));
  try {
    const f = join(dir, 'vanishing.csv');
    writeFileSync(f, Buffer.alloc(20 * CHUNK_SIZE, 'x'));
    await assert.rejects(
      hashFile(f, { onProgress: () => rmSync(f, { force: true }) }),
      (e: unknown) => e instanceof PonteError && e.code === 'data.changed_while_hashing' && e.file === f && /deleted/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
