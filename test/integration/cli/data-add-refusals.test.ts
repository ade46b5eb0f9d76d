// `ponte data add` refuses what DVC refuses, before writing anything: a missing path or a
// dangling link, a `.dvc` file itself, a path inside a tracked directory or a directory holding
// `.dvc` files of its own, and data git already tracks. Each error names the file, has a hint,
// exits 1 without a stack trace, and leaves the repository exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, git, inRepo, ponte } from '../data/lib/ponte';

/** The repository as git and the file system see it. */
function snapshot(repo: string): string {
  return `${filesUnder(repo).filter((f) => !f.startsWith('.git/')).join('\n')}\n${git(repo, 'status', '--porcelain')}`;
}

function refuses(repo: string, args: string[], code: string, where: string, message: RegExp): void {
  const before = snapshot(repo);
  const r = ponte(repo, 'data', 'add', ...args);
  assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  const head = r.stderr.split('\n')[0];
  assert.equal(head.startsWith(`error[${code}]: ${join(repo, where)}: `), true, head);
  assert.match(head, message);
  assert.match(r.stderr, /\n {2}hint: \S/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(snapshot(repo), before, `${args.join(' ')} wrote nothing`);
}

test('data add refuses a missing path, a dangling link and a .dvc file, and writes nothing (not even the dvc init layout)', inRepo('ponte-add-refuse-', (repo) => {
  refuses(repo, ['missing.csv'], 'data.not_found', 'missing.csv', /does not exist/);
  symlinkSync('nowhere.csv', join(repo, 'dangling.csv'));
  refuses(repo, ['dangling.csv'], 'data.not_found', 'dangling.csv', /symbolic link to 'nowhere\.csv', which does not exist/);
  assert.ok(!existsSync(join(repo, '.dvc')));

  writeFileSync(join(repo, 'x.csv'), 'a\n');
  assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
  git(repo, 'commit', '-qm', 'x');
  refuses(repo, ['x.csv.dvc'], 'data.path_is_dvc_file', 'x.csv.dvc', /is a \.dvc file/);
}));

test('data add refuses overlapping outputs: inside a tracked directory, or around a tracked path', inRepo('ponte-add-overlap-', (repo) => {
  mkdirSync(join(repo, 'data', 'sub'), { recursive: true });
  writeFileSync(join(repo, 'data', 'sub', 'x.csv'), '1\n');
  writeFileSync(join(repo, 'data', 'y.csv'), '2\n');
  assert.equal(ponte(repo, 'data', 'add', 'data').code, 0);
  git(repo, 'commit', '-qm', 'data');
  refuses(repo, ['data/sub/x.csv'], 'data.overlapping_outputs', 'data/sub/x.csv', /is inside data, which data\.dvc already tracks/);
  refuses(repo, ['data/sub'], 'data.overlapping_outputs', 'data/sub', /is inside data/);

  // The other way round: a directory holding a .dvc file of its own.
  git(repo, 'rm', '-q', 'data.dvc', '.gitignore');
  git(repo, 'commit', '-qm', 'untrack data');
  assert.equal(ponte(repo, 'data', 'add', 'data/sub').code, 0);
  git(repo, 'commit', '-qm', 'sub');
  refuses(repo, ['data'], 'data.overlapping_outputs', 'data/sub.dvc', /contains data\/sub\.dvc, which tracks data of its own/);
  // A sibling is not an overlap.
  assert.equal(ponte(repo, 'data', 'add', 'data/y.csv').code, 0);
}));

test('data add refuses data git already tracks, with the git command that stops it', inRepo('ponte-add-ingit-', (repo) => {
  mkdirSync(join(repo, 'models'));
  writeFileSync(join(repo, 'models', 'a.bin'), 'a');
  writeFileSync(join(repo, 'models', 'b.bin'), 'b');
  writeFileSync(join(repo, 'table.csv'), 'x\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'in git');
  refuses(repo, ['table.csv'], 'data.tracked_by_git', 'table.csv', /already tracked by git \(table\.csv\)/);
  refuses(repo, ['models'], 'data.tracked_by_git', 'models', /already tracked by git \(2 files, e\.g\. models\/a\.bin\)/);
  const r = ponte(repo, 'data', 'add', 'models');
  assert.match(r.stderr, /hint: stop tracking it with git first: git rm -r --cached -- 'models'/);
  // Following the hint works.
  git(repo, 'rm', '-r', '-q', '--cached', '--', 'models');
  git(repo, 'commit', '-qm', 'stop tracking models');
  assert.equal(ponte(repo, 'data', 'add', 'models').code, 0);
}));

test('data add of the same path twice in one call tracks it once', inRepo('ponte-add-twice-', (repo) => {
  writeFileSync(join(repo, 'x.csv'), 'a\n');
  const r = ponte(repo, 'data', 'add', 'x.csv', './x.csv');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  assert.equal(git(repo, 'show', ':.gitignore'), '/x.csv\n');
}));

test('data add refuses a path .dvcignore leaves out, or one inside an ignored folder', inRepo('ponte-add-dvcignored-', (repo) => {
  writeFileSync(join(repo, '.dvcignore'), '*.tmp\nscratch/\n');
  mkdirSync(join(repo, 'scratch'));
  writeFileSync(join(repo, 'x.tmp'), 't');
  writeFileSync(join(repo, 'scratch', 'y.csv'), 'y');
  refuses(repo, ['x.tmp'], 'data.path_ignored', 'x.tmp', /is ignored by \.dvcignore$/);
  refuses(repo, ['scratch/y.csv'], 'data.path_ignored', 'scratch/y.csv', /is ignored by \.dvcignore \(its folder scratch is\)/);
  refuses(repo, ['scratch'], 'data.path_ignored', 'scratch', /is ignored by \.dvcignore$/);
}));
