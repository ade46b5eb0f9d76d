// `ponte drift` inside a project records its report in the project's backend (the embedded
// store, or the server --backend names), so the dashboard's Drift tab lists it; --no-record and
// a directory with no ponte.yaml leave the backend alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../../src/core/store';
import { cliJs, repoRoot, seedPgliteDir, startBackend, tempDir } from '../server/lib/backends';

const FIX = join(repoRoot, 'test/fixtures/drift');

/** Asynchronous, so an in-process server can answer the CLI meanwhile. */
function drift(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, 'drift', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function project(withYaml: boolean): { dir: string; remove(): void } {
  const t = tempDir('ponte-drift-record-');
  copyFileSync(join(FIX, 'reference.csv'), join(t.dir, 'reference.csv'));
  copyFileSync(join(FIX, 'current.csv'), join(t.dir, 'current.csv'));
  if (withYaml) writeFileSync(join(t.dir, 'ponte.yaml'), 'version: 1\nproject: churn\n');
  return t;
}

test('ponte drift in a project records the report in the embedded store; --no-record does not', async () => {
  const t = project(true);
  try {
    await seedPgliteDir(join(t.dir, '.ponte', 'db'));
    const run = await drift(t.dir, '--reference', 'reference.csv', '--current', 'current.csv', '--json');
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.match(run.stderr, /drift report [0-9a-f]{32} recorded in embedded store/);
    const skipped = await drift(t.dir, '--reference', 'reference.csv', '--current', 'current.csv', '--no-record');
    assert.doesNotMatch(skipped.stderr, /recorded/);
    const store = await openStore({ dataDir: join(t.dir, '.ponte', 'db') });
    try {
      const kept = await store.listDriftReports({ project: 'churn' });
      assert.equal(kept.length, 1);
      assert.equal(kept[0].title, 'reference.csv → current.csv');
      assert.deepEqual(kept[0].report, JSON.parse(run.stdout));
    } finally {
      await store.close();
    }
  } finally {
    t.remove();
  }
});

test('ponte drift --backend URL records through the HTTP client; the API lists it', async () => {
  const t = project(true);
  const b = await startBackend('pglite');
  try {
    const run = await drift(t.dir, '--reference', 'reference.csv', '--current', 'current.csv', '--backend', b.server.url, '--quiet');
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const [kept] = await b.client.listDriftReports({ project: 'churn' });
    assert.equal(kept.title, 'reference.csv → current.csv');
    assert.equal((kept.report.summary as { columns: number }).columns, (kept.report.columns as unknown[]).length);
    assert.equal(existsSync(join(t.dir, '.ponte')), false, 'the embedded store is not touched when --backend is given');
  } finally {
    await b.close();
    t.remove();
  }
});

test('a backend that refuses the report leaves a warning and the drift verdict as the exit code', async () => {
  const t = project(true);
  try {
    const plain = await drift(t.dir, '--reference', 'reference.csv', '--current', 'current.csv', '--no-record');
    const run = await drift(t.dir, '--reference', 'reference.csv', '--current', 'current.csv', '--backend', 'http://127.0.0.1:9');
    assert.equal(run.code, plain.code);
    assert.equal(run.stdout, plain.stdout);
    assert.match(run.stderr, /warning: the drift report was not recorded: .*\n {2}hint: check the backend, or pass --no-record/);
  } finally {
    t.remove();
  }
});

test('outside a project ponte drift records nothing and makes no .ponte directory', async () => {
  const t = project(false);
  try {
    const run = await drift(t.dir, '--reference', 'reference.csv', '--current', 'current.csv');
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.doesNotMatch(run.stderr, /recorded/);
    assert.equal(existsSync(join(t.dir, '.ponte')), false);
  } finally {
    t.remove();
  }
});
