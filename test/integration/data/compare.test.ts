// `ponte data compare`: two versions of a CSV (columns added, removed, changed in kind; rows,
// size, per-column statistics) and of a Parquet file, read from the cache by git revision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, ponte, tempGitRepo } from './lib/ponte';
import type { VersionComparison } from '../../../src/core/versions/compare';

const FIXTURES = join(__dirname, '../../fixtures/data');

test('two CSV versions: added, removed and retyped columns, rows, size and statistics', () => {
  const repo = tempGitRepo('ponte-data-compare-');
  try {
    mkdirSync(join(repo, 'data'));
    const v1 = 'id,plan,score,old\n1,basic,0.5,a\n2,pro,1.5,b\n3,pro,,c\n';
    const v2 = 'id,plan,score,new\n1,basic,high,7\n2,pro,low,8\n';
    writeFileSync(join(repo, 'data', 'x.csv'), v1);
    assert.equal(ponte(repo, 'data', 'add', 'data/x.csv').code, 0);
    git(repo, 'commit', '-qm', 'v1');
    writeFileSync(join(repo, 'data', 'x.csv'), v2);
    assert.equal(ponte(repo, 'data', 'add', 'data/x.csv').code, 0);
    git(repo, 'commit', '-qm', 'v2');

    const r = ponte(repo, 'data', 'compare', 'data/x.csv', '--from', 'HEAD~1', '--to', 'HEAD', '--json');
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as VersionComparison;
    assert.deepEqual([c.from.rows, c.to.rows], [3, 2]);
    assert.deepEqual([c.from.size, c.to.size], [v1.length, v2.length]);
    assert.deepEqual(c.added, ['new']);
    assert.deepEqual(c.removed, ['old']);
    assert.deepEqual(c.changedKind, [{ name: 'score', from: 'numeric', to: 'categorical' }]);
    const score = c.from.columns.find((x) => x.name === 'score');
    assert.deepEqual(score, { name: 'score', kind: 'numeric', count: 2, missing: 1, min: 0.5, max: 1.5, mean: 1, std: Math.SQRT1_2 });
    const plan = c.to.columns.find((x) => x.name === 'plan');
    assert.equal(plan?.distinct, 2);

    // Text output is a Markdown report; the workspace is the default `to`.
    const text = ponte(repo, 'data', 'compare', 'data/x.csv', '--from', 'HEAD~1');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^# data\/x\.csv: HEAD~1 → workspace/);
    assert.match(text.stdout, /Columns added: `new`/);

    // A version whose object left the cache is a clear error.
    rmSync(join(repo, '.dvc', 'cache'), { recursive: true, force: true });
    const missing = ponte(repo, 'data', 'compare', 'data/x.csv', '--from', 'HEAD~1');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error\[data\.not_in_cache\]/);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('a Parquet version is read through the cache', () => {
  const repo = tempGitRepo('ponte-data-compare-pq-');
  try {
    copyFileSync(join(FIXTURES, 'simple.parquet'), join(repo, 'simple.parquet'));
    assert.equal(ponte(repo, 'data', 'add', 'simple.parquet').code, 0);
    git(repo, 'commit', '-qm', 'v1');
    const r = ponte(repo, 'data', 'compare', 'simple.parquet', '--from', 'HEAD', '--json');
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as VersionComparison;
    assert.equal(c.from.rows, 3);
    assert.deepEqual(c.from.columns.map((x) => [x.name, x.kind]), [['A', 'numeric'], ['B', 'categorical']]);
    assert.equal(c.from.columns[0].mean, 2);
    assert.equal(c.from.columns[1].top, 'foo');
    assert.deepEqual([c.added, c.removed, c.changedKind], [[], [], []]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
