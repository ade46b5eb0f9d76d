// The state cache survives a torn last line (a kill -9 mid-append) and never returns a hash
// for a file whose inode, mtime, ctime or size changed (an edit that puts mtime back included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateCache } from '../../../../src/core/data/index';

test('records, flushes, reopens; a torn line is skipped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-state-'));
  try {
    const f = join(dir, 'a.csv');
    writeFileSync(f, 'a');
    const stateFile = join(dir, 'tmp', 'state');
    const s = StateCache.open(stateFile);
    s.record(statSync(f), 'md5', '0cc175b9c0f1b6a831c399e269772661');
    await s.flush();
    const full = readFileSync(stateFile, 'latin1');
    appendFileSync(stateFile, full.slice(0, full.length - 10)); // a torn copy of the line
    const again = StateCache.open(stateFile);
    assert.equal(again.size, 1);
    assert.equal(again.lookup(statSync(f), 'md5'), '0cc175b9c0f1b6a831c399e269772661');
    assert.equal(again.lookup(statSync(f), 'md5-dos2unix'), undefined);
    writeFileSync(f, 'b');
    assert.equal(again.lookup(statSync(f), 'md5'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a torn line that ran into the next append is rejected, the lines around it are kept', async () => {
  const good = (ino: number) => `2\t2049\t${ino}\t1764200000123.4567\t1764200000123.4567\t200\tmd5\t0cc175b9c0f1b6a831c399e269772661`;
  const dir = mkdtempSync(join(tmpdir(), 'ponte-state-'));
  try {
    const file = join(dir, 'state');
    writeFileSync(file, `${good(1)}\n${good(2).slice(0, 20)}${good(3)}\n${good(4)}\n2\tjunk\n`);
    const s = StateCache.open(file);
    assert.equal(s.size, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Waits until the file system's clock has moved past `ctimeMs` (it ticks in jiffies, not ns). */
function afterCtime(dir: string, ctimeMs: number): void {
  const probe = join(dir, 'clock-probe');
  do writeFileSync(probe, '');
  while (statSync(probe).ctimeMs <= ctimeMs);
}

test('an edit that keeps size and mtime (cp -p, rsync -t, touch -r) is a miss: ctime is in the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-state-'));
  try {
    const f = join(dir, 'a.csv');
    writeFileSync(f, 'a');
    utimesSync(f, 1700000000, 1700000000); // whole seconds, which utimes can put back exactly
    const before = statSync(f);
    const s = StateCache.memory();
    s.record(before, 'md5', '0cc175b9c0f1b6a831c399e269772661');
    afterCtime(dir, before.ctimeMs);
    writeFileSync(f, 'b');
    utimesSync(f, 1700000000, 1700000000);
    const after = statSync(f);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.size, before.size);
    assert.equal(s.lookup(after, 'md5'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('entries of the version-1 format (no ctime) are stale: never returned, dropped by the next compaction', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-state-'));
  try {
    const f = join(dir, 'a.csv');
    writeFileSync(f, 'a');
    const st = statSync(f);
    const file = join(dir, 'state');
    writeFileSync(file, `1\t${st.dev}\t${st.ino}\t${st.mtimeMs}\t${st.size}\tmd5\t0cc175b9c0f1b6a831c399e269772661\n`);
    const s = StateCache.open(file);
    assert.equal(s.size, 0);
    assert.equal(s.lookup(st, 'md5'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
