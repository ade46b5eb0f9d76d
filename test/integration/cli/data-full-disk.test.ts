// A full disk, and a read-only one, under a whole new repository (1 MiB tmpfs mounts; skipped,
// with the reason, where mounting is refused): `data add` fails naming what it could not write,
// and leaves the folder as it was: no .dvc file, no .gitignore, no object, no dvc init layout.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, ponte } from '../data/lib/ponte';

/** Runs `fn` in a fresh folder on its own 1 MiB tmpfs, unmounted and removed afterwards. */
function onTmpfs(t: TestContext, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
  try {
    if (mounted.status !== 0) t.skip(`cannot mount a tmpfs here (${(mounted.stderr || 'mount failed').trim()})`);
    else fn(dir);
  } finally {
    if (mounted.status === 0) spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('data add on a full disk in a fresh repository writes nothing at all', (t) =>
  onTmpfs(t, (dir) => {
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'big.bin'), Buffer.alloc(700_000, 7));
    const r = ponte(dir, 'data', 'add', 'big.bin');
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error\\[io\\.enospc\\]: ${dir}/\\S+: cannot write .*no space left on device`));
    assert.match(r.stderr, /\n {2}hint: the disk is full: free some space and try again\n$/);
    assert.deepEqual(readdirSync(dir).sort(), ['.git', 'big.bin']);
    assert.equal(git(dir, 'status', '--porcelain'), '?? big.bin\n');
  }));

test('data add in a read-only folder names the .dvc folder it could not create (not an internal error)', (t) =>
  onTmpfs(t, (dir) => {
    writeFileSync(join(dir, 'x.csv'), 'x\n');
    assert.equal(spawnSync('mount', ['-o', 'remount,ro', dir]).status, 0);
    const r = ponte(dir, 'data', 'add', 'x.csv');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error[io.erofs]: ${dir}/.dvc: cannot create ${dir}/.dvc: EROFS: read-only file system, mkdir '${dir}/.dvc'\n  hint: the file system is read-only\n`);
  }));
