// The retrain lock: held by one process at a time; a lock whose owner died, or whose pid now
// belongs to another process (a different start time), is taken over; two processes racing for
// it get it once, and so do processes taking over the same stale lock. Real processes throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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

test('processes taking over the same stale lock at the same instant: exactly one wins, round after round', async () => {
  const dir = project();
  // Each racer waits on its stdin; "go" is written to every racer at once, so they all find the
  // same dead owner's lock and take it over together. The winner holds it until every racer has
  // answered, so two winners in a round are both seen.
  const racer = `const { acquireRetrainLock } = require(${JSON.stringify(LOCK)});
    let held;
    require('node:readline').createInterface({ input: process.stdin }).on('line', (cmd) => {
      if (cmd === 'go') acquireRetrainLock(${JSON.stringify(dir)}, 'production').then((l) => { held = l; console.log('got'); }, (e) => console.log(e.code ?? e.message));
      else { held?.release(); held = undefined; console.log('released'); }
    });`;
  const racers = Array.from({ length: 6 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', racer], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let waiting: (() => void) | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      lines.push(...d.split('\n').filter(Boolean));
      waiting?.();
    });
    const next = async (): Promise<string> => {
      while (lines.length === 0) await new Promise<void>((r) => (waiting = r));
      return lines.shift()!;
    };
    return { child, next };
  });
  try {
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    for (let round = 0; round < 15; round++) {
      writeOwner(dir, { pid: dead.pid, startedAt: `round ${round}` });
      for (const r of racers) r.child.stdin.write('go\n');
      const answers = await Promise.all(racers.map((r) => r.next()));
      assert.equal(answers.filter((a) => a === 'got').length, 1, `round ${round}: ${answers.join(', ')}`);
      assert.ok(answers.every((a) => a === 'got' || a === 'retrain.busy'), answers.join(', '));
      for (const r of racers) r.child.stdin.write('release\n');
      await Promise.all(racers.map((r) => r.next()));
      assert.ok(!existsSync(join(dir, '.ponte/retrain.lock')));
    }
  } finally {
    for (const r of racers) r.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a takeover whose taker died mid-way is reported, naming the files to remove, not guessed at', async () => {
  const dir = project();
  try {
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    writeOwner(dir, { pid: dead.pid });
    const stale = readFileSync(join(dir, '.ponte/retrain.lock'), 'utf8');
    const marker = join(dir, `.ponte/retrain.lock.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`);
    writeFileSync(marker, JSON.stringify({ pid: dead.pid }));
    await assert.rejects(acquireRetrainLock(dir, 'production'), (e) => isPonteError(e) && e.code === 'retrain.busy' && e.hint!.includes(marker));
    rmSync(marker);
    (await acquireRetrainLock(dir, 'production')).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
