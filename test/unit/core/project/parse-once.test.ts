// Each dvc.yaml is parsed once per use: reading the project (ponte.yaml's checks take the
// pipeline's parse), the sidebar model, and a hover (its stage and `${}` parts share one parse).
// Counted on the `ponte:dvc-parse` diagnostics channel parseDvcPipeline publishes to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { join, resolve } from 'node:path';
import { hoverAt, readProject, readProjectModel } from '../../../../src/core/project';

async function parsesDuring(work: () => unknown): Promise<string[]> {
  const files: string[] = [];
  const onParse = (m: unknown) => files.push((m as { file: string }).file);
  subscribe('ponte:dvc-parse', onParse);
  try {
    await work();
  } finally {
    unsubscribe('ponte:dvc-parse', onParse);
  }
  return files;
}

const example = resolve('test', 'fixtures', 'project', 'design-example');

test('readProject parses the pipeline file once, for its own checks and for ponte.yaml\'s', async () => {
  const files = await parsesDuring(() => readProject(example, { display: (f) => f }));
  assert.deepEqual(files, [join(example, 'dvc.yaml')]);
});

test('the sidebar model parses each pipeline file once', async () => {
  const files = await parsesDuring(() => readProjectModel(example));
  assert.deepEqual(files, [join(example, 'dvc.yaml')]);
});

test('a hover on a stage name or a ${} parses the text once', async () => {
  const text = 'vars:\n  - lr: 0.1\nstages:\n  train:\n    cmd: python train.py --lr ${lr}\n';
  for (const offset of [text.indexOf('train:') + 1, text.indexOf('${lr}') + 3]) {
    let markdown = '';
    const files = await parsesDuring(() => (markdown = hoverAt(text, 'dvc', offset)?.markdown ?? ''));
    assert.ok(markdown, `a hover at ${offset}`);
    assert.equal(files.length, 1, `hover at ${offset}: ${markdown}`);
  }
});
