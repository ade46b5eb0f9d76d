// Directory hashes: DESIGN.md's published `.dir` values, Python json.dumps serialisation and
// UTF-8 byte ordering of relpaths (which differs from JavaScript's UTF-16 order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hashBytes, hashManifest, hashPath, pythonJsonString, serializeManifest, sortManifest, walkFiles } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

const PUBLISHED: [Record<string, string>, string][] = [
  [{ '1': '1', '2': '2' }, '5fb6b29836c388e093ca0715c872fe2a.dir'],
  [{ file: 'text' }, '0dab3fae569586d4c33272e5011605bf.dir'],
  [{ foo: 'foo', bar: 'bar' }, '5ea40360f5b4ec688df672a4db9c17d1.dir'],
  [{ file: 'text1', 'subdir/file2': 'text2' }, 'cb58ee07cb01044db229e4d6121a0dfc.dir'],
];

function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-dir-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

test('the published directory hashes, from entries and from real directories', async () => {
  for (const [files, expected] of PUBLISHED) {
    const entries = Object.entries(files).map(([relpath, text]) => ({ md5: hashBytes(Buffer.from(text)), relpath }));
    assert.equal(hashManifest(entries).md5, expected);
    const dir = tempTree(files);
    try {
      const h = await hashPath(dir);
      assert.equal(h.md5, expected);
      assert.equal(h.nfiles, Object.keys(files).length);
      assert.equal(h.size, Object.values(files).join('').length);
      assert.equal(h.isDir, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('strings are escaped exactly like Python json.dumps (ensure_ascii)', () => {
  // python3 -c 'import json; print(json.dumps("é\x7f\x01😀\"\\\\\n\t/"))'
  assert.equal(pythonJsonString('é\x7f\x01😀"\\\n\t/'), '"\\u00e9\\u007f\\u0001\\ud83d\\ude00\\"\\\\\\n\\t/"');
  assert.equal(serializeManifest([{ md5: 'a', relpath: 'b' }]).toString(), '[{"md5": "a", "relpath": "b"}]');
  assert.equal(serializeManifest([]).toString(), '[]');
});

test('entries sort by UTF-8 bytes: U+FF46 before U+1F600, "a-b" before "a/b"', () => {
  const sorted = sortManifest([
    { md5: '1', relpath: '😀' },
    { md5: '2', relpath: 'ｆ' },
    { md5: '3', relpath: 'a/b' },
    { md5: '4', relpath: 'a-b' },
  ]).map((e) => e.relpath);
  assert.deepEqual(sorted, ['a-b', 'a/b', 'ｆ', '😀']);
});

test('.dvcignore applies and empty directories leave no trace', async () => {
  const dir = tempTree({ 'keep.csv': 'k', 'skip.tmp': 's', 'logs/x.log': 'l', 'sub/keep2.csv': 'k2', '.dvcignore': '*.tmp\nlogs/\n' });
  mkdirSync(join(dir, 'empty'));
  try {
    const h = await hashPath(dir, { root: dir });
    assert.deepEqual(h.dir!.entries.map((e) => e.relpath), ['.dvcignore', 'keep.csv', 'sub/keep2.csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a symlink loop is a clear error naming the link', async () => {
  const dir = tempTree({ 'a.csv': 'a' });
  symlinkSync('loop', join(dir, 'loop'));
  symlinkSync('b2a', join(dir, 'a2b'));
  symlinkSync('a2b', join(dir, 'b2a'));
  try {
    await assert.rejects(hashPath(dir), (e: unknown) => e instanceof PonteError && e.code === 'data.symlink_loop' && e.file === join(dir, 'a2b'));
    rmSync(join(dir, 'a2b'));
    rmSync(join(dir, 'b2a'));
    await assert.rejects(hashPath(dir), (e: unknown) => e instanceof PonteError && e.code === 'data.symlink_loop' && e.file === join(dir, 'loop'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('links to files are followed, links to directories left out, as DVC walks (os.walk without followlinks)', async () => {
  const base = mkdtempSync(join(tmpdir(), 'ponte-links-'));
  const dir = join(base, 'd');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  mkdirSync(join(base, 'other'));
  writeFileSync(join(dir, 'a'), 'a\n');
  writeFileSync(join(base, 'other', 'o'), 'o\n');
  symlinkSync('a', join(dir, 'filelink'));
  symlinkSync('../other', join(dir, 'linked'));
  symlinkSync('..', join(dir, 'sub', 'up')); // a loop through a directory link: never entered
  try {
    const skipped: string[] = [];
    const h = await hashPath(dir, { root: base });
    assert.deepEqual(h.dir!.entries.map((e) => e.relpath), ['a', 'filelink']);
    // The manifest DVC records for this tree: [{"md5": md5("a\n"), "relpath": "a"}, {"md5": md5("a\n"), "relpath": "filelink"}].
    assert.equal(h.md5, `${hashBytes(Buffer.from(`[{"md5": "${hashBytes(Buffer.from('a\n'))}", "relpath": "a"}, {"md5": "${hashBytes(Buffer.from('a\n'))}", "relpath": "filelink"}]`))}.dir`);
    await walkFiles(dir, { root: base, onSkippedLink: (abs) => skipped.push(abs) });
    assert.deepEqual(skipped.sort(), [join(dir, 'linked'), join(dir, 'sub', 'up')]);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
