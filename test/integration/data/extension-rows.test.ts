// The Datasets view's version rows, without the editor: each tracked path expands to its
// versions from the git history of its .dvc file (real git in a temporary repository).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addData } from '../../../src/core/data/index';
import type { DataModel, TrackedState } from '../../../src/extension/data/model';
import { targetOf, trackedRows, versionRows } from '../../../src/extension/data/rows';

/** The one tracked path the model would report for `repo/x.csv`. */
function modelWithX(repo: string): DataModel {
  const x: TrackedState = { root: repo, rel: 'x.csv', abs: join(repo, 'x.csv'), dvcFile: join(repo, 'x.csv.dvc'), status: 'unchanged', isDir: false };
  return { all: () => [x] } as unknown as DataModel;
}

test('version rows come from the git history of the .dvc file, newest first', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'ponte-rows-'));
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=T', ...args], { cwd: repo });
  try {
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'x.csv'), 'a\n');
    await addData({ cwd: repo, paths: ['x.csv'] });
    git('commit', '-qm', 'first');
    writeFileSync(join(repo, 'x.csv'), 'a\nb\n');
    await addData({ cwd: repo, paths: ['x.csv'] });
    git('commit', '-qm', 'second');
    const parent = trackedRows(modelWithX(repo), new Set(), undefined)[0];
    const versions = await versionRows(parent);
    assert.deepEqual(versions.map((v) => v.label.slice(8)), ['second', 'first']);
    assert.match(versions[0].description ?? '', /4 B$/);
    assert.deepEqual({ ...targetOf(versions[1]), commit: undefined }, { cwd: repo, path: 'x.csv', commit: undefined });
    assert.match(targetOf(versions[1])!.commit!, /^[0-9a-f]{40}$/);
    assert.deepEqual(await versionRows({ id: 's', kind: 'ponte.stage', label: 'train' }), []);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
