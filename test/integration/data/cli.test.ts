// `ponte data` end to end with real git: add, status, checkout (incl. --rev and the refusal to
// overwrite), log, hash, push/pull to a local remote, cloud remotes refused, git-lfs storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPushed, listTracked, openDataRepo } from '../../../src/core/data/index';
import { filesUnder, git, ponte, tempGitRepo } from './lib/ponte';
import type { DataVersion } from '../../../src/core/data/log';

test('add writes the .dvc and .gitignore, stages them, and status/checkout/log follow the data', () => {
  const repo = tempGitRepo('ponte-data-cli-');
  try {
    mkdirSync(join(repo, 'data'));
    writeFileSync(join(repo, 'data', 'train.csv'), 'a,b\n1,2\n');
    let r = ponte(repo, 'data', 'add', 'data/train.csv');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(repo, 'data', 'train.csv.dvc'), 'utf8'), 'outs:\n- md5: 1cf1ad3cd1c1b1bfc3e8bd7eed7b1d0b\n  size: 8\n  hash: md5\n  path: train.csv\n'.replace('1cf1ad3cd1c1b1bfc3e8bd7eed7b1d0b', (JSON.parse(ponte(repo, 'data', 'hash', 'data/train.csv', '--json').stdout) as { md5: string }).md5));
    assert.equal(readFileSync(join(repo, 'data', '.gitignore'), 'utf8'), '/train.csv\n');
    assert.deepEqual(git(repo, 'diff', '--cached', '--name-only').trim().split('\n').sort(), ['.dvc/.gitignore', '.dvc/config', '.dvcignore', 'data/.gitignore', 'data/train.csv.dvc']);
    git(repo, 'commit', '-qm', 'v1');

    r = ponte(repo, 'data', 'status', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), [{ path: 'data/train.csv', status: 'unchanged' }]);

    writeFileSync(join(repo, 'data', 'train.csv'), 'a,b\n1,2\n3,4\n');
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'data/train.csv', status: 'modified' }]);
    r = ponte(repo, 'data', 'checkout');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[data\.would_overwrite\]: data\/train\.csv: has changes that are not in the cache/);
    assert.equal(readFileSync(join(repo, 'data', 'train.csv'), 'utf8'), 'a,b\n1,2\n3,4\n');

    assert.equal(ponte(repo, 'data', 'add', 'data/train.csv').code, 0);
    git(repo, 'commit', '-qm', 'v2');
    const log = JSON.parse(ponte(repo, 'data', 'log', 'data/train.csv', '--json').stdout) as DataVersion[];
    assert.deepEqual(log.map((v) => [v.message, v.size]), [['v2', 12], ['v1', 8]]);

    r = ponte(repo, 'data', 'checkout', 'data/train.csv', '--rev', 'HEAD~1');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(repo, 'data', 'train.csv'), 'utf8'), 'a,b\n1,2\n');
    r = ponte(repo, 'data', 'checkout', '--force');
    assert.equal(readFileSync(join(repo, 'data', 'train.csv'), 'utf8'), 'a,b\n1,2\n3,4\n');

    rmSync(join(repo, 'data', 'train.csv'));
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'data/train.csv', status: 'missing' }]);
    assert.equal(ponte(repo, 'data', 'checkout').code, 0);
    assert.equal(readFileSync(join(repo, 'data', 'train.csv'), 'utf8'), 'a,b\n1,2\n3,4\n');

    rmSync(join(repo, '.dvc', 'cache'), { recursive: true, force: true });
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'data/train.csv', status: 'not_in_cache' }]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('push and pull a directory through a local remote: only missing objects move, pulls are verified', async () => {
  const repo = tempGitRepo('ponte-data-remote-');
  const remote = mkdtempSync(join(tmpdir(), 'ponte-remote-'));
  try {
    mkdirSync(join(repo, 'images', 'cats'), { recursive: true });
    writeFileSync(join(repo, 'images', 'cats', '1.txt'), 'meow');
    writeFileSync(join(repo, 'images', 'dog.txt'), 'woof');
    assert.equal(ponte(repo, 'data', 'add', 'images').code, 0);
    writeFileSync(join(repo, '.dvc', 'config'), `[core]\n    remote = storage\n['remote "storage"']\n    url = ${remote}\n`);
    const pushed = async () => {
      const dataRepo = await openDataRepo(repo);
      return (await listTracked(dataRepo, { cwd: repo })).map((t) => isPushed(dataRepo, t));
    };
    assert.deepEqual(await pushed(), [false], 'not pushed yet (the editor marks it so)');
    let r = ponte(repo, 'data', 'push');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await pushed(), [true]);
    assert.match(r.stdout, /pushed 3 objects to 'storage', 0 already there/);
    assert.equal(filesUnder(join(remote, 'files', 'md5')).length, 3);
    assert.match(ponte(repo, 'data', 'push').stdout, /pushed 0 objects to 'storage', 3 already there/);

    rmSync(join(repo, '.dvc', 'cache'), { recursive: true, force: true });
    rmSync(join(repo, 'images'), { recursive: true, force: true });
    r = ponte(repo, 'data', 'pull');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /fetched 3 objects/);
    assert.equal(readFileSync(join(repo, 'images', 'cats', '1.txt'), 'utf8'), 'meow');
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'images', status: 'unchanged' }]);

    // A damaged remote object is refused and never enters the cache.
    const dogObject = join(remote, 'files', 'md5', filesUnder(join(remote, 'files', 'md5')).find((f) => !f.endsWith('.dir') && !readFileSync(join(remote, 'files', 'md5', f), 'utf8').startsWith('meow'))!);
    chmodSync(dogObject, 0o644);
    writeFileSync(dogObject, 'WOOF');
    rmSync(join(repo, '.dvc', 'cache'), { recursive: true, force: true });
    rmSync(join(repo, 'images'), { recursive: true, force: true });
    r = ponte(repo, 'data', 'pull');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[data\.remote_corrupt\]/);
    assert.ok(!existsSync(join(repo, 'images', 'dog.txt')));

    writeFileSync(join(repo, '.dvc', 'config.local'), `['remote "storage"']\n    url = s3://bucket/path\n`);
    r = ponte(repo, 'data', 'push');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[data\.remote_unsupported\].*s3 remotes are later work/);
  } finally {
    rmSync(repo, { recursive: true, force: true });
    rmSync(remote, { recursive: true, force: true });
  }
});

