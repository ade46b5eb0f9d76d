import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testPath } from '../../../../src/extension/testing/test-tree';

test('a unittest method sits under its file and class; a failure keeps no definition line', () => {
  const parts = testPath({ id: 'tests/test_model.py::ModelTest::test_fit', name: 'test_fit', suite: 'tests.test_model.ModelTest', kind: 'code', file: 'tests/test_model.py', line: 24, status: 'passed' });
  assert.deepEqual(parts.map((p) => [p.id, p.label, p.line]), [
    ['tests/test_model.py', 'tests/test_model.py', undefined],
    ['tests/test_model.py::ModelTest', 'ModelTest', undefined],
    ['tests/test_model.py::ModelTest::test_fit', 'test_fit', 24],
  ]);
  const failed = testPath({ id: 'tests/t.py::test_x', name: 'test_x', suite: 'tests.t', kind: 'code', file: 'tests/t.py', line: 13, status: 'failed' });
  assert.equal(failed[1].line, undefined);
});

test('a data check sits under "Data checks" and its dataset, at its line in ponte.yaml', () => {
  const parts = testPath({ id: 'data:train/age', name: 'age', suite: 'data:train', kind: 'data', file: 'ponte.yaml', line: 24, status: 'failed' });
  assert.deepEqual(parts.map((p) => [p.id, p.label, p.file, p.line]), [
    ['data:', 'Data checks', 'ponte.yaml', undefined],
    ['data:train', 'train', 'ponte.yaml', undefined],
    ['data:train/age', 'age', 'ponte.yaml', 24],
  ]);
});
