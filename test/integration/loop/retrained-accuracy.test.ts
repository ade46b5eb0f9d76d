// Why retraining on production data helps in the example: the model trained by the pipeline, and
// one trained again on its training rows plus labelled drifted production rows (what a retrain
// appends), both answer fresh drifted traffic; their accuracy is measured from the labels by the
// monitoring window's own scoring, as the backend measures it, and the retrained one is higher.
// (The whole loop, with `ponte retrain` itself, is checked by example-loop.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WindowAccumulator } from '../../../src/core/monitor';
import { cliJs } from '../server/lib/backends';
import { churnCopy, predictions, PYTHON, sample, type ChurnCopy, type Row } from './lib/churn';

const SCORE = `
import json, pickle, sys
sys.path.insert(0, "src")
from serve import predict_proba
model = pickle.load(open(sys.argv[1], "rb"))
rows = json.load(sys.stdin)
print(json.dumps(predict_proba(model, rows)))
`;

function py(copy: ChurnCopy, args: string[], input?: string): string {
  const r = spawnSync(PYTHON, args, { cwd: copy.dir, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Accuracy of a model on labelled rows, scored by the monitoring window (labels as ponte feedback sends them). */
function windowAccuracy(copy: ChurnCopy, model: string, rows: Row[]): number {
  const ps = predictions('production', rows, Date.now(), 'a');
  const probabilities = JSON.parse(py(copy, ['-c', SCORE, model], JSON.stringify(ps.map((p) => p.features)))) as number[];
  const w = new WindowAccumulator({ threshold: 0.5 });
  ps.forEach((p, i) => w.add({ ...p, prediction: probabilities[i], label: Number(rows[i].churned), latencyMs: 1, status: 200 } as never));
  return w.finish().accuracy!;
}

test('on drifted traffic the model retrained with labelled production rows is more accurate than the old one', () => {
  const copy = churnCopy('ponte-loop-accuracy-');
  try {
    const r = spawnSync(process.execPath, [cliJs, 'run', 'train', '--no-record'], { cwd: copy.dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // three drifted windows of labelled production rows, appended to the training rows
    const production = sample(copy, 900, 5101, true);
    const header = readFileSync(path.join(copy.dir, 'data/train.csv'), 'utf8').split('\n')[0].split(',');
    copyFileSync(path.join(copy.dir, 'data/train.csv'), path.join(copy.dir, 'retrain.csv'));
    appendFileSync(path.join(copy.dir, 'retrain.csv'), production.map((row) => header.map((h) => row[h]).join(',')).join('\n') + '\n');
    py(copy, ['src/train.py', 'retrain.csv', 'retrained.pkl']);

    const traffic = sample(copy, 1500, 5102, true);
    const before = windowAccuracy(copy, 'models/model.pkl', traffic);
    const after = windowAccuracy(copy, 'retrained.pkl', traffic);
    console.log(`accuracy on drifted traffic, from its labels: old model ${before.toFixed(3)}, retrained ${after.toFixed(3)}`);
    assert.ok(after > before + 0.03, `retrained ${after} vs old ${before}`);
    const calm = sample(copy, 1500, 5103, false);
    console.log(`on undrifted traffic: old ${windowAccuracy(copy, 'models/model.pkl', calm).toFixed(3)}, retrained ${windowAccuracy(copy, 'retrained.pkl', calm).toFixed(3)}`);
  } finally {
    copy.remove();
  }
});
