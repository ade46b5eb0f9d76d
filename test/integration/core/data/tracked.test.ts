// Which data a `.dvc` file names: paths relative to the file, or to its `wdir:` (older DVC
// files written with --file), and never outside the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDvcFiles, listTracked, openDataRepo } from '../../../../src/core/data/index';
import { PonteError } from '../../../../src/core/errors';

test('outputs resolve against wdir; one that leaves the repository is refused naming the .dvc file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-tracked-'));
  try {
    mkdirSync(join(root, '.dvc'));
    mkdirSync(join(root, 'meta'));
    writeFileSync(join(root, 'meta', 'x.dvc'), 'wdir: ..\nouts:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  path: data/x.csv\n');
    const repo = await openDataRepo(root);
    const [t] = await listTracked(repo, { cwd: root });
    assert.equal(t.rel, 'data/x.csv');
    assert.equal(t.abs, join(root, 'data', 'x.csv'));
    writeFileSync(join(root, 'meta', 'x.dvc'), 'wdir: ../..\nouts:\n- path: x.csv\n');
    await assert.rejects(listTracked(repo, { cwd: root }), (e: unknown) => e instanceof PonteError && e.code === 'path.outside_repo' && e.file === join(root, 'meta', 'x.dvc'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the .dvc files of a repository skip .dvcignored folders and sub-repositories, as DVC collects them', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-tracked-'));
  try {
    const dvc = (rel: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), 'outs:\n- md5: d8e8fca2dc0f896fd7cb4cb0031ba249\n  path: x\n');
    };
    mkdirSync(join(root, '.dvc'));
    dvc('a.dvc');
    dvc('keep/b.dvc');
    dvc('vendor/c.dvc');
    dvc('sub/d.dvc');
    mkdirSync(join(root, 'sub', '.dvc'));
    writeFileSync(join(root, '.dvcignore'), 'vendor/\n');
    assert.deepEqual(findDvcFiles(root).map((f) => f.slice(root.length + 1)), ['a.dvc', 'keep/b.dvc']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
