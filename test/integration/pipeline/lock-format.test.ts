// The dvc.lock `ponte run` writes is DVC's, byte for byte: test/fixtures/pipeline/basic holds a
// small project and the lock ruamel.yaml (DVC's writer) produced for it, with a directory out,
// whole and tiny floats, a section param, a metrics file and commands folded at 80 columns.
// Also: `ponte status` and `--dry-run` write nothing, not even `.dvc/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, json, ponte, read, removeProject } from './lib/project';

test('status and --dry-run on a project never run write nothing', () => {
  const dir = copyProject('test/fixtures/pipeline/basic');
  try {
    const before = readdirSync(dir).sort();
    const status = json<{ stale: number }>(ponte(dir, 'status', '--json'));
    assert.equal(status.stale, 2);
    const plan = ponte(dir, 'run', '--dry-run');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /prepare +would run +never run/);
    assert.deepEqual(readdirSync(dir).sort(), before);
  } finally {
    removeProject(dir);
  }
});

test('the lock written equals the one DVC writes for the same project', () => {
  const dir = copyProject('test/fixtures/pipeline/basic');
  try {
    const r = ponte(dir, 'run', '--no-record');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read(dir, 'dvc.lock'), read(dir, 'expected.dvc.lock'));
    // The directory out and the cached file are in DVC 3's cache layout.
    assert.ok(existsSync(join(dir, '.dvc/cache/files/md5/88/edbe1952c22e60c5ed631e2a289921.dir')));
    assert.ok(existsSync(join(dir, '.dvc/cache/files/md5/0f/723ae7f9bf07744445e93ac5595156')));
    // A lock written by DVC is read as up to date.
    assert.match(ponte(dir, 'status').stdout, /Pipeline is up to date/);
  } finally {
    removeProject(dir);
  }
});
