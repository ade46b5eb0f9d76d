// A directory declared `storage: git-lfs`: every file in it (nested too) goes to Git-LFS, not
// into git as a plain blob, and `data log` lists its versions with file count and total size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, inRepo, ponte } from '../data/lib/ponte';

test('a git-lfs directory: nested files become LFS objects; log gives nfiles and total size per version', inRepo('ponte-lfs-dir-', (repo) => {
  writeFileSync(join(repo, 'ponte.yaml'), 'version: 1\nproject: t\ndatasets:\n  images:\n    path: data/images\n    storage: git-lfs\n');
  mkdirSync(join(repo, 'data', 'images', 'cats'), { recursive: true });
  writeFileSync(join(repo, 'data', 'images', 'a.bin'), Buffer.alloc(1000, 1));
  writeFileSync(join(repo, 'data', 'images', 'cats', 'b.bin'), Buffer.alloc(500, 2));
  let r = ponte(repo, 'data', 'add', 'data/images');
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(repo, '.gitattributes'), 'utf8'), /^data\/images\/\*\* filter=lfs diff=lfs merge=lfs -text$/m);
  git(repo, 'commit', '-qm', 'images v1');
  assert.deepEqual(git(repo, 'lfs', 'ls-files', '--name-only').trim().split('\n').sort(), ['data/images/a.bin', 'data/images/cats/b.bin']);
  assert.match(git(repo, 'show', 'HEAD:data/images/cats/b.bin'), /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize 500\n$/);

  writeFileSync(join(repo, 'data', 'images', 'c.bin'), Buffer.alloc(10, 3));
  assert.equal(ponte(repo, 'data', 'add', 'data/images').code, 0);
  git(repo, 'commit', '-qm', 'images v2');
  r = ponte(repo, 'data', 'log', 'data/images', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { message: string; size: number; nfiles: number }[]).map((v) => [v.message, v.size, v.nfiles]),
    [['images v2', 1510, 3], ['images v1', 1500, 2]],
  );
}));
