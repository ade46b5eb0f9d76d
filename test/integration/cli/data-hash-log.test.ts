// The shapes `data hash` and `data log` print, which scripts and the editor read: hash --json is
// {path, md5, size, nfiles?} as DVC records it, the text form one line; log --json is one
// object per commit, newest first, with commit, date, author, message, md5, size, nfiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, inRepo, ponte } from '../data/lib/ponte';

test('data hash: --json keys and values as DVC records them; the text form', inRepo('ponte-hash-shape-', (repo) => {
  mkdirSync(join(repo, 'd', 'subdir'), { recursive: true });
  writeFileSync(join(repo, 'd', 'file'), 'text1');
  writeFileSync(join(repo, 'd', 'subdir', 'file2'), 'text2');
  writeFileSync(join(repo, 'f.txt'), 'a\r\nb\r\n');
  let r = ponte(repo, 'data', 'hash', 'd/', '--json');
  assert.equal(r.code, 0, r.stderr);
  // DESIGN.md's published value for file="text1", subdir/file2="text2"; the trailing / is dropped.
  assert.deepEqual(Object.keys(JSON.parse(r.stdout) as object), ['path', 'md5', 'size', 'nfiles']);
  assert.deepEqual(JSON.parse(r.stdout), { path: 'd', md5: 'cb58ee07cb01044db229e4d6121a0dfc.dir', size: 10, nfiles: 2 });
  r = ponte(repo, 'data', 'hash', 'f.txt', '--json');
  assert.deepEqual(JSON.parse(r.stdout), { path: 'f.txt', md5: '59b0d7772f0561efb95518f3cb8abc60', size: 6 });
  r = ponte(repo, 'data', 'hash', 'f.txt');
  assert.equal(r.stdout, '59b0d7772f0561efb95518f3cb8abc60  6  f.txt\n');
  assert.deepEqual(git(repo, 'status', '--porcelain'), '?? d/\n?? f.txt\n', 'hash writes nothing but the state cache (none here: no .dvc folder)');
}));

test('data log --json: one object per commit, newest first, including the one that removed the .dvc file', inRepo('ponte-log-shape-', (repo) => {
  mkdirSync(join(repo, 'd'));
  writeFileSync(join(repo, 'd', 'a'), '1');
  assert.equal(ponte(repo, 'data', 'add', 'd').code, 0);
  git(repo, 'commit', '-qm', 'first');
  writeFileSync(join(repo, 'd', 'b'), '22');
  assert.equal(ponte(repo, 'data', 'add', 'd').code, 0);
  git(repo, 'commit', '-qm', 'second');
  git(repo, 'rm', '-q', 'd.dvc');
  git(repo, 'commit', '-qm', 'untrack');
  const r = ponte(repo, 'data', 'log', 'd', '--json');
  assert.equal(r.code, 0, r.stderr);
  const log = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.deepEqual(log.map((v) => Object.keys(v)), [
    ['commit', 'date', 'author', 'message', 'deleted'],
    ['commit', 'date', 'author', 'message', 'md5', 'size', 'nfiles'],
    ['commit', 'date', 'author', 'message', 'md5', 'size', 'nfiles'],
  ]);
  assert.deepEqual(log.map((v) => [v.message, v.size, v.nfiles, v.deleted]), [['untrack', undefined, undefined, true], ['second', 3, 2, undefined], ['first', 1, 1, undefined]]);
  for (const v of log) {
    assert.match(String(v.commit), /^[0-9a-f]{40}$/);
    assert.match(String(v.date), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.equal(v.author, 'Ponte Test');
  }
  assert.match(String(log[1].md5), /^[0-9a-f]{32}\.dir$/);
}));
