// readProjectModel: the datasets, stages (expanded) and deployments the sidebar shows, with
// where each is declared, and the files' diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readProjectModel } from '../../../../src/core/project';

test('the DESIGN.md example: datasets, deployments and the stages of its pipeline', async () => {
  const root = join('test', 'fixtures', 'project', 'design-example');
  const m = await readProjectModel(root);
  assert.equal(m.root, resolve(root));
  assert.equal(m.ponteFile, resolve(root, 'ponte.yaml'));
  assert.deepEqual(m.dvcFiles, [resolve(root, 'dvc.yaml')]);
  assert.equal(m.project, 'churn');
  assert.deepEqual(m.datasets.map((d) => [d.name, d.path, d.storage]), [['train', 'data/train.csv', 'dvc'], ['reference', 'data/reference.csv', 'dvc']]);
  assert.deepEqual(m.datasets[0].range.start, { line: 4, character: 2 });
  assert.deepEqual(m.deployments.map((d) => [d.name, d.target, d.strategy]), [['staging', 'docker', undefined], ['production', 'docker', 'blue-green']]);
  assert.deepEqual(m.stages.map((s) => s.name), ['prepare', 'train', 'evaluate']);
  assert.deepEqual(m.stages[2].metrics, ['metrics.json']);
  assert.equal(m.stages[0].cmd, 'python3 src/prepare.py');
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('foreach stages are listed by generated name; problems are reported; no files is an empty model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-model-'));
  try {
    assert.deepEqual((await readProjectModel(dir)).stages, []);
    writeFileSync(join(dir, 'dvc.yaml'), 'stages:\n  build:\n    foreach: [us, uk]\n    do:\n      cmd:\n        - python a.py ${item}\n        - python b.py\n  bad:\n    cmdd: x\n');
    const m = await readProjectModel(dir);
    assert.equal(m.ponteFile, undefined);
    assert.deepEqual(m.stages.map((s) => [s.name, s.group, s.cmd]), [
      ['build@us', 'build', ['python a.py us', 'python b.py']],
      ['build@uk', 'build', ['python a.py uk', 'python b.py']],
      ['bad', 'bad', []],
    ]);
    assert.ok(m.diagnostics.some((d) => d.code === 'key.unknown' && d.file === join(dir, 'dvc.yaml')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
