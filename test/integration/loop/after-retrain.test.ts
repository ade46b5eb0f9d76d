// What the loop needs after a retrain, through the real window closer on a real store: the
// deployment is redeployed (a new model version and a new reference profile), windows go on
// from where they were, and drifted traffic is judged against the new reference. With the rows
// the retrain learnt from (the drifted production windows) as the reference, the windows find no
// drift and the open drift alert resolves after its two good windows; with a reference of the
// old world (the training data alone) every window still drifts and the alert stays open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { profileDataset, runLoadJob } from '../../../src/core/drift';
import { ingest } from '../monitor/lib/traffic';
import { predictions, sample, type Row } from './lib/churn';
import { monitoredExample, putProfile } from './lib/store';

const csv = (rows: Row[]) => `${Object.keys(rows[0]).join(',')}\n${rows.map((r) => Object.values(r).join(',')).join('\n')}\n`;

for (const reference of ['the drifted production rows', 'the old training data'] as const) {
  test(`after a redeploy with ${reference} as the reference`, async () => {
    const m = await monitoredExample('ponte-loop-after-');
    const { copy, store, closer, size } = m;
    try {
      await m.deploy(1);
      const start = Date.now() - 3_600_000;
      const production = sample(copy, 3 * size, 6001, true);
      await ingest(store, predictions('production', [...sample(copy, size, 6000, false), ...production], start, 'a'));
      assert.equal(await closer.pass(), 4);
      const [alert] = (await store.listAlerts({ deployment: 'production' })).items;
      assert.equal(alert?.status, 'open', 'the drift alert fired');

      // the retrain's redeploy: a new version, and the reference it names
      writeFileSync(path.join(copy.dir, 'production.csv'), csv(production));
      const next = reference === 'the old training data' ? m.reference : await putProfile(store, await profileDataset(path.join(copy.dir, 'production.csv'), { threads: false, inThread: runLoadJob }), 'production');
      await m.deploy(2, next);
      await ingest(store, predictions('production', sample(copy, 2 * size, 6002, true), start + 60_000, 'b'));
      assert.equal(await closer.pass(), 2);
      const windows = (await store.listWindows('production', 10)).sort((x, y) => x.seq! - y.seq!);
      assert.deepEqual(windows.map((w) => w.seq), [1, 2, 3, 4, 5, 6], 'windows go on from where they were');
      const after = windows.slice(4).map((w) => (w.stats.verdicts as Record<string, unknown>).drift);
      const status = (await store.listAlerts({ deployment: 'production' })).items.find((a) => a.id === alert.id)!.status;
      if (reference === 'the old training data') {
        assert.ok(after.every((v) => typeof v === 'string'), 'still drifted against the old world');
        assert.equal(status, 'open');
      } else {
        assert.deepEqual(after, [false, false], 'no drift against what the model was retrained on');
        assert.equal(status, 'resolved', 'the alert resolved after two good windows');
      }
    } finally {
      await m.close();
    }
  });
}
