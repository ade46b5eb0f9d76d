// The Run lenses of a dvc.yaml: the pipeline over `stages:`, each plain stage over its name, and
// a foreach/matrix stage's first generated stages, with the rest behind "more…" (the stage picker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { stageLenses } from '../../../../src/extension/language/stage-lenses';
import { MAX_EDITOR_TEXT } from '../../../../src/extension/spec';

const file = path.resolve('/w/p/dvc.yaml');
const text = [
  'vars:',
  '  - regions: [us, eu, asia, af, sa, oc]',
  'stages:',
  '  prepare:',
  '    cmd: python prepare.py',
  '  train:',
  '    foreach: ${regions}',
  '    do:',
  '      cmd: python train.py ${item}',
  '',
].join('\n');

test('a lens runs the pipeline, one each plain stage, and the first generated stages', () => {
  const lenses = stageLenses(text, file);
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.title, l.command, l.argument.data.stage?.name]),
    [
      [2, '$(run-all) Run pipeline', 'ponte.runPipeline', undefined],
      [3, '$(play) Run stage', 'ponte.runStage', 'prepare'],
      [5, '$(play) train@us', 'ponte.runStage', 'train@us'],
      [5, '$(play) train@eu', 'ponte.runStage', 'train@eu'],
      [5, '$(play) train@asia', 'ponte.runStage', 'train@asia'],
      [5, '$(play) train@af', 'ponte.runStage', 'train@af'],
      [5, '$(list-flat) 2 more…', 'ponte.runStage', undefined],
    ],
  );
  assert.ok(lenses.every((l) => l.argument.data.root === path.dirname(file)));
});

test('no stages, or broken YAML: no lenses, no throw', () => {
  assert.deepEqual(stageLenses('vars: []\n', file), []);
  assert.deepEqual(stageLenses('stages: [\n  : :\n', file), []);
});

test('a file too large for a quick parse on the editor thread gets no lenses', () => {
  const padded = `${text}${'# padding padding padding padding padding padding\n'.repeat(Math.ceil(MAX_EDITOR_TEXT / 50) + 1)}`;
  assert.ok(stageLenses(text, file).length > 0);
  assert.deepEqual(stageLenses(padded, file), []);
});
