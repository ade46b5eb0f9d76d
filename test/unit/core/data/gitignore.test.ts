// The `.gitignore` line for tracked data: what DVC writes (`/` + pathspec's escape of `[]!*#?`),
// plus the two escapes git needs that DVC leaves out (a backslash, a trailing space).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitignoreEntry } from '../../../../src/core/data/index';

test('the .gitignore line is DVC\'s (pathspec escape) for ordinary and glob-character names', () => {
  // Expected values: GitWildMatchPattern.escape('/' + name), as DVC's scmrepo writes them.
  const dvc: [string, string][] = [
    ['x.csv', '/x.csv'],
    ['données', '/données'],
    ['a b', '/a b'],
    ['#1', '/\\#1'],
    ['it!s', '/it\\!s'],
    ['f[1].csv', '/f\\[1\\].csv'],
    ['*?', '/\\*\\?'],
    [' lead', '/ lead'],
  ];
  for (const [name, line] of dvc) assert.equal(gitignoreEntry(name), line, name);
});

test('a backslash and a trailing space are escaped too, so git matches exactly this name', () => {
  assert.equal(gitignoreEntry('back\\slash'), '/back\\\\slash');
  assert.equal(gitignoreEntry('trail '), '/trail\\ ');
});
