// `.dvcignore` patterns: gitignore semantics for anchoring, `**`, directory-only and negation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvcIgnore, globToRegex } from '../../../../src/core/data/index';

test('globs: unanchored names match at any depth, a slash anchors', () => {
  assert.ok(globToRegex('*.log').test('a/b/c.log'));
  assert.ok(!globToRegex('/data/*.csv').test('x/data/a.csv'));
  assert.ok(globToRegex('/data/*.csv').test('data/a.csv'));
  assert.ok(!globToRegex('data/*.csv').test('data/sub/a.csv'));
  assert.ok(globToRegex('data/**/a.csv').test('data/a.csv'));
  assert.ok(globToRegex('data/**/a.csv').test('data/x/y/a.csv'));
  assert.ok(globToRegex('**/cache').test('a/cache'));
  assert.ok(globToRegex('file?.[ch]').test('file1.c'));
  assert.ok(!globToRegex('file[!0-9]').test('file1'));
});

test('rules: negation re-includes, directory-only rules skip files, nested .dvcignore is relative', () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-ignore-'));
  try {
    writeFileSync(join(root, '.dvcignore'), '# comment\n*.tmp\n!keep.tmp\nbuild/\n');
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', '.dvcignore'), '/local.csv\n');
    const ig = new DvcIgnore(root);
    ig.loadAncestors('sub');
    assert.equal(ig.isIgnored('x.tmp', false), true);
    assert.equal(ig.isIgnored('keep.tmp', false), false);
    assert.equal(ig.isIgnored('build', true), true);
    assert.equal(ig.isIgnored('build', false), false);
    assert.equal(ig.isIgnored('sub/local.csv', false), true);
    assert.equal(ig.isIgnored('local.csv', false), false);
    assert.equal(ig.isIgnored('a/.git', true), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