test('a dataset declared storage: git-lfs is tracked with git lfs, not the DVC cache', () => {
  const repo = tempGitRepo('ponte-data-lfs-');
  try {
    writeFileSync(join(repo, 'ponte.yaml'), 'version: 1\nproject: t\ndatasets:\n  big:\n    path: data/big.bin\n    storage: git-lfs\n');
    mkdirSync(join(repo, 'data'));
    writeFileSync(join(repo, 'data', 'big.bin'), Buffer.alloc(1000, 7));
    const r = ponte(repo, 'data', 'add', 'data/big.bin');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tracked with git lfs/);
    assert.match(readFileSync(join(repo, '.gitattributes'), 'utf8'), /data\/big\.bin filter=lfs diff=lfs merge=lfs -text/);
    assert.ok(!existsSync(join(repo, 'data', 'big.bin.dvc')));
    assert.match(git(repo, 'diff', '--cached', '--name-only'), /data\/big\.bin/);
    // Its versions come from the LFS pointers in git history.
    git(repo, 'commit', '-qm', 'big v1');
    const log = ponte(repo, 'data', 'log', 'data/big.bin', '--json');
    assert.equal(log.code, 0, log.stderr);
    const [v1] = JSON.parse(log.stdout) as DataVersion[];
    assert.equal(v1.message, 'big v1');
    assert.equal(v1.size, 1000);
    assert.match(v1.oid ?? '', /^[0-9a-f]{64}$/);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('a .dvc file that a .gitignore rule excludes is written but not staged, with a warning', () => {
  const repo = tempGitRepo('ponte-data-ignored-');
  try {
    writeFileSync(join(repo, '.gitignore'), '/data/\n');
    mkdirSync(join(repo, 'data'));
    writeFileSync(join(repo, 'data', 'x.csv'), 'a\n');
    const r = ponte(repo, 'data', 'add', 'data/x.csv');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: git ignores data\/x\.csv\.dvc \(a \.gitignore rule\)/);
    assert.ok(existsSync(join(repo, 'data', 'x.csv.dvc')));
    assert.ok(!existsSync(join(repo, 'data', '.gitignore')), 'the data is ignored already: no line added, as with dvc add');
    assert.deepEqual(git(repo, 'diff', '--cached', '--name-only').trim().split('\n').sort(), ['.dvc/.gitignore', '.dvc/config', '.dvcignore']);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('checkout copies (or reflinks) by default, and hardlinks only when cache.type asks', () => {
  const repo = tempGitRepo('ponte-data-links-');
  try {
    writeFileSync(join(repo, 'x.csv'), 'a\n1\n');
    assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
    const object = join(repo, '.dvc', 'cache', 'files', 'md5', filesUnder(join(repo, '.dvc', 'cache', 'files', 'md5'))[0]);
    rmSync(join(repo, 'x.csv'));
    assert.equal(ponte(repo, 'data', 'checkout').code, 0);
    assert.notEqual(statSync(join(repo, 'x.csv')).ino, statSync(object).ino, 'a copy, not a link to the cache object');
    assert.equal(statSync(join(repo, 'x.csv')).mode & 0o200, 0o200, 'the copy is writable');
    // An in-place edit of the copy leaves the cache intact.
    writeFileSync(join(repo, 'x.csv'), 'changed\n', { flag: 'r+' });
    assert.equal(readFileSync(object, 'utf8'), 'a\n1\n');

    writeFileSync(join(repo, '.dvc', 'config'), '[cache]\n    type = hardlink\n');
    assert.equal(ponte(repo, 'data', 'checkout', '--force').code, 0);
    assert.equal(statSync(join(repo, 'x.csv')).ino, statSync(object).ino, 'hardlinked as configured');
    assert.equal(statSync(join(repo, 'x.csv')).mode & 0o222, 0, 'read-only, like the object');
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'x.csv', status: 'unchanged' }]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('re-adding keeps the desc and remote a user wrote in the .dvc file', () => {
  const repo = tempGitRepo('ponte-data-readd-');
  try {
    writeFileSync(join(repo, 'x.csv'), 'a\n');
    assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
    writeFileSync(join(repo, 'x.csv.dvc'), `${readFileSync(join(repo, 'x.csv.dvc'), 'utf8')}  desc: customer table\n  remote: storage\n`);
    writeFileSync(join(repo, 'x.csv'), 'a\nb\n');
    assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
    const md5 = (JSON.parse(ponte(repo, 'data', 'hash', 'x.csv', '--json').stdout) as { md5: string }).md5;
    assert.equal(readFileSync(join(repo, 'x.csv.dvc'), 'utf8'), `outs:\n- md5: ${md5}\n  size: 4\n  hash: md5\n  path: x.csv\n  desc: customer table\n  remote: storage\n`);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
