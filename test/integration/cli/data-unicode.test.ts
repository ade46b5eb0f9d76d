// Unicode, spaces and glob characters in nested paths, through the CLI and real git: the `.dvc`
// file and `.gitignore` line DVC writes, staging (also when a rule ignores the folder), log and
// checkout --rev, which read git's listings of such names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, inRepo, ponte } from '../data/lib/ponte';

const DIR = 'données/été 2026';
const NAME = 'ventes #1 [brut].csv';

test('a unicode, nested path with spaces and glob characters: .dvc, .gitignore, staging, log, checkout --rev', inRepo('ponte-unicode-', (repo) => {
  mkdirSync(join(repo, DIR), { recursive: true });
  writeFileSync(join(repo, DIR, NAME), 'a\n');
  let r = ponte(repo, 'data', 'add', `${DIR}/${NAME}`);
  assert.equal(r.code, 0, r.stderr);
  const md5 = '60b725f10c9c85c70d97880dfe8191b3'; // md5 of "a\n"
  assert.equal(readFileSync(join(repo, DIR, `${NAME}.dvc`), 'utf8'), `outs:\n- md5: ${md5}\n  size: 2\n  hash: md5\n  path: '${NAME}'\n`);
  assert.equal(readFileSync(join(repo, DIR, '.gitignore'), 'utf8'), '/ventes \\#1 \\[brut\\].csv\n');
  const staged = git(repo, 'diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean).sort();
  assert.deepEqual(staged, ['.dvc/.gitignore', '.dvc/config', '.dvcignore', `${DIR}/.gitignore`, `${DIR}/${NAME}.dvc`]);
  assert.equal(git(repo, 'check-ignore', '--', `${DIR}/${NAME}`).length > 0, true, 'git ignores the data itself');
  git(repo, 'commit', '-qm', 'v1');

  writeFileSync(join(repo, DIR, NAME), 'b\n');
  assert.equal(ponte(repo, 'data', 'add', `${DIR}/${NAME}`).code, 0);
  git(repo, 'commit', '-qm', 'v2');
  r = ponte(repo, 'data', 'log', `${DIR}/${NAME}`, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as { message: string; md5: string }[]).map((v) => [v.message, v.md5]), [['v2', '3b5d5c3712955042212316173ccf37be'], ['v1', md5]]);
  r = ponte(repo, 'data', 'checkout', '--rev', 'HEAD~1');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${DIR}/${NAME}: restored (1 files)\n`);
  assert.equal(readFileSync(join(repo, DIR, NAME), 'utf8'), 'a\n');
}));

test('a unicode .dvc file inside a folder a .gitignore rule excludes: written, not staged, a warning, no redundant .gitignore line', inRepo('ponte-unicode-ignored-', (repo) => {
  writeFileSync(join(repo, '.gitignore'), '/données/\n');
  mkdirSync(join(repo, 'données', 'sous'), { recursive: true });
  writeFileSync(join(repo, 'données', 'sous', 'é.csv'), '1\n');
  const r = ponte(repo, 'data', 'add', 'données/sous/é.csv');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: git ignores données\/sous\/é\.csv\.dvc \(a \.gitignore rule\)/);
  assert.ok(!existsSync(join(repo, 'données', 'sous', '.gitignore')), 'the data is ignored already: no line added, as with dvc add');
  assert.deepEqual(git(repo, 'diff', '--cached', '--name-only').trim().split('\n').sort(), ['.dvc/.gitignore', '.dvc/config', '.dvcignore']);
  rmSync(join(repo, 'données', 'sous', 'é.csv'));
  assert.equal(ponte(repo, 'data', 'checkout').code, 0);
  assert.equal(readFileSync(join(repo, 'données', 'sous', 'é.csv'), 'utf8'), '1\n');
}));
