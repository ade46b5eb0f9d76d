// The data rows of the Datasets view, without the editor: tracked paths that ponte.yaml does not
// declare (with their status) and the target each row stands for. Versions (git) are tested in
// test/integration/data/extension-rows.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataModel, TrackedState } from '../../../../src/extension/data/model';
import { dataKinds, targetOf, trackedRows } from '../../../../src/extension/data/rows';

function fakeModel(states: TrackedState[]): DataModel {
  return { all: () => states } as unknown as DataModel;
}

const state = (rel: string, status: TrackedState['status'], pushed?: boolean): TrackedState => ({
  root: '/w',
  rel,
  abs: `/w/${rel}`,
  dvcFile: `/w/${rel}.dvc`,
  status,
  pushed,
  isDir: false,
});

test('tracked rows: undeclared paths only, sorted, with status and resource for decorations', () => {
  const model = fakeModel([state('b.csv', 'modified'), state('a.csv', 'unchanged', false), state('declared.csv', 'unchanged')]);
  const rows = trackedRows(model, new Set(['/w/declared.csv']), undefined);
  assert.deepEqual(
    rows.map((r) => [r.label, r.description, r.kind, r.resource]),
    [
      ['a.csv', 'not pushed', dataKinds.tracked, '/w/a.csv'],
      ['b.csv', 'modified', dataKinds.tracked, '/w/b.csv'],
    ],
  );
  assert.deepEqual(targetOf(rows[0]), { cwd: '/w', path: 'a.csv' });
  assert.deepEqual(targetOf({ id: 'd', kind: 'ponte.dataset', label: 'raw', data: { root: '/w', dataset: { path: 'data/raw.csv' } } }), {
    cwd: '/w',
    path: 'data/raw.csv',
  });
  assert.equal(targetOf({ id: 's', kind: 'ponte.stage', label: 'train' }), undefined);
});
