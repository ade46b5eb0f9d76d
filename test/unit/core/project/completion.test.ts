// completeAt: keys from the schema at the cursor (minus those present), enum values, dataset /
// deployment / stage names, stage outputs for deps, `${` variables, on half-typed text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt, type SpecFileAccess, type SpecKind } from '../../../../src/core/project';

/** `|` marks the cursor. */
function labels(marked: string, kind: SpecKind, fs?: SpecFileAccess): string[] {
  const offset = marked.indexOf('|');
  return completeAt(marked.slice(0, offset) + marked.slice(offset + 1), kind, offset, fs).map((c) => c.label);
}

function memoryFs(files: Record<string, string>): SpecFileAccess {
  return { exists: (p) => p in files, read: (p) => files[p] };
}

test('top-level keys of ponte.yaml, without those already written', () => {
  const got = labels('version: 1\n|\nmodel: {path: m}\n', 'ponte');
  assert.ok(got.includes('datasets') && got.includes('monitor') && got.includes('retrain'));
  assert.ok(!got.includes('version') && !got.includes('model'));
});

test('keys of a nested mapping, filtered by the typed prefix', () => {
  assert.deepEqual(labels('datasets:\n  train:\n    path: a\n    st|', 'ponte'), ['storage']);
  assert.deepEqual(labels('monitor:\n  alerts:\n    - on: drift\n      |', 'ponte'), ['webhook', 'command', 'cooldown', 'after', 'resolve_after']);
  assert.ok(labels('stages:\n  train:\n    cmd: x\n    |', 'dvc').includes('outs'));
  assert.deepEqual(labels('stages:\n  train:\n    cmd: x\n    outs:\n      - model.pkl:\n          c|', 'dvc'), ['cache']);
});

test('enum values and booleans', () => {
  assert.deepEqual(labels('datasets:\n  t:\n    storage: |', 'ponte'), ['dvc', 'git-lfs']);
  assert.deepEqual(labels('deployments:\n  p: { target: docker, strategy: b|', 'ponte'), ['blue-green']);
  assert.deepEqual(labels('stages:\n  t:\n    frozen: |', 'dvc'), ['true', 'false']);
});

test('dataset and deployment names where a field refers to one', () => {
  const text = 'datasets:\n  train: {path: a}\n  reference: {path: b}\ndeployments:\n  staging: {target: docker}\n  production: {target: docker}\n';
  assert.deepEqual(labels(`${text}monitor:\n  reference: |`, 'ponte'), ['train', 'reference']);
  assert.deepEqual(labels(`${text}retrain:\n  promote: pr|`, 'ponte'), ['production']);
  assert.deepEqual(labels(`${text}retrain:\n  data: { dataset: t|`, 'ponte'), ['train']);
});

test('stage names from the pipeline file ponte.yaml names', () => {
  const fs = memoryFs({ 'pipe/dvc.yaml': 'stages:\n  prepare: {cmd: a}\n  train:\n    foreach: [us, uk]\n    do: {cmd: b}\n' });
  assert.deepEqual(labels('pipeline: pipe/dvc.yaml\nretrain:\n  stages: [|', 'ponte', fs), ['prepare', 'train', 'train@us', 'train@uk']);
  assert.deepEqual(labels('pipeline: pipe/dvc.yaml\nretrain:\n  stages:\n    - train@|', 'ponte', fs), ['train@us', 'train@uk']);
});

test('deps offer the outputs of the other stages', () => {
  const got = labels('stages:\n  a:\n    cmd: x\n    outs: [data/a.csv]\n    metrics: [m.json]\n  train:\n    cmd: x\n    deps:\n      - |', 'dvc');
  assert.deepEqual(got, ['data/a.csv', 'm.json']);
});

test('${ offers params, vars, and the foreach/matrix item fields', () => {
  const fs = memoryFs({ 'params.yaml': 'train:\n  lr: 0.1\n' });
  const got = labels('vars:\n  - opt: {name: adam}\nstages:\n  s:\n    cmd: python ${|', 'dvc', fs);
  assert.ok(['train', 'train.lr', 'opt', 'opt.name'].every((n) => got.includes(n)), got.join());
  assert.deepEqual(labels('stages:\n  b:\n    foreach:\n      us: {epochs: 3}\n    do:\n      cmd: python ${it|', 'dvc'), ['item', 'item.epochs']);
  assert.deepEqual(labels('stages:\n  m:\n    matrix:\n      model: [rf]\n      cfg: [{d: 1}]\n    cmd: ${item.|', 'dvc'), ['item.model', 'item.cfg', 'item.cfg.d']);
});

test('the editor form (position + options) gives the same answers', () => {
  const text = 'datasets:\n  t:\n    storage: \n';
  const got = completeAt(text, { line: 2, character: 13 }, { kind: 'ponte' }).map((c) => c.label);
  assert.deepEqual(got, ['dvc', 'git-lfs']);
});

test('completion items carry documentation and never throw on odd text', () => {
  const item = completeAt('version: 1\n', 'ponte', 11).find((c) => c.label === 'monitor');
  assert.match(item?.documentation ?? '', /Monitoring in production/);
  for (const t of ['', '|', '- - - ', ':\n  :\n    :', '{[', 'a: ${${', '\t\tx']) {
    for (let o = 0; o <= t.length; o++) completeAt(t, 'dvc', o);
  }
});
