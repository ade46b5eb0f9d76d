// Validation sees an open editor's unsaved text before the disk, with paths resolved against
// the validated file's directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { editorFileAccess } from '../../../src/extension/editor-file-access';

const dir = path.resolve('/w/project');
const disk = {
  exists: (p: string) => p === 'params.yaml' || p === 'dvc.yaml',
  read: (p: string) => (p === 'params.yaml' ? 'lr: 0.1\n' : p === 'dvc.yaml' ? 'stages: {}\n' : undefined),
};
const editors = new Map([[path.join(dir, 'params.yaml'), 'lr: 0.2\nseed: 1\n'], [path.join(dir, 'new/vars.yaml'), 'x: 1\n']]);
const fsa = editorFileAccess(dir, (f) => editors.get(f), disk);

test('an open editor wins over the disk', () => {
  assert.equal(fsa.read('params.yaml'), 'lr: 0.2\nseed: 1\n');
});

test('an unsaved new file exists for validation', () => {
  assert.equal(fsa.exists('new/vars.yaml'), true);
  assert.equal(fsa.read('./new/vars.yaml'), 'x: 1\n');
});

test('files not open come from the disk; missing ones are absent', () => {
  assert.equal(fsa.read('dvc.yaml'), 'stages: {}\n');
  assert.equal(fsa.exists('nope.yaml'), false);
  assert.equal(fsa.read('nope.yaml'), undefined);
});
