// The export step on a real store (PGlite) and a real data repository: closed windows' labelled
// predictions become rows under the dataset's own header (a quoted value where CSV needs one),
// each window a version in the cache and the `.dvc` file, registered with its window as source;
// a window without labels waits; a window is exported once; rows an interrupted export already
// appended are not appended twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PredictionInput, WindowPlan } from '../../../src/core/api';
import { parseDvcFile } from '../../../src/core/data';
import { exportWindows } from '../../../src/core/retrain';
import { openStore } from '../../../src/core/store';

let dir: string;
let store: Awaited<ReturnType<typeof openStore>>;
const plan: WindowPlan = { size: 3, settleMs: 0, fold: () => undefined, finish: () => ({}), alerts: () => [] };
const dataset = { name: 'production', path: 'data/production.csv' };
const file = () => readFileSync(join(dir, dataset.path), 'utf8');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function predictions(from: number): PredictionInput[] {
  return [0, 1, 2].map((i) => ({
    id: `p${from + i}`, deployment: 'prod', timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, from + i)).toISOString(),
    features: { age: 30 + from + i, plan: i === 1 ? 'pro, "annual"' : 'basic', extra: 1 }, prediction: 0.5, latencyMs: 3, status: i === 2 && from === 0 ? 503 : 200,
  }));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-retrain-export-'));
  store = await openStore({ root: dir });
  mkdirSync(join(dir, 'data'));
  // The header decides the rows; the last line has no newline, as an editor may leave it.
  writeFileSync(join(dir, dataset.path), 'prediction_id,age,plan,tenure,churned\nold,40,basic,3,0');
  await store.ingestPredictions([...predictions(0), ...predictions(10)]);
});
after(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a labelled window becomes a version; an unlabelled one waits', async () => {
  const first = await store.closeWindow('prod', plan, Date.UTC(2026, 0, 2));
  const second = await store.closeWindow('prod', plan, Date.UTC(2026, 0, 2));
  assert.ok(first && second);
  await store.addFeedback([{ predictionId: 'p0', label: 1 }, { predictionId: 'p1', label: 0 }, { predictionId: 'p2', label: 1 }]);
  const r = await exportWindows({ api: store, root: dir, deployment: 'prod', dataset, label: 'churned' });
  assert.deepEqual(r.pending, [first.window.id, second.window.id]);
  assert.deepEqual(r.unlabelled, [second.window.id]);
  assert.deepEqual(r.exported.map((e) => [e.window, e.rows]), [[first.window.id, 2]], 'p2 failed (503): not a row');
  assert.equal(file(), 'prediction_id,age,plan,tenure,churned\nold,40,basic,3,0\np0,30,basic,,1\np1,31,"pro, ""annual""",,0\n');
  const dvc = parseDvcFile(readFileSync(join(dir, `${dataset.path}.dvc`), 'utf8'), 'production.csv.dvc');
  assert.equal(dvc.outs[0].md5, md5(file()));
  const [v] = await store.listDatasetVersions('production');
  assert.deepEqual([v.hash, v.rows, v.source], [md5(file()), 3, `production-window:${first.window.id}`]);
});

test('a window is exported once; its labels arriving later export the one that waited', async () => {
  const again = await exportWindows({ api: store, root: dir, deployment: 'prod', dataset, label: 'churned' });
  assert.equal(again.exported.length, 0);
  assert.equal(again.pending.length, 1, 'only the unlabelled window is still pending');
  await store.addFeedback([{ predictionId: 'p10', label: 0 }]);
  const later = await exportWindows({ api: store, root: dir, deployment: 'prod', dataset, label: 'churned' });
  assert.deepEqual(later.exported.map((e) => e.rows), [1]);
  assert.match(file(), /\np10,40,basic,,0\n$/);
});

test('rows an interrupted export appended are not appended twice', async () => {
  const third = await store.ingestPredictions(predictions(20)).then(() => store.closeWindow('prod', plan, Date.UTC(2026, 0, 2)));
  await store.addFeedback([{ predictionId: 'p20', label: 1 }, { predictionId: 'p21', label: 1 }]);
  // As if a crash came after the append and before the version was registered.
  appendFileSync(join(dir, dataset.path), 'p20,50,basic,,1\n');
  const r = await exportWindows({ api: store, root: dir, deployment: 'prod', dataset, label: 'churned' });
  assert.deepEqual(r.exported.map((e) => [e.window, e.rows]), [[third!.window.id, 1]]);
  assert.equal(file().match(/^p20,/gm)?.length, 1);
  assert.match(file(), /\np21,51,"pro, ""annual""",,1\n$/);
});
