// Each dvc.yaml is parsed once per use: reading the project (ponte.yaml's checks take the
// pipeline's parse), the sidebar model, a hover (its stage and `${}` parts share one parse), and
// none at all for hover and completion given the editor's check of the same text.
// Counted on the `ponte:dvc-parse` diagnostics channel parseDvcPipeline publishes to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { join, resolve } from 'node:path';
import { checkText, completeAt, hoverAt, readProject, readProjectModel, validateFile, validatePaths } from '../../../../src/core/project';

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

test('given the editor\'s check of the same text, hover and completion parse nothing and answer the same', async () => {
  const text = 'vars:\n  - lr: 0.1\nstages:\n  prep:\n    cmd: make data\n    outs: [data.csv]\n  train:\n    cmd: python train.py --lr ${lr}\n    deps:\n      - da\n';
  const checked = checkText(text, { file: 'dvc.yaml', kind: 'dvc' });
  const at = (offset: number) => offsetPosition(text, offset);
  const stage = at(text.indexOf('train:') + 1);
  const variable = at(text.indexOf('${lr}') + 3);
  const dep = at(text.indexOf('- da') + 4);
  for (const [what, call] of [
    ['hover on a stage', (o: object) => hoverAt(text, stage, { kind: 'dvc', ...o })],
    ['hover on ${lr}', (o: object) => hoverAt(text, variable, { kind: 'dvc', ...o })],
    ['completion of ${', (o: object) => completeAt(text, { line: variable.line, character: variable.character - 1 }, { kind: 'dvc', ...o })],
    ['completion of a dep', (o: object) => completeAt(text, dep, { kind: 'dvc', ...o })],
  ] as const) {
    let fresh: unknown;
    let reused: unknown;
    assert.equal((await parsesDuring(() => (fresh = call({})))).length, 1, what);
    assert.deepEqual(await parsesDuring(() => (reused = call({ checked }))), [], what);
    assert.deepEqual(reused, fresh, what);
    assert.ok(Array.isArray(fresh) ? fresh.length > 0 : fresh, what);
  }
});

function offsetPosition(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('validating a project\'s files parses its dvc.yaml once, for itself and for the ponte.yaml naming it', async () => {
  let result: ReturnType<typeof validatePaths> | undefined;
  const files = await parsesDuring(() => (result = validatePaths([], { cwd: example })));
  assert.deepEqual(result?.files, ['dvc.yaml', 'ponte.yaml']);
  assert.deepEqual(files, ['dvc.yaml']);
  // The same diagnostics as checking each file alone.
  assert.deepEqual(result?.diagnostics, [...validateFile(join(example, 'dvc.yaml'), undefined, 'dvc.yaml'), ...validateFile(join(example, 'ponte.yaml'), undefined, 'ponte.yaml')]);
});
