// `data compare` errors name what the user knows: a version that cannot be read is named
// `path@rev` (never the scratch copy it was read from), a directory and an unknown revision
// are refused with a hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, inRepo, ponte } from '../data/lib/ponte';

test('compare names an unreadable version path@rev, refuses directories and unknown revisions', inRepo('ponte-cmp-err-', (repo) => {
  writeFileSync(join(repo, 'only-header.csv'), 'a,b\n');
  mkdirSync(join(repo, 'dir'));
  writeFileSync(join(repo, 'dir', 'x.csv'), 'a\n1\n');
  assert.equal(ponte(repo, 'data', 'add', 'only-header.csv', 'dir').code, 0);
  git(repo, 'commit', '-qm', 'v1');
  const cases: [string[], RegExp][] = [
    [['only-header.csv', '--from', 'HEAD'], /^error\[drift\.csv\.no_rows\]: only-header\.csv@HEAD:2:1: /],
    [['dir', '--from', 'HEAD'], /^error\[data\.compare_not_a_file\]: .*dir\.dvc: dir is a directory at HEAD/],
    [['only-header.csv', '--from', 'v9'], /^error\[data\.unknown_rev\]: .*'v9' is not a commit/],
  ];
  for (const [args, expected] of cases) {
    const r = ponte(repo, 'data', 'compare', ...args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, expected);
    assert.match(r.stderr, /\n {2}hint: \S/);
    assert.doesNotMatch(r.stderr, /ponte-compare-|\n\s+at /);
  }
}));
