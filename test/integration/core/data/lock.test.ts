// One writer at a time: add, checkout and pull hold .dvc/tmp/ponte-lock. A live holder makes
// the others wait (and, past their wait, fail naming it, having written nothing); a lock left by
// a process that is gone is taken over; two adds at once both land their .gitignore lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addData, checkoutData } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

async function inDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-lock-'));
  try {
    mkdirSync(join(dir, '.dvc', 'tmp'), { recursive: true });
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a lock held by a live process: add and checkout wait, then fail naming it, having written nothing', () =>
  inDir(async (dir) => {
    const lock = join(dir, '.dvc', 'tmp', 'ponte-lock');
    // A live holder that is not this process: the test runner's parent.
    writeFileSync(lock, `${process.ppid}\ndata add other.csv\n`);
    writeFileSync(join(dir, 'x.csv'), 'x\n');
    const locked = (e: unknown) =>
      e instanceof PonteError && e.code === 'data.locked' && e.file === lock && e.message.includes(`pid ${process.ppid}, data add other.csv`) && !!e.hint;
    await assert.rejects(addData({ cwd: dir, paths: ['x.csv'], git: false, lockWaitMs: 300 }), locked);
    assert.ok(!existsSync(join(dir, 'x.csv.dvc')));
    assert.ok(!existsSync(join(dir, '.gitignore')));
    await assert.rejects(checkoutData({ cwd: dir, lockWaitMs: 300 }), locked);
    assert.equal(readFileSync(lock, 'utf8'), `${process.ppid}\ndata add other.csv\n`, 'the holder keeps its lock');
  }));

test('a lock left by a process that is gone is taken over, and released after', () =>
  inDir(async (dir) => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const lock = join(dir, '.dvc', 'tmp', 'ponte-lock');
    writeFileSync(lock, `${gone}\ndata add\n`);
    writeFileSync(join(dir, 'x.csv'), 'x\n');
    const [r] = await addData({ cwd: dir, paths: ['x.csv'], git: false, lockWaitMs: 300 });
    assert.equal(r.dvcFile, 'x.csv.dvc');
    assert.ok(!existsSync(lock));
  }));

test('two adds at once in one folder both keep their .gitignore line', () =>
  inDir(async (dir) => {
    mkdirSync(join(dir, 'data'));
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, 'data', `f${i}.csv`), `${i}\n`);
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => addData({ cwd: dir, paths: [`data/f${i}.csv`], git: false })));
    const lines = readFileSync(join(dir, 'data', '.gitignore'), 'utf8').trim().split('\n').sort();
    assert.deepEqual(lines, ['/f0.csv', '/f1.csv', '/f2.csv', '/f3.csv', '/f4.csv', '/f5.csv']);
  }));
