// checkout finds every object before it touches the workspace: one missing object (named, with
// its .dvc file) leaves every path as it was. A file is replaced by rename, so the old data is
// there until the new data is whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, git, inRepo, ponte } from '../data/lib/ponte';

test('a missing cache object fails checkout before any path is touched', inRepo('ponte-checkout-missing-', (repo) => {
  writeFileSync(join(repo, 'a.csv'), 'a1\n');
  mkdirSync(join(repo, 'b'));
  writeFileSync(join(repo, 'b', 'one.txt'), 'b1\n');
  writeFileSync(join(repo, 'b', 'two.txt'), 'b2\n');
  assert.equal(ponte(repo, 'data', 'add', 'a.csv', 'b').code, 0);
  git(repo, 'commit', '-qm', 'v1');
  // Both change and are saved (so checkout may replace them), then v1 of b/two.txt leaves the cache.
  writeFileSync(join(repo, 'a.csv'), 'a2\n');
  writeFileSync(join(repo, 'b', 'two.txt'), 'b2 changed\n');
  assert.equal(ponte(repo, 'data', 'add', 'a.csv', 'b').code, 0);
  const cache = join(repo, '.dvc', 'cache', 'files', 'md5');
  const lost = filesUnder(cache).find((f) => readFileSync(join(cache, f), 'utf8') === 'b2\n')!;
  rmSync(join(cache, lost));

  const r = ponte(repo, 'data', 'checkout', '--rev', 'HEAD');
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^error\\[data\\.not_in_cache\\]: ${join(repo, 'b.dvc')}: b: object ${lost.replace('/', '')} is not in the cache\\n {2}hint: fetch it with 'ponte data pull'`));
  assert.equal(readFileSync(join(repo, 'a.csv'), 'utf8'), 'a2\n', 'a.csv (checked out first) was not touched');
  assert.equal(readFileSync(join(repo, 'b', 'two.txt'), 'utf8'), 'b2 changed\n');
  assert.deepEqual(filesUnder(repo).filter((f) => f.includes('ponte-tmp')), []);
}));

test('checkout --force makes a directory match its manifest: edits undone, extra files gone, .dvcignored files kept', inRepo('ponte-checkout-force-', (repo) => {
  mkdirSync(join(repo, 'd', 'sub'), { recursive: true });
  writeFileSync(join(repo, 'd', 'a.csv'), '1\n');
  writeFileSync(join(repo, 'd', 'sub', 'b.csv'), '2\n');
  writeFileSync(join(repo, '.dvcignore'), '*.log\n');
  assert.equal(ponte(repo, 'data', 'add', 'd').code, 0);
  writeFileSync(join(repo, 'd', 'a.csv'), 'edited\n');
  writeFileSync(join(repo, 'd', 'extra.csv'), 'extra\n');
  writeFileSync(join(repo, 'd', 'run.log'), 'log\n');

  let r = ponte(repo, 'data', 'checkout');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[data\.would_overwrite\]: d: has changes that are not in the cache/);
  assert.equal(readFileSync(join(repo, 'd', 'a.csv'), 'utf8'), 'edited\n');

  r = ponte(repo, 'data', 'checkout', '--force');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'd: restored (1 files)\n');
  assert.deepEqual(filesUnder(join(repo, 'd')), ['a.csv', 'run.log', 'sub/b.csv']);
  assert.equal(readFileSync(join(repo, 'd', 'a.csv'), 'utf8'), '1\n');
  assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'd', status: 'unchanged' }]);
}));

test("an empty directory is tracked (DVC's empty manifest) and checked out again", inRepo('ponte-checkout-empty-', (repo) => {
  mkdirSync(join(repo, 'empty'));
  assert.equal(ponte(repo, 'data', 'add', 'empty').code, 0);
  assert.match(readFileSync(join(repo, 'empty.dvc'), 'utf8'), /^outs:\n- md5: d751713988987e9331980363e24189ce\.dir\n {2}size: 0\n {2}nfiles: 0\n/);
  rmSync(join(repo, 'empty'), { recursive: true });
  assert.equal(ponte(repo, 'data', 'checkout').code, 0);
  assert.ok(statSync(join(repo, 'empty')).isDirectory());
  assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'empty', status: 'unchanged' }]);
}));

test('in hardlink mode, empty files are created, not linked (they would all share one inode)', inRepo('ponte-checkout-empty-links-', (repo) => {
  mkdirSync(join(repo, 'd'));
  for (const n of ['a', 'b', 'c']) writeFileSync(join(repo, 'd', n), '');
  writeFileSync(join(repo, 'd', 'full'), 'x');
  assert.equal(ponte(repo, 'data', 'add', 'd').code, 0);
  writeFileSync(join(repo, '.dvc', 'config'), '[cache]\n    type = hardlink\n');
  rmSync(join(repo, 'd'), { recursive: true });
  assert.equal(ponte(repo, 'data', 'checkout').code, 0);
  const cache = join(repo, '.dvc', 'cache', 'files', 'md5');
  const empty = statSync(join(cache, 'd4', '1d8cd98f00b204e9800998ecf8427e'));
  for (const n of ['a', 'b', 'c']) {
    const st = statSync(join(repo, 'd', n));
    assert.notEqual(st.ino, empty.ino, n);
    assert.equal(st.size, 0);
  }
  assert.equal(statSync(join(repo, 'd', 'full')).nlink, 2, 'a non-empty file is still hardlinked');
  assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'd', status: 'unchanged' }]);
}));
