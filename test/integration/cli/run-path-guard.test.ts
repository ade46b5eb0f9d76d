// `ponte run` never deletes, writes or runs outside the repository or in .git/.dvc: outputs and
// wdir that leave it (textually: `ponte validate` reports them at their line; through a link:
// the path guard refuses before any stage runs), logs and dvc.lock never written through a link,
// and outputs named only in dvc.lock never acted on. The victim beside the repository stays whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ponte, snapshot, withVictim } from './lib/sandbox';

function pipeline(repo: string, yaml: string): void {
  writeFileSync(join(repo, 'dvc.yaml'), yaml);
}

function victimWithB(victim: string): Record<string, string> {
  writeFileSync(join(victim, 'b.txt'), 'victim b\n');
  writeFileSync(join(victim, 'a.txt'), 'victim a\n');
  return snapshot(victim);
}

test('outs: ../victim/a.txt and wdir: .. are errors at their line in validate, and run refuses them', withVictim((repo, victim) => {
  const before = victimWithB(victim);
  mkdirSync(join(repo, '.dvc'));
  pipeline(repo, 'stages:\n  train:\n    cmd: echo new > ../victim/a.txt\n    outs:\n      - ../victim/a.txt\n  far:\n    cmd: touch ran-here\n    wdir: ..\n');
  const v = ponte(repo, 'validate', 'dvc.yaml');
  assert.equal(v.code, 1);
  assert.match(v.stdout, /dvc\.yaml:5:9: error out\.outside_repo output "\.\.\/victim\/a\.txt" is outside the repository/);
  assert.match(v.stdout, /dvc\.yaml:8:11: error wdir\.outside_repo wdir "\.\." of stage "far" is outside the repository/);
  const r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 1);
  // ponte run checks dvc.yaml as validate does (with file access), so it stops at the same line
  assert.match(r.stderr, /^error\[pipeline\.invalid\]: dvc\.yaml:5:9: output "\.\.\/victim\/a\.txt" is outside the repository.*\n  hint: \[out\.outside_repo\]/);
  assert.deepEqual(snapshot(victim), before);
  assert.ok(!existsSync(join(repo, 'dvc.lock')));
  assert.ok(!existsSync(join(repo, '..', 'ran-here')));
}));

test('an output behind a link that leads outside is refused before anything runs or is deleted', withVictim((repo, victim) => {
  const before = victimWithB(victim);
  symlinkSync('../victim', join(repo, 'link'));
  pipeline(repo, 'stages:\n  first:\n    cmd: echo first > first.txt\n    outs:\n      - first.txt\n  train:\n    cmd: echo new > link/b.txt\n    outs:\n      - link/b.txt\n');
  assert.equal(ponte(repo, 'validate', 'dvc.yaml').code, 0, 'textually the path is inside');
  const r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.outside_repo\]: dvc\.yaml:9:9: cannot write the output 'link\/b\.txt': the symbolic link 'link' leads to .*victim, outside the repository/);
  assert.deepEqual(snapshot(victim), before, 'b.txt was not deleted first');
  assert.ok(!existsSync(join(repo, 'first.txt')), 'no stage ran');
}));

test('a wdir through a link that leads outside is refused; the command never runs', withVictim((repo, victim) => {
  symlinkSync('../victim', join(repo, 'wd'));
  pipeline(repo, 'stages:\n  train:\n    cmd: touch ran-here\n    wdir: wd\n');
  const r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.outside_repo\]: dvc\.yaml:2: cannot run stage "train" in 'wd': the symbolic link 'wd' leads to/);
  assert.deepEqual(snapshot(victim), {});
}));

test('outputs in .git or .dvc are refused by validate and run', withVictim((repo) => {
  pipeline(repo, 'stages:\n  hook:\n    cmd: printf "#!/bin/sh\\n" > .git/hooks/pre-commit\n    outs:\n      - .git/hooks/pre-commit\n');
  let r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[pipeline\.invalid\]: dvc\.yaml:5:9: output "\.git\/hooks\/pre-commit" is inside \.git/);
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
  // through a link the validator cannot see
  symlinkSync('.git/hooks', join(repo, 'hooks'));
  pipeline(repo, 'stages:\n  hook:\n    cmd: printf "#!/bin/sh\\n" > hooks/pre-commit\n    outs:\n      - hooks/pre-commit\n');
  r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.protected\]: dvc\.yaml:5:9: cannot write the output 'hooks\/pre-commit': the symbolic link 'hooks' leads into \.git/);
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
}));

