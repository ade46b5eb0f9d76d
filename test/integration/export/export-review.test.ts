// `ponte export kubernetes` from a terminal, with inputs an outside review tried (needs
// `npm run build`): a --model that is no version number is bad usage before any store is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_YAML, tempProject } from '../../unit/core/export/lib/project';
import { ponte } from '../pipeline/lib/project';

test('--model abc: bad usage naming the flag (it was read as an alias: "no version of shop is in abc")', () => {
  const p = tempProject(FULL_YAML);
  try {
    for (const bad of ['abc', '0', '1.5', 'v2']) {
      const r = ponte(p.dir, 'export', 'kubernetes', '--deployment', 'production', '--model', bad);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr + r.stdout, new RegExp(`--model ${bad.replace('.', '\\.')}`));
      assert.match(r.stderr + r.stdout, /--alias/);
    }
    assert.ok(!existsSync(join(p.dir, '.ponte', 'db')), 'no store opened');
  } finally {
    p.remove();
  }
});

test('a value option given twice is bad usage naming it (the last one won, silently: --out a --out b wrote b only)', () => {
  const p = tempProject(FULL_YAML);
  try {
    const r = ponte(p.dir, 'export', 'grafana', '--out', 'a.json', '--out', 'b.json');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--out given twice \(a\.json, b\.json\)/);
    assert.ok(!existsSync(join(p.dir, 'a.json')) && !existsSync(join(p.dir, 'b.json')));
    const ci = ponte(p.dir, 'ci', 'generate', 'gitlab', '--out', 'a.yml', '--out=b.yml');
    assert.equal(ci.code, 2, ci.stderr);
    assert.match(ci.stderr, /--out given twice/);
  } finally {
    p.remove();
  }
});
