// The retrain lock: held by one process at a time; a lock whose owner died, or whose pid now
// belongs to another process (a different start time), is taken over; two processes racing for
// it get it once. Real processes throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireRetrainLock, processStartTime } from '../../../../src/core/retrain';
import { isPonteError } from '../../../../src/core/errors';

const LOCK = resolve(__dirname, '../../../../src/core/retrain/lock.ts');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-retrain-lock-'));
  mkdirSync(join(dir, '.ponte'));
  return dir;
}

function writeOwner(dir: string, owner: Record<string, unknown>): void {
  writeFileSync(join(dir, '.ponte/retrain.lock'), JSON.stringify({ startedAt: '2026-01-01T00:00:00.000Z', deployment: 'production', ...owner }));
}

test('held, refused to a second taker while its owner lives, released', async () => {
  const dir = project();
  try {
    const sleeper = spawn('sleep', ['30']);
    try {
      writeOwner(dir, { pid: sleeper.pid, processStart: processStartTime(sleeper.pid!) });
      await assert.rejects(acquireRetrainLock(dir, 'production'), (e) => isPonteError(e) && e.code === 'retrain.busy' && e.message.includes(`process ${sleeper.pid}`));
    } finally {
      sleeper.kill();
    }
    await new Promise((r) => sleeper.once('exit', r));
    const lock = await acquireRetrainLock(dir, 'production');
    assert.equal((JSON.parse(readFileSync(lock.file, 'utf8')) as { pid: number }).pid, process.pid, 'a dead owner\'s lock is taken over');
    lock.release();
    assert.ok(!existsSync(lock.file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pid that now names another process (its start time differs) does not hold the lock', async () => {
  const dir = project();
  try {
    const other = spawn('sleep', ['30']);
    try {
      writeOwner(dir, { pid: other.pid, processStart: '1' });
      const lock = await acquireRetrainLock(dir, 'production');
      lock.release();
    } finally {
      other.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable lock (its writer killed) is stale', async () => {
  const dir = project();
  try {
    writeFileSync(join(dir, '.ponte/retrain.lock'), '{"pid": 12');
    (await acquireRetrainLock(dir, 'production')).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('processes racing for the lock: exactly one gets it', () => {
  const dir = project();
  try {
    // Each racer takes the lock and keeps it until the three others have been refused (each
    // refusal leaves a file), or 20 s have passed (two holders: the assertion then fails).
    const racer = `const fs = require('node:fs');
      const { acquireRetrainLock } = require(${JSON.stringify(LOCK)});
      const dir = ${JSON.stringify(dir)};
      acquireRetrainLock(dir, 'production').then((l) => {
        const until = Date.now() + 20000;
        const wait = () => fs.readdirSync(dir).filter((f) => f.startsWith('refused-')).length >= 3 || Date.now() > until
          ? (console.log('got'), l.release()) : setTimeout(wait, 20);
        wait();
      }, (e) => { fs.writeFileSync(dir + '/refused-' + process.pid, ''); console.log(e.code); });`;
    const script = join(dir, 'race.sh');
    writeFileSync(script, `for i in 1 2 3 4; do "${process.execPath}" --import tsx -e "$RACER" & done; wait\n`);
    const r = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, RACER: racer } });
    const answers = r.stdout.trim().split('\n').sort();
    assert.deepEqual(answers, ['got', 'retrain.busy', 'retrain.busy', 'retrain.busy'], r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