test('a link in place of an output, of the stage log or of dvc.lock is replaced, never written through', withVictim((repo, victim) => {
  const before = victimWithB(victim);
  symlinkSync('../victim/b.txt', join(repo, 'out.txt'));
  mkdirSync(join(repo, '.ponte', 'logs'), { recursive: true });
  symlinkSync('../../../victim/a.txt', join(repo, '.ponte', 'logs', 'train.log'));
  symlinkSync('../victim/lock', join(repo, 'dvc.lock'));
  pipeline(repo, 'stages:\n  train:\n    cmd: echo new > out.txt\n    outs:\n      - out.txt\n');
  const r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 0, r.stderr);
  for (const p of ['out.txt', '.ponte/logs/train.log', 'dvc.lock']) assert.ok(lstatSync(join(repo, p)).isFile(), p);
  assert.equal(readFileSync(join(repo, 'out.txt'), 'utf8'), 'new\n');
  assert.match(readFileSync(join(repo, '.ponte', 'logs', 'train.log'), 'utf8'), /^\$ echo new > out\.txt\n/);
  assert.deepEqual(snapshot(victim), before);
}));

test('a .ponte folder that links outside stops the run before the log is written', withVictim((repo, victim) => {
  symlinkSync('../victim', join(repo, '.ponte'));
  pipeline(repo, 'stages:\n  train:\n    cmd: echo new > out.txt\n    outs:\n      - out.txt\n');
  const r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[path\.outside_repo\]: .*the symbolic link '\.ponte' leads to .*victim, outside the repository/);
  assert.deepEqual(snapshot(victim), {});
}));

test('outputs named only in dvc.lock are never deleted or written', withVictim((repo, victim) => {
  const before = victimWithB(victim);
  pipeline(repo, 'stages:\n  train:\n    cmd: echo new > out.txt\n    outs:\n      - out.txt\n');
  writeFileSync(
    join(repo, 'dvc.lock'),
    "schema: '2.0'\nstages:\n  train:\n    cmd: echo new > out.txt\n    outs:\n    - path: ../victim/b.txt\n      hash: md5\n      md5: 0cc175b9c0f1b6a831c399e269772661\n      size: 1\n    - path: .git/hooks/pre-commit\n      hash: md5\n      md5: 0cc175b9c0f1b6a831c399e269772661\n      size: 1\n",
  );
  const r = ponte(repo, 'run', '--no-record');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(snapshot(victim), before);
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
  assert.doesNotMatch(readFileSync(join(repo, 'dvc.lock'), 'utf8'), /victim|\.git/);
}));

test('a pipeline in a sub-folder may use .. inside the repository; validate finds where the repository ends', withVictim((repo, victim) => {
  mkdirSync(join(repo, 'pipelines'));
  writeFileSync(join(repo, 'pipelines', 'dvc.yaml'), 'stages:\n  make:\n    cmd: echo made > data.txt\n    wdir: ..\n    outs:\n      - data.txt\n  near:\n    cmd: echo near > ../near.txt\n    outs:\n      - ../near.txt\n');
  let v = ponte(repo, 'validate', 'pipelines/dvc.yaml');
  assert.equal(v.code, 0, v.stdout);
  const r = ponte(join(repo, 'pipelines'), 'run', '--no-record');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(repo, 'data.txt'), 'utf8'), 'made\n');
  writeFileSync(join(repo, 'pipelines', 'dvc.yaml'), 'stages:\n  far:\n    cmd: echo far > ../../victim/far.txt\n    outs:\n      - ../../victim/far.txt\n');
  v = ponte(repo, 'validate', 'pipelines/dvc.yaml');
  assert.equal(v.code, 1);
  assert.match(v.stdout, /pipelines\/dvc\.yaml:5:9: error out\.outside_repo output "\.\.\/\.\.\/victim\/far\.txt" is outside the repository/);
  assert.equal(ponte(join(repo, 'pipelines'), 'run', '--no-record').code, 1);
  assert.deepEqual(snapshot(victim), {});
}));
