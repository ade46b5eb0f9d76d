// The engine with the bundled worker threads (dist/drift-worker.js): both sides load in workers,
// progress is reported, and an abort ends the run with drift.cancelled and stops the workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDrift } from '../../../src/core/drift';
import { PonteError } from '../../../src/core/errors';

const WORKER = resolve(__dirname, '../../../dist/drift-worker.js');
const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-engine-'));

function csv(name: string, rows: number, shift: number): string {
  const p = join(dir, name);
  const lines = ['a,b,c'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 1000) / 7 + shift},${i % 5},${i % 3 ? 'x' : 'y'}`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

test('workers load both sides, report progress, and give what the in-thread path gives', async () => {
  const ref = csv('ref.csv', 20000, 0);
  const cur = csv('cur.csv', 15000, 3);
  const fractions: number[] = [];
  const viaWorkers = await runDrift(ref, cur, { workerScript: WORKER, onProgress: (p) => fractions.push(p.fraction), stats: 'all' });
  assert.ok(fractions.length > 0 && fractions[fractions.length - 1] === 1, `progress ${fractions.join(',')}`);
  const sketch = await runDrift(ref, cur, { workerScript: WORKER, mode: 'sketch' });
  assert.equal(sketch.mode, 'sketch');
  assert.deepEqual(sketch.columns.map((c) => [c.column, c.drifted]), viaWorkers.columns.map((c) => [c.column, c.drifted]));
  const a = viaWorkers.columns.find((c) => c.column === 'a')!;
  assert.equal(a.method, 'wasserstein');
  assert.ok(a.stats?.ks_pvalue !== undefined);
});

test('an abort stops the run with drift.cancelled', async () => {
  const ref = csv('big-ref.csv', 400000, 0);
  const controller = new AbortController();
  const run = runDrift(ref, ref, { workerScript: WORKER, signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(run, (e: unknown) => e instanceof PonteError && e.code === 'drift.cancelled');
  const already = new AbortController();
  already.abort();
  await assert.rejects(runDrift(ref, ref, { workerScript: WORKER, signal: already.signal }), (e: unknown) => e instanceof PonteError && e.code === 'drift.cancelled');
});

test('worker errors come back as the same PonteError', async () => {
  const ref = csv('ok.csv', 10, 0);
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b,c\n1,2\n');
  await assert.rejects(runDrift(ref, bad, { workerScript: WORKER }), (e: unknown) => e instanceof PonteError && e.code === 'drift.csv.ragged_row' && e.file === bad && e.line === 2);
});

test("the caller's own abort reason comes back (the editor's 'cancelled' is not shown as an error)", async () => {
  const ref = csv('reason-ref.csv', 400000, 0);
  const controller = new AbortController();
  const reason = new PonteError('cancelled', 'Ponte: drift: cancelled');
  const run = runDrift(ref, ref, { workerScript: WORKER, signal: controller.signal, onProgress: () => controller.abort(reason) });
  await assert.rejects(run, (e: unknown) => e === reason);
});
