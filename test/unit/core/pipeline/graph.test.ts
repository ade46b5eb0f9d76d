import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandDvcStages, parseDvcPipeline } from '../../../../src/core/project';
import { buildStageGraph, selectStages } from '../../../../src/core/pipeline/graph';
import { PonteError } from '../../../../src/core/errors';

function stagesOf(yaml: string) {
  const p = parseDvcPipeline(yaml, 'dvc.yaml');
  return expandDvcStages(p, { params: {} });
}

test('order follows the data: a stage after the stages whose outs it reads, also under wdir and directories', () => {
  const { stages } = stagesOf(`stages:
  evaluate: {cmd: e, deps: [model/m.pkl], metrics: [m.json]}
  train: {cmd: t, wdir: sub, deps: [../data/features], outs: [../model]}
  featurize: {cmd: f, deps: [data/raw.csv], outs: [data/features]}
  lonely: {cmd: l}
`);
  const g = buildStageGraph(stages, '/p');
  assert.deepEqual(g.order, ['featurize', 'train', 'evaluate', 'lonely']);
  assert.deepEqual([...g.upstream.get('evaluate')!], ['train']);
  assert.deepEqual(selectStages(g, ['train']), ['featurize', 'train']);
  assert.deepEqual(selectStages(g, []), g.order);
});

test('a foreach group name selects all its stages', () => {
  const r = stagesOf(`stages:
  train:
    foreach: [a, b]
    do: {cmd: 'echo \${item}', outs: ['m-\${item}']}
`);
  const g = buildStageGraph(r.stages, '/p');
  assert.deepEqual(selectStages(g, ['train'], r.groups), ['train@a', 'train@b']);
  assert.throws(() => selectStages(g, ['trian'], r.groups), (e: unknown) => e instanceof PonteError && e.code === 'usage.unknown_stage' && /train@a/.test(e.hint ?? ''));
});

test('a cycle is an error naming the stages in it', () => {
  const { stages } = stagesOf(`stages:
  a: {cmd: a, deps: [c.txt], outs: [a.txt]}
  b: {cmd: b, deps: [a.txt], outs: [b.txt]}
  c: {cmd: c, deps: [b.txt], outs: [c.txt]}
`);
  assert.throws(() => buildStageGraph(stages, '/p'), (e: unknown) => {
    assert.ok(e instanceof PonteError);
    assert.equal(e.code, 'pipeline.cycle');
    assert.match(e.message, /a → c → b → a|a → b → c → a|b → a → c → b|c → b → a → c/);
    assert.equal(e.file, 'dvc.yaml');
    assert.ok(e.line! >= 2);
    return true;
  });
});

test('a stage reading its own out, and two stages writing one out, are errors', () => {
  assert.throws(() => buildStageGraph(stagesOf('stages:\n  a: {cmd: a, deps: [x], outs: [x]}\n').stages, '/p'), /depends on its own out/);
  assert.throws(() => buildStageGraph(stagesOf('stages:\n  a: {cmd: a, outs: [x]}\n  b: {cmd: b, outs: [x]}\n').stages, '/p'), (e: unknown) => e instanceof PonteError && e.code === 'pipeline.duplicate_out');
});
