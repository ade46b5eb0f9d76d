// Two versions of a DVC-tracked dataset as drift inputs (what the editor command offers): a real
// git repository, two versions added with `ponte data add` and committed, read back from the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDrift, runLoadJob } from '../../../src/core/drift';
import { datasetVersionFile, datasetVersions, dataRepoRoot, trackedDataFiles } from '../../../src/core/versions';
import { PonteError } from '../../../src/core/errors';

const CLI = resolve(__dirname, '../../../dist/cli.js');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.org', ...args], { cwd, stdio: 'ignore' });
}

test('versions of a tracked CSV compare through the cache', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-drift-versions-'));
  git(root, 'init', '-q');
  mkdirSync(join(root, 'data'));
  const rows = (shift: number) => 'x,c\n' + Array.from({ length: 300 }, (_, i) => `${(i % 50) + shift},${i % 3 ? 'a' : 'b'}`).join('\n') + '\n';
  writeFileSync(join(root, 'data/train.csv'), rows(0));
  execFileSync(process.execPath, [CLI, 'data', 'add', 'data/train.csv'], { cwd: root, stdio: 'ignore' });
  git(root, 'commit', '-qm', 'v1');
  writeFileSync(join(root, 'data/train.csv'), rows(40));
  execFileSync(process.execPath, [CLI, 'data', 'add', 'data/train.csv'], { cwd: root, stdio: 'ignore' });
  git(root, 'commit', '-qm', 'v2');

  assert.deepEqual(await trackedDataFiles(root), ['data/train.csv']);
  const repo = await dataRepoRoot(join(root, 'data'));
  const versions = await datasetVersions(repo, 'data/train.csv');
  assert.deepEqual(versions.map((v) => v.message), ['v2', 'v1']);
  const [newer, older] = await Promise.all(versions.map((v) => datasetVersionFile(repo, 'data/train.csv', v)));
  assert.equal(newer.format, 'csv');
  const report = await runDrift(older.file, newer.file, { formats: { reference: older.format, current: newer.format }, threads: false, inThread: runLoadJob });
  const x = report.columns.find((c) => c.column === 'x')!;
  assert.equal(x.method, 'ks');
  assert.equal(x.drifted, true);
  assert.equal(report.columns.find((c) => c.column === 'c')!.drifted, false);

  // a version whose object left the cache says how to get it back
  rmSync(join(root, '.dvc/cache'), { recursive: true, force: true });
  await assert.rejects(datasetVersionFile(repo, 'data/train.csv', versions[1]), (e: unknown) => e instanceof PonteError && e.code === 'drift.version.not_in_cache' && /ponte data pull/.test(e.hint!));
});
