// `.dvcignore` matching against an oracle built on pathspec, the library DVC matches with
// (test/fixtures/data/dvcignore/make_expected.py): anchoring, `**`, character classes, escapes,
// negation, directory-only rules, and parents that take their contents with them, as a walk
// that prunes ignored directories sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvcIgnore } from '../../../../src/core/data/index';

interface Case {
  rules: string[];
  paths: { path: string; dir: boolean; ignored: boolean }[];
}

const CASES = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/data/dvcignore/expected.json'), 'utf8')) as Case[];

/** Ignored as the walk sees it: the path itself, or any directory above it. */
function walkIgnores(ig: DvcIgnore, path: string, isDir: boolean): boolean {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) if (ig.isIgnored(parts.slice(0, i).join('/'), true)) return true;
  return ig.isIgnored(path, isDir);
}

test('.dvcignore rules match as DVC (pathspec) matches them', () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-dvcignore-'));
  try {
    const wrong: string[] = [];
    for (const c of CASES) {
      writeFileSync(join(root, '.dvcignore'), `${c.rules.join('\n')}\n`);
      const ig = new DvcIgnore(root);
      ig.loadDir('');
      for (const p of c.paths) {
        if (walkIgnores(ig, p.path, p.dir) !== p.ignored) wrong.push(`${JSON.stringify(c.rules)} ${p.path}${p.dir ? '/' : ''}: DVC ${p.ignored ? 'ignores' : 'keeps'} it`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(CASES.reduce((n, c) => n + c.paths.length, 0) >= 50);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
