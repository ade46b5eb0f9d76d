// One writer per embedded store: a live owner blocks, a dead owner's lock is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { acquireStoreLock } from '../../../../src/core/store/lock';

test('a second lock on the same store is refused while the first is held', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-lock-'));
  try {
    const db = path.join(dir, '.ponte', 'db');
    const first = await acquireStoreLock(db);
    assert.ok(existsSync(`${db}.lock`));
    writeFileSync(first.file, JSON.stringify({ pid: process.ppid }));
    await assert.rejects(acquireStoreLock(db), (e: Error & { code?: string }) => e.code === 'store.locked' && e.message.includes(String(process.ppid)));
    await first.release();
    assert.ok(!existsSync(`${db}.lock`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a dead process, or half written, is taken over', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-lock-'));
  try {
    const db = path.join(dir, 'db');
    // pid 2^22+1 is above Linux's default pid_max range in containers, so no process has it
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: 4194305 }));
    const l = await acquireStoreLock(db);
    await l.release();
    writeFileSync(`${db}.lock`, '{"pid":');
    const l2 = await acquireStoreLock(db);
    await l2.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
