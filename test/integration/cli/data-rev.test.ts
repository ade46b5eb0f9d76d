// `--rev` and history: an unknown revision is named as such; `checkout --rev REV` with no path
// restores what was committed at REV (not what is on disk now); a DVC 2 version checks out over
// data re-added with DVC 3; `data log` of an untracked path is an error, not an empty table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, inRepo, ponte } from '../data/lib/ponte';

const LEGACY = join(__dirname, '../../fixtures/data/legacy-dvc2');

function addAndCommit(repo: string, file: string, text: string, message: string): void {
  writeFileSync(join(repo, file), text);
  const r = ponte(repo, 'data', 'add', file);
  assert.equal(r.code, 0, r.stderr);
  git(repo, 'commit', '-qm', message);
}

test('an unknown revision is data.unknown_rev, for checkout with and without paths, and for an option-like name', inRepo('ponte-rev-unknown-', (repo) => {
  addAndCommit(repo, 'a.csv', 'a1\n', 'a1');
  for (const args of [['checkout', '--rev', 'nope'], ['checkout', 'a.csv', '--rev', 'nope'], ['checkout', 'a.csv', '--rev=--output=x'], ['compare', 'a.csv', '--from', 'HEAD~3']]) {
    const r = ponte(repo, 'data', ...args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, /^error\[data\.unknown_rev\]: .*'(nope|--output=x|HEAD~3)' is not a commit in this repository\n {2}hint: /, args.join(' '));
  }
  assert.equal(readFileSync(join(repo, 'a.csv'), 'utf8'), 'a1\n');
  assert.ok(!existsSync(join(repo, 'x')));
}));

test('checkout --rev REV without paths restores every dataset committed at REV, and only those', inRepo('ponte-rev-all-', (repo) => {
  addAndCommit(repo, 'a.csv', 'a1\n', 'a1');
  addAndCommit(repo, 'gone.csv', 'g1\n', 'gone v1');
  const v1 = git(repo, 'rev-parse', 'HEAD').trim();
  addAndCommit(repo, 'a.csv', 'a2\n', 'a2');
  addAndCommit(repo, 'later.csv', 'l1\n', 'later');
  git(repo, 'rm', '-q', 'gone.csv.dvc');
  git(repo, 'commit', '-qm', 'stop tracking gone');
  rmSync(join(repo, 'gone.csv'));

  const r = ponte(repo, 'data', 'checkout', '--rev', v1);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'a.csv: restored (1 files)\ngone.csv: restored (1 files)\n');
  assert.equal(readFileSync(join(repo, 'a.csv'), 'utf8'), 'a1\n');
  assert.equal(readFileSync(join(repo, 'gone.csv'), 'utf8'), 'g1\n');
  assert.equal(readFileSync(join(repo, 'later.csv'), 'utf8'), 'l1\n', 'not tracked at REV: left alone');
}));

test('a DVC 2 version checks out over data re-added with DVC 3, without --force (its content is in the cache)', inRepo('ponte-rev-legacy-', (repo) => {
  cpSync(join(LEGACY, 'workspace'), repo, { recursive: true });
  mkdirSync(join(repo, '.dvc'));
  cpSync(join(LEGACY, 'cache'), join(repo, '.dvc', 'cache'), { recursive: true });
  writeFileSync(join(repo, '.gitignore'), '/notes.txt\n/raw\n/.dvc/cache\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'dvc 2');
  addAndCommit(repo, 'notes.txt', 'line one\r\nline two\r\nthree\r\n', 'dvc 3');
  assert.match(readFileSync(join(repo, 'notes.txt.dvc'), 'utf8'), /hash: md5/);

  let r = ponte(repo, 'data', 'checkout', 'notes.txt', '--rev', 'HEAD~1');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readFileSync(join(repo, 'notes.txt')), readFileSync(join(LEGACY, 'workspace', 'notes.txt')));
  // Changes that are in no cache are still protected.
  writeFileSync(join(repo, 'notes.txt'), 'unsaved\n');
  r = ponte(repo, 'data', 'checkout', 'notes.txt', '--rev', 'HEAD');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[data\.would_overwrite\]: notes\.txt: /);
  assert.equal(readFileSync(join(repo, 'notes.txt'), 'utf8'), 'unsaved\n');
}));

test('data log of an untracked path is data.not_tracked; a tracked path not yet committed has no versions', inRepo('ponte-log-untracked-', (repo) => {
  writeFileSync(join(repo, 'x.csv'), 'x\n');
  mkdirSync(join(repo, '.dvc'));
  let r = ponte(repo, 'data', 'log', 'x.csv', '--json');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[data\.not_tracked\]: .*x\.csv\.dvc: x\.csv is not tracked: x\.csv\.dvc does not exist and has no git history\n {2}hint: track it with 'ponte data add x\.csv'/);
  assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
  r = ponte(repo, 'data', 'log', 'x.csv', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
}));

test('a DVC root below the top of the git repository (dvc init --subdir): log and checkout --rev read the right files', inRepo('ponte-rev-subdir-', (top) => {
  const repo = join(top, 'proj');
  mkdirSync(join(repo, '.dvc'), { recursive: true });
  addAndCommit(repo, 'x.csv', 'v1\n', 'v1');
  addAndCommit(repo, 'x.csv', 'v2\n', 'v2');
  const log = ponte(repo, 'data', 'log', 'x.csv', '--json');
  assert.equal(log.code, 0, log.stderr);
  assert.deepEqual((JSON.parse(log.stdout) as { message: string }[]).map((v) => v.message), ['v2', 'v1']);
  for (const args of [['checkout', '--rev', 'HEAD~1'], ['checkout', 'x.csv', '--rev', 'HEAD~1']]) {
    writeFileSync(join(repo, 'x.csv'), 'v2\n');
    const r = ponte(repo, 'data', ...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(readFileSync(join(repo, 'x.csv'), 'utf8'), 'v1\n', args.join(' '));
  }
}));
