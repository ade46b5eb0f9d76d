// `ponte run` keeps each run's plot files in the backend (run_plots, migration 3): a CSV and an
// image under a plots directory, read back from the store after the CLI has exited; a second run
// with another param keeps its own data while the first run's stays as it was recorded, so past
// runs compare after the files change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/core/store';
import { json, ponte, removeProject } from '../pipeline/lib/project';

const WRITER = `
import os, sys
scale = float(open('params.yaml').read().split(':')[1])
os.makedirs('plots/images', exist_ok=True)
with open('plots/roc.csv', 'w') as f:
    f.write('fpr,tpr\\n' + ''.join(f'{i / 4},{min(1.0, scale * i / 4)}\\n' for i in range(5)))
with open('plots/images/cm.png', 'wb') as f:
    f.write(bytes([0x89, 0x50, 0x4E, 0x47, 0, 255, int(scale * 10)]))
`;

test('ponte run keeps its plot files with the run; a later run does not change an earlier one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-run-plots-'));
  try {
    writeFileSync(join(dir, 'write_plots.py'), WRITER);
    writeFileSync(join(dir, 'params.yaml'), 'scale: 1\n');
    writeFileSync(join(dir, 'dvc.yaml'), [
      'stages:',
      '  evaluate:',
      '    cmd: /usr/bin/python3 write_plots.py',
      '    deps: [write_plots.py]',
      '    params: [scale]',
      '    plots:',
      '      - plots/roc.csv',
      '      - plots/images',
      '',
    ].join('\n'));
    const first = ponte(dir, 'run');
    assert.equal(first.code, 0, first.stderr);
    const firstRoc = readFileSync(join(dir, 'plots/roc.csv'), 'utf8');
    writeFileSync(join(dir, 'params.yaml'), 'scale: 2\n');
    const second = ponte(dir, 'run');
    assert.equal(second.code, 0, second.stderr);
    const [newer, older] = json<{ id: string }[]>(ponte(dir, 'exp', 'list', '--json'));

    const store = await openStore({ dataDir: join(dir, '.ponte', 'db') });
    try {
      const kept = await store.listRunPlots(older.id);
      assert.deepEqual(kept.map((p) => [p.path, p.format]), [['plots/images/cm.png', 'png'], ['plots/roc.csv', 'csv']]);
      assert.equal(kept[1].content, firstRoc);
      assert.deepEqual([...Buffer.from(kept[0].content, 'base64')], [0x89, 0x50, 0x4e, 0x47, 0, 255, 10]);
      const latest = await store.listRunPlots(newer.id);
      assert.equal(latest[1].content, readFileSync(join(dir, 'plots/roc.csv'), 'utf8'));
      assert.notEqual(latest[1].content, firstRoc);
      assert.deepEqual([...Buffer.from(latest[0].content, 'base64')].slice(-1), [20]);
    } finally {
      await store.close();
    }
  } finally {
    removeProject(dir);
  }
});
