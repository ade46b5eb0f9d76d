// Bad input: each case gets a clear error naming the file, and nothing is written: a broken
// or unknown-key `.dvc`, paths outside the repository, a symlink loop, a file deleted while
// it is hashed, a read-only cache and a full disk (small tmpfs mounts; skipped if refused).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addData } from '../../../src/core/data/index';
import { PonteError } from '../../../src/core/errors';
import { filesUnder, git, ponte, tempGitRepo } from './lib/ponte';

function withRepo(fn: (repo: string) => void | Promise<void>) {
  return async () => {
    const repo = tempGitRepo('ponte-data-bad-');
    try {
      await fn(repo);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  };
}

/** The repository as git and the file system see it, to prove nothing was written. */
function snapshot(repo: string): string {
  return `${filesUnder(repo).filter((f) => !f.startsWith('.git/')).join('\n')}\n${git(repo, 'status', '--porcelain')}`;
}

test(
  'a .dvc file with broken YAML or unknown keys: error with file and line, nothing written',
  withRepo((repo) => {
    writeFileSync(join(repo, 'x.csv'), 'a\n');
    writeFileSync(join(repo, 'x.csv.dvc'), 'outs:\n- md5: [broken\n');
    const before = snapshot(repo);
    let r = ponte(repo, 'data', 'add', 'x.csv');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[data\.bad_dvc_file\]: .*x\.csv\.dvc:3:\d+: not valid YAML/m);
    assert.match(r.stderr, /hint: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(snapshot(repo), before);

    writeFileSync(join(repo, 'x.csv.dvc'), 'outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  path: x.csv\n  colour: red\n');
    mkdirSync(join(repo, '.dvc'));
    r = ponte(repo, 'data', 'status');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[data\.bad_dvc_file\]: .*x\.csv\.dvc:4:3: unknown key 'colour'/);
  }),
);

test(
  'paths outside the repository (../x, absolute) are refused before anything is written',
  withRepo((repo) => {
    mkdirSync(join(repo, 'sub'));
    const before = snapshot(repo);
    writeFileSync(join(repo, '..', 'ponte-outside.csv'), 'x');
    for (const p of ['../ponte-outside.csv', '/etc/hostname', 'sub/../../y']) {
      const r = ponte(repo, 'data', 'add', p);
      assert.equal(r.code, 1, p);
      assert.match(r.stderr, /error\[path\.outside_repo\]: .*is outside the repository/, p);
    }
    rmSync(join(repo, '..', 'ponte-outside.csv'), { force: true });
    assert.equal(snapshot(repo), before);
    assert.ok(!existsSync(join(repo, '.dvc')));
  }),
);

test(
  'a symlink loop is named, and nothing is written',
  withRepo((repo) => {
    mkdirSync(join(repo, 'data'));
    writeFileSync(join(repo, 'data', 'a.csv'), 'a');
    symlinkSync('again', join(repo, 'data', 'again'));
    const before = snapshot(repo);
    const r = ponte(repo, 'data', 'add', 'data');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[data\.symlink_loop\]: .*data\/again: is a symbolic link that points back at itself/);
    assert.equal(snapshot(repo), before);
    assert.ok(!existsSync(join(repo, 'data.dvc')));
  }),
);

test(
  'a link to a directory inside the data is left out, as DVC does, and add says so',
  withRepo((repo) => {
    mkdirSync(join(repo, 'data'));
    writeFileSync(join(repo, 'data', 'a.csv'), 'a');
    symlinkSync('.', join(repo, 'data', 'again'));
    const r = ponte(repo, 'data', 'add', 'data');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: data\/again: links to directories are left out of data, as DVC leaves them out/);
    assert.match(readFileSync(join(repo, 'data.dvc'), 'utf8'), /nfiles: 1\n/);
  }),
);

test(
  'a file deleted while it is being added: error naming it, no .dvc, no object, no temporary file',
  withRepo(async (repo) => {
    writeFileSync(join(repo, 'big.bin'), Buffer.alloc(20 << 20, 3));
    await assert.rejects(
      addData({ cwd: repo, paths: ['big.bin'], git: false, onProgress: () => rmSync(join(repo, 'big.bin'), { force: true }) }),
      (e: unknown) => e instanceof PonteError && e.code === 'data.changed_while_hashing' && e.file === join(repo, 'big.bin'),
    );
    assert.ok(!existsSync(join(repo, 'big.bin.dvc')));
    assert.ok(!existsSync(join(repo, '.gitignore')));
    assert.deepEqual(filesUnder(join(repo, '.dvc', 'cache')), []);
  }),
);

function mount(args: string[]): string | undefined {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  return r.status === 0 ? undefined : (r.stderr || 'mount failed').trim();
}

function umount(dir: string): void {
  spawnSync('umount', [dir]);
}

for (const c of [
  { name: 'a read-only cache', opts: 'ro,size=1m', code: /io\.erofs/, size: 10 },
  { name: 'a full disk', opts: 'size=1m', code: /io\.enospc/, size: 3 << 20 },
]) {
  test(`${c.name}: a clear error naming the cache file, no .dvc written`, async (t) => {
    const repo = tempGitRepo('ponte-data-mount-');
    const cache = join(repo, '.dvc', 'cache');
    mkdirSync(cache, { recursive: true });
    const refused = mount(['-t', 'tmpfs', '-o', c.opts, 'tmpfs', cache]);
    try {
      if (refused) {
        t.skip(`cannot mount a tmpfs here (${refused})`);
        return;
      }
      writeFileSync(join(repo, 'data.bin'), Buffer.alloc(c.size, 9));
      const r = ponte(repo, 'data', 'add', 'data.bin');
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`error\\[${c.code.source}\\]: ${cache.replace(/[/.]/g, '\\$&')}`));
      assert.match(r.stderr, /hint: /);
      assert.ok(!existsSync(join(repo, 'data.bin.dvc')));
      assert.ok(!existsSync(join(repo, '.gitignore')));
      assert.deepEqual(filesUnder(cache), [], 'no partial object or temporary file left');
      assert.equal(readFileSync(join(repo, 'data.bin')).length, c.size);
    } finally {
      if (!refused) umount(cache);
      rmSync(repo, { recursive: true, force: true });
    }
  });
}
