// A full disk under a whole new repository (a 1 MiB tmpfs; skipped, with the reason, where
// mounting is refused): `data add` fails naming the file it could not write, and leaves the
// folder as it was: no .dvc file, no .gitignore, no object, and not even the dvc init layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, ponte } from '../data/lib/ponte';

test('data add on a full disk in a fresh repository writes nothing at all', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
  try {
    if (mounted.status !== 0) {
      t.skip(`cannot mount a tmpfs here (${(mounted.stderr || 'mount failed').trim()})`);
      return;
    }
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'big.bin'), Buffer.alloc(700_000, 7));
    const r = ponte(dir, 'data', 'add', 'big.bin');
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error\\[io\\.enospc\\]: ${dir}/\\S+: cannot write .*no space left on device`));
    assert.match(r.stderr, /\n {2}hint: the disk is full: free some space and try again\n$/);
    assert.deepEqual(readdirSync(dir).sort(), ['.git', 'big.bin']);
    assert.equal(git(dir, 'status', '--porcelain'), '?? big.bin\n');
  } finally {
    if (mounted.status === 0) spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
