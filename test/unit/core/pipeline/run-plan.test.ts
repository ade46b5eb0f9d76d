// `ponte run` makes one plan and carries it out: the run takes the dry run's decisions instead of
// checking each stage again, and a stage planned only because its upstream runs first is checked
// once that upstream has run (unchanged deps: skipped, as DVC does). Real files, shell and cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataStorage, runPipeline, type PipelineRun } from '../../../../src/core/pipeline';

/** Stage a keeps the first line of in.txt; stage b copies what a wrote. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-plan-'));
  writeFileSync(join(dir, 'in.txt'), 'first\nsecond\n');
  writeFileSync(
    join(dir, 'dvc.yaml'),
    'stages:\n  a:\n    cmd: head -n 1 in.txt > a.txt\n    deps: [in.txt]\n    outs: [a.txt]\n  b:\n    cmd: cp a.txt b.txt\n    deps: [a.txt]\n    outs: [b.txt]\n',
  );
  return dir;
}

async function run(dir: string, plan?: PipelineRun, dryRun = false): Promise<PipelineRun> {
  const storage = await openDataStorage(dir, { create: true });
  try {
    return await runPipeline({ dvcFile: join(dir, 'dvc.yaml'), storage, plan, dryRun, logDir: join(dir, 'logs') });
  } finally {
    await storage.close();
  }
}

const outcomes = (r: PipelineRun) => r.stages.map((s) => [s.name, s.outcome]);

test('the run carries out the plan it is given: a stage planned up to date is not checked again', async () => {
  const dir = project();
  assert.deepEqual(outcomes(await run(dir)), [['a', 'ran'], ['b', 'ran']]);
  const plan = await run(dir, undefined, true);
  assert.deepEqual(outcomes(plan), [['a', 'skipped'], ['b', 'skipped']]);
  // Changed after planning: a fresh check would run a; the plan said it was up to date.
  writeFileSync(join(dir, 'in.txt'), 'changed\n');
  assert.deepEqual(outcomes(await run(dir, plan)), [['a', 'skipped'], ['b', 'skipped']]);
  assert.deepEqual(outcomes(await run(dir, undefined, true)), [['a', 'would-run'], ['b', 'would-run']]);
});

test('a stage planned because its upstream runs is checked after it: unchanged deps, skipped', async () => {
  const dir = project();
  await run(dir);
  writeFileSync(join(dir, 'in.txt'), 'first\nanother second line\n');
  const plan = await run(dir, undefined, true);
  assert.deepEqual(outcomes(plan), [['a', 'would-run'], ['b', 'would-run']]);
  assert.equal(plan.stages[1].afterUpstream, true);
  assert.equal(plan.stages[0].afterUpstream, undefined);
  // a runs and writes the same first line, so b's dep is unchanged.
  assert.deepEqual(outcomes(await run(dir, plan)), [['a', 'ran'], ['b', 'skipped']]);
});
