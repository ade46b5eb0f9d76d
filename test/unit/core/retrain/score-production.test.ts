// Scoring the production model on the retrain's test set: a small real project whose evaluate
// stage turns the model file into the metrics (`cp`), a real store, a real DVC cache. The metrics
// scored are the cached production model's, the workspace stays byte for byte as it was, and each
// reason production cannot be scored gives its recorded metrics with that reason.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../../../../src/core/store';
import type { SqlStore } from '../../../../src/core/store/sql-store';
import { storeBytes } from '../../../../src/core/data';
import { loadProject } from '../../../../src/core/project';
import { scoreProduction, type ProductionScore } from '../../../../src/core/retrain/score-production';
import { seedPgliteDir, tempDir } from '../../../integration/server/lib/backends';

let store: SqlStore;
let tmp: { dir: string; remove(): void };
let dir: string;
const PRODUCTION_MODEL = '{"f1": 0.5, "accuracy": 0.81}\n';
const NEW_MODEL = '{"f1": 0.9, "accuracy": 0.95}\n';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function project(evaluate: string): void {
  writeFileSync(path.join(dir, 'ponte.yaml'), 'version: 1\nproject: scoring\ngates:\n  metrics: metrics.json\n  rules:\n    f1: ">= production - 0.02"\nmodel: { path: models/model.pkl }\n');
  writeFileSync(path.join(dir, 'dvc.yaml'), `stages:\n  evaluate:\n    cmd: ${evaluate}\n    deps: [models/model.pkl]\n    metrics:\n      - metrics.json: { cache: false }\n`);
}

async function score(): Promise<ProductionScore> {
  const { config, pipeline } = loadProject(dir);
  return scoreProduction({ api: store, config, pipeline: { dir, stages: pipeline!.expanded!.stages } });
}

/** Every file of the project but the store, with its bytes. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else out[path.relative(dir, f)] = readFileSync(f, 'utf8');
    }
  };
  walk(dir);
  return out;
}

before(async () => {
  tmp = tempDir('ponte-score-production-test-');
  await seedPgliteDir(path.join(tmp.dir, 'db'));
  store = await openStore({ dataDir: path.join(tmp.dir, 'db') });
  dir = path.join(tmp.dir, 'project');
  mkdirSync(path.join(dir, 'models'), { recursive: true });
  mkdirSync(path.join(dir, '.dvc'));
  writeFileSync(path.join(dir, 'models/model.pkl'), NEW_MODEL);
  writeFileSync(path.join(dir, 'metrics.json'), NEW_MODEL);
  storeBytes(path.join(dir, '.dvc/cache'), md5(PRODUCTION_MODEL), Buffer.from(PRODUCTION_MODEL));
  await store.registerModelVersion({ name: 'scoring', uri: `dvc-md5:${md5(PRODUCTION_MODEL)}`, metrics: { f1: 0.7, accuracy: 0.85 }, tags: { 'model.md5': md5(PRODUCTION_MODEL) } });
  await store.setAlias('scoring', 'production', 1);
});

after(async () => {
  await store?.close();
  tmp?.remove();
});

test('the stage that writes the gated metrics runs on the cached production model, in a copy: the workspace is untouched', async () => {
  project('cp models/model.pkl metrics.json');
  const before = snapshot();
  const scratch = path.join(tmp.dir, 'scratch');
  mkdirSync(scratch);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    assert.deepEqual(await score(), { kind: 'scored', ref: 'scoring v1', metrics: { f1: 0.5, accuracy: 0.81 }, recorded: { f1: 0.7, accuracy: 0.85 }, stages: ['evaluate'] });
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  assert.deepEqual(snapshot(), before);
  assert.deepEqual(readdirSync(scratch), [], 'the copy is removed');
});

test('a stage that fails on production\'s model: its recorded metrics stand in, with the stage\'s reason', async () => {
  project('grep -q precision models/model.pkl && cp models/model.pkl metrics.json');
  const s = await score();
  assert.equal(s.kind, 'recorded');
  assert.deepEqual(s.kind === 'recorded' && [s.recorded, s.why], [{ f1: 0.7, accuracy: 0.85 }, 'stage evaluate failed on production\'s model (exit 1)']);
});

test('no stage writes the gated metrics file, or it does not read the model: recorded, saying which', async () => {
  project('cp models/model.pkl metrics.json');
  writeFileSync(path.join(dir, 'dvc.yaml'), 'stages:\n  evaluate:\n    cmd: cp models/model.pkl scores.json\n    deps: [models/model.pkl]\n    metrics: [scores.json]\n');
  assert.match((await score() as { why: string }).why, /no stage of the pipeline writes metrics\.json/);
  writeFileSync(path.join(dir, 'dvc.yaml'), 'stages:\n  evaluate:\n    cmd: touch metrics.json\n    metrics: [metrics.json]\n');
  assert.match((await score() as { why: string }).why, /stage evaluate, which writes the gated metrics, does not list models\/model\.pkl among its deps/);
});

test('production\'s model file is not in the DVC cache: recorded, saying so', async () => {
  project('cp models/model.pkl metrics.json');
  const object = path.join(dir, '.dvc/cache/files/md5', md5(PRODUCTION_MODEL).slice(0, 2), md5(PRODUCTION_MODEL).slice(2));
  const bytes = readFileSync(object);
  rmSync(object, { force: true });
  try {
    const s = await score();
    assert.equal(s.kind, 'recorded');
    assert.match((s as { why: string }).why, /not in the DVC cache/);
  } finally {
    storeBytes(path.join(dir, '.dvc/cache'), md5(PRODUCTION_MODEL), bytes);
  }
});

test('no relative rule: nothing is scored', async () => {
  project('cp models/model.pkl metrics.json');
  writeFileSync(path.join(dir, 'ponte.yaml'), 'version: 1\nproject: scoring\ngates:\n  metrics: metrics.json\n  rules:\n    f1: ">= 0.5"\nmodel: { path: models/model.pkl }\n');
  assert.deepEqual(await score(), { kind: 'none' });
});
