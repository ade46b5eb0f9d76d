// Long jobs: adding a directory reports bytes done out of the total and can be cancelled; a
// cancelled add in a fresh repository leaves nothing behind (not even the `dvc init` layout);
// and the state cache means a file whose inode, mtime and size are unchanged is never read again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addData, hashPath, StateCache } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

async function inDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function makeDataset(dir: string): number {
  mkdirSync(join(dir, 'set', 'sub'), { recursive: true });
  const sizes = [3 << 20, 5 << 20, 1000, 0];
  sizes.forEach((n, i) => writeFileSync(join(dir, 'set', i % 2 ? 'sub' : '', `f${i}.bin`), Buffer.alloc(n, i + 1)));
  return sizes.reduce((a, b) => a + b, 0);
}

test('adding a directory reports bytes done out of the total, ending at the total', () =>
  inDir('ponte-progress-', async (dir) => {
    const total = makeDataset(dir);
    const seen: [number, number][] = [];
    const [r] = await addData({ cwd: dir, paths: ['set'], git: false, onProgress: (d, t) => seen.push([d, t]) });
    assert.equal(r.size, total);
    assert.ok(seen.length >= 4, `${seen.length} progress reports`);
    assert.ok(seen.every(([, t]) => t === total), 'the total is the bytes of every file');
    assert.ok(seen.every(([d], i) => i === 0 || d >= seen[i - 1][0]), 'never goes backwards');
    assert.deepEqual(seen.at(-1), [total, total]);
  }));

test('a cancelled add in a fresh repository leaves nothing: no .dvc file, no .gitignore, no dvc init layout', () =>
  inDir('ponte-cancel-', async (dir) => {
    makeDataset(dir);
    const controller = new AbortController();
    await assert.rejects(
      addData({ cwd: dir, paths: ['set'], git: false, signal: controller.signal, onProgress: () => controller.abort() }),
      (e: unknown) => e instanceof PonteError && e.code === 'data.cancelled' && !!e.hint,
    );
    assert.deepEqual(readdirSync(dir), ['set']);
    // The same add, not cancelled, then completes.
    const [r] = await addData({ cwd: dir, paths: ['set'], git: false });
    assert.equal(r.nfiles, 4);
    assert.ok(existsSync(join(dir, 'set.dvc')));
  }));

test('an unchanged file (same inode, mtime, ctime and size) is never hashed twice; an edit that puts mtime back is', () =>
  inDir('ponte-state-', async (dir) => {
    const f = join(dir, 'data.csv');
    writeFileSync(f, 'a,b\n1,2\n');
    utimesSync(f, 1_700_000_000, 1_700_000_000);
    const state = StateCache.open(join(dir, 'state'));
    const first = await hashPath(f, { state });
    // A planted answer for the same stats comes back as it is: the bytes were not read.
    const planted = 'f'.repeat(32);
    state.record(statSync(f), 'md5', planted);
    assert.equal((await hashPath(f, { state })).md5, planted, 'answered from the state cache, not re-read');
    // Same length, same inode, mtime put back (rsync -t, cp -p): ctime still moves, so it is read.
    const recorded = statSync(f).ctimeMs;
    do writeFileSync(join(dir, 'clock-probe'), '');
    while (statSync(join(dir, 'clock-probe')).ctimeMs <= recorded);
    writeFileSync(f, 'a,b\n3,4\n', { flag: 'r+' });
    utimesSync(f, 1_700_000_000, 1_700_000_000);
    assert.equal(statSync(f).mtimeMs, 1_700_000_000_000);
    const edited = await hashPath(f, { state });
    assert.notEqual(edited.md5, planted);
    assert.notEqual(edited.md5, first.md5);
    assert.equal(edited.md5, (await hashPath(f)).md5);
    // Any change of mtime makes it hash again.
    state.record(statSync(f), 'md5', planted);
    utimesSync(f, 1_700_000_001, 1_700_000_001);
    assert.notEqual((await hashPath(f, { state })).md5, planted);
  }));
