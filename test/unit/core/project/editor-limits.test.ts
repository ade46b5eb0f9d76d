// Completion and hovers run on the editor's thread: the cursor context is read in one scan per
// line (its regular expressions backtracked over long runs of spaces: minutes on the lines
// below), pathological files cost what validation's limits allow, and past MAX_EDITOR_TEXT they
// answer nothing at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt, hoverAt } from '../../../../src/core/project';
import { MAX_EDITOR_TEXT } from '../../../../src/core/project/yaml-source';
import { workDone } from '../../../../src/core/project/work-meter';
import { SHAPES } from './pathological-yaml';

// Three runs stay under MAX_EDITOR_TEXT; the old regular expressions needed minutes for one.
const spaces = ' '.repeat(100_000);

test('a key line with a long run of spaces still gives its key and siblings', () => {
  const text = `stages:\n  train:\n    cmd x${spaces}y\n    desc${spaces}: d\n    deps: [a${spaces}b\n    `;
  const got = completeAt(text, 'dvc', text.length).map((c) => c.label);
  assert.ok(got.includes('outs'), got.join(','));
  assert.ok(!got.includes('desc'), 'desc is a sibling already written');
});

test('a flow mapping with long runs of spaces: keys, siblings and the value being typed', () => {
  const text = `datasets:\n  train: {path${spaces}: a,${spaces}storage${spaces}: dvc, form${spaces}`;
  assert.deepEqual(completeAt(text, 'ponte', text.length).map((c) => c.label), ['format']);
  const typing = `datasets:\n  train: {path${spaces}: a, storage${spaces}: `;
  assert.deepEqual(completeAt(typing, 'ponte', typing.length).map((c) => c.label), ['dvc', 'git-lfs']);
  const key = `datasets:\n  train: {path${spaces}: a, st`;
  assert.deepEqual(completeAt(key, 'ponte', key.length).map((c) => c.label), ['storage']);
});

test('past MAX_EDITOR_TEXT completion and hovers answer nothing, without parsing', () => {
  const head = 'version: 1\ndatasets:\n  train: {path: a}\n';
  const text = `${head}${'# padding padding padding padding padding\n'.repeat(Math.ceil(MAX_EDITOR_TEXT / 40))}`;
  const before = workDone();
  assert.deepEqual(completeAt(text, 'ponte', head.length), []);
  assert.equal(hoverAt(text, 'ponte', 2), undefined);
  assert.equal(workDone(), before);
  // Just under it, they answer.
  assert.ok(hoverAt(head, 'ponte', 2));
});

test('on an alias bomb or a 100,000-deep file, hovers stop at the same limits as validation', () => {
  for (const name of ['billion laughs', 'deep flow mapping', 'alias bomb']) {
    const shape = SHAPES.find((s) => s.name.startsWith(name))!;
    const text = shape.text(10_000);
    const before = workDone();
    assert.equal(hoverAt(text, shape.kind, 1), undefined, name);
    assert.ok(completeAt(text, shape.kind, text.length));
    assert.ok(workDone() - before < 2_000_000, `${name}: ${workDone() - before} units`);
  }
});
