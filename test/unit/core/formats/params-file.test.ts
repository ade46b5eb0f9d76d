import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupParam, parseParamsText, selectParams } from '../../../../src/core/formats/params-file';
import { PyDate, PyFloat, pyEqual } from '../../../../src/core/formats/py-values';
import { formatLockFile, parseLockFile } from '../../../../src/core/pipeline/lock-file';
import { PonteError } from '../../../../src/core/errors';

test('YAML and JSON params files', () => {
  const y = parseParamsText('train:\n  C: 1.0\n  layers: [1, 2]\nseed: 3\n', 'params.yaml');
  assert.ok((y.train as Record<string, unknown>).C instanceof PyFloat);
  const j = parseParamsText('{"train": {"lr": 0.1, "epochs": 2.0}}', 'params.json');
  assert.deepEqual((j.train as Record<string, unknown>).lr, 0.1);
  assert.ok((j.train as Record<string, unknown>).epochs instanceof PyFloat);
});

test('dotted lookup walks mappings and list indexes; a literal dotted key wins', () => {
  const tree = parseParamsText('a:\n  b: {c: 1}\n  l: [x, y]\n"a.b": 7\n', 'params.yaml');
  assert.deepEqual(lookupParam(tree, 'a.b'), { found: true, value: 7 });
  assert.deepEqual(lookupParam(tree, 'a.l.1'), { found: true, value: 'y' });
  assert.deepEqual(lookupParam(tree, 'a.zz'), { found: false });
});

test('selectParams: named keys, whole file, and missing keys named in the error', () => {
  const tree = parseParamsText('train: {C: 1, lr: 0.1}\nseed: 3\n', 'params.yaml');
  assert.deepEqual(selectParams(tree, ['seed', 'train.lr'], { file: 'params.yaml', stage: 's' }), { seed: 3, 'train.lr': 0.1 });
  assert.deepEqual(Object.keys(selectParams(tree, null, { file: 'params.yaml', stage: 's' })), ['train', 'seed']);
  assert.throws(() => selectParams(tree, ['train.nope', 'x'], { file: 'params.yaml', stage: 'train' }), (e: unknown) => {
    assert.ok(e instanceof PonteError && e.code === 'params.missing');
    assert.match(e.message, /'train.nope', 'x'/);
    return true;
  });
});

test('broken params files fail at their line', () => {
  assert.throws(() => parseParamsText('a: 1\nb: [\n', 'params.yaml'), (e: unknown) => e instanceof PonteError && e.code === 'params.syntax' && e.line !== undefined);
  assert.throws(() => parseParamsText('{"a": 1,\n "b": }', 'p.json'), (e: unknown) => e instanceof PonteError && e.code === 'params.syntax' && e.line === 2);
  assert.throws(() => parseParamsText('- 1\n- 2\n', 'params.yaml'), (e: unknown) => e instanceof PonteError && e.code === 'params.not_mapping');
  assert.throws(() => parseParamsText('a = 1\nb = [1,\n', 'params.toml'), (e: unknown) => e instanceof PonteError && e.code === 'params.syntax' && e.line === 3);
});

test('a plain YAML date stays a date: dvc.lock writes it plain as DVC does, a quoted one stays a quoted string', () => {
  const tree = parseParamsText("when: 2024-01-02\nquoted: '2024-01-02'\n", 'params.yaml');
  assert.ok(tree.when instanceof PyDate);
  assert.equal(tree.quoted, '2024-01-02');
  const text = formatLockFile({ stages: new Map([['s', { cmd: 'x', deps: [], params: { 'params.yaml': tree }, outs: [] }]]) });
  assert.match(text, /\n {8}quoted: '2024-01-02'\n {8}when: 2024-01-02\n/);
  const back = parseLockFile(text, 'dvc.lock');
  assert.equal(formatLockFile(back), text);
  assert.ok(pyEqual(back.stages.get('s')!.params['params.yaml'].when, tree.when));
});
