// expandDvcStages: DVC's templating (params.yaml, vars, foreach, matrix, dict unpacking in cmd)
// turned into the concrete stages `ponte run` executes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandDvcStages, parseDvcPipeline, type SpecFileAccess } from '../../../../src/core/project';
import { mutate, seededRandom } from './mutate';

function memoryFs(files: Record<string, string>): SpecFileAccess {
  return { exists: (p) => p in files, read: (p) => files[p] };
}

function expand(text: string, files: Record<string, string> = {}) {
  return expandDvcStages(parseDvcPipeline(text, 'dvc.yaml'), { fs: memoryFs(files) });
}

test('params.yaml values replace ${} and a whole ${} keeps its type', () => {
  const r = expand(
    'stages:\n  train:\n    cmd: python train.py --lr ${train.lr} --seed ${seed}\n    deps: ${train.inputs}\n    frozen: ${train.frozen}\n    outs: [model.pkl]\n',
    { 'params.yaml': 'seed: 42\ntrain:\n  lr: 0.001\n  inputs: [a.csv, b.csv]\n  frozen: true\n' },
  );
  assert.deepEqual(r.diagnostics, []);
  const s = r.stages[0];
  assert.deepEqual(s.cmd, ['python train.py --lr 0.001 --seed 42']);
  assert.deepEqual(s.deps.map((d) => d.path), ['a.csv', 'b.csv']);
  assert.equal(s.frozen, true);
});

test('numbers print as Python prints them', () => {
  const r = expand('stages:\n  a:\n    cmd: echo ${x} ${y} ${z}\n', { 'params.yaml': 'x: 1e-5\ny: 0.25\nz: false\n' });
  assert.deepEqual(r.stages[0].cmd, ['echo 1e-05 0.25 false']);
});

test('foreach over a dict gives stage@key with ${key} and ${item}', () => {
  const r = expand(
    'stages:\n  build:\n    foreach:\n      uk: {epochs: 3}\n      us: {epochs: 10}\n    do:\n      cmd: python train.py ${key} ${item.epochs}\n      outs:\n        - model-${key}.hdf5\n',
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.stages.map((s) => [s.name, s.group, s.cmd[0], s.outs[0].path]), [
    ['build@uk', 'build', 'python train.py uk 3', 'model-uk.hdf5'],
    ['build@us', 'build', 'python train.py us 10', 'model-us.hdf5'],
  ]);
});

test('foreach over a list of scalars names by value; over dicts, by index; from params', () => {
  const r = expand(
    'stages:\n  a:\n    foreach: [x, 3]\n    do:\n      cmd: echo ${item}\n  b:\n    foreach: ${models}\n    do:\n      cmd: echo ${item.name}\n',
    { 'params.yaml': 'models:\n  - name: rf\n  - name: lr\n' },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.stages.map((s) => `${s.name}:${s.cmd[0]}`), ['a@x:echo x', 'a@3:echo 3', 'b@0:echo rf', 'b@1:echo lr']);
});

test('matrix generates the product, named by value or by name+index', () => {
  const r = expand('stages:\n  t:\n    matrix:\n      model: [rf, lr]\n      cfg: [{d: 1}, {d: 2}]\n    cmd: fit ${item.model} ${item.cfg.d}\n');
  assert.deepEqual(r.stages.map((s) => `${s.name}:${s.cmd[0]}`), ['t@rf-cfg0:fit rf 1', 't@rf-cfg1:fit rf 2', 't@lr-cfg0:fit lr 1', 't@lr-cfg1:fit lr 2']);
  assert.deepEqual(r.groups.map((g) => [g.name, g.kind, g.members.length]), [['t', 'matrix', 4]]);
});

test('vars: inline dicts, whole files, file:keys, and stage vars relative to wdir', () => {
  const r = expand(
    'vars:\n  - base: {dir: data}\n  - conf/a.yaml\n  - conf/b.yaml:opt.lr,name\nstages:\n  s:\n    wdir: sub\n    vars:\n      - local.yaml\n    cmd: run ${base.dir} ${a} ${opt.lr} ${name} ${here}\n',
    { 'conf/a.yaml': 'a: 1\n', 'conf/b.yaml': 'opt: {lr: 0.5, other: 2}\nname: n\nskip: 3\n', 'sub/local.yaml': 'here: yes\n' },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.stages[0].cmd, ['run data 1 0.5 n yes']);
  assert.equal(r.stages[0].wdir, 'sub');
});

test('a dict in cmd unpacks into flags; a list inside a string is an error', () => {
  const r = expand('stages:\n  s:\n    cmd: train ${opts}\n    deps:\n      - in-${paths}\n', {
    'params.yaml': 'opts:\n  lr: 0.1\n  verbose: true\n  quiet: false\n  name: my model\n  layers: [8, 4]\n  nested: {depth: 3}\npaths: [a, b]\n',
  });
  assert.deepEqual(r.stages[0].cmd, ["train --lr 0.1 --verbose --name 'my model' --layers 8 4 --nested.depth 3"]);
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].code, 'var.type');
  assert.equal(r.diagnostics[0].range.start.line, 4);
});

test('an unknown name is an error when every source is known, a warning when a file is missing', () => {
  const known = expand('stages:\n  s:\n    cmd: echo ${nope}\n', { 'params.yaml': 'a: 1\n' });
  assert.deepEqual(known.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['var.unknown', 'error', 2, 14]]);
  const missing = expand('vars: [extra.yaml]\nstages:\n  s:\n    cmd: echo ${nope}\n', { 'params.yaml': 'a: 1\n' });
  assert.deepEqual(missing.diagnostics.map((d) => [d.code, d.severity]), [['vars.missing_file', 'warning'], ['var.unresolved', 'warning']]);
  const noFs = expandDvcStages(parseDvcPipeline('stages:\n  s:\n    cmd: echo ${nope}\n', 'dvc.yaml'));
  assert.deepEqual(noFs.diagnostics, []);
  assert.deepEqual(noFs.stages[0].cmd, ['echo ${nope}']);
});

test('a missing sub-key of a known variable is an error even without file access', () => {
  const r = expandDvcStages(parseDvcPipeline('stages:\n  s:\n    foreach: [{a: 1}]\n    do:\n      cmd: echo ${item.b}\n', 'dvc.yaml'));
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['var.unknown']);
});

test('foreach and matrix of the wrong shape', () => {
  const r = expand('stages:\n  a:\n    foreach: ${seed}\n    do: {cmd: x}\n  b:\n    matrix:\n      m: rf\n    cmd: y\n', { 'params.yaml': 'seed: 3\n' });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.range.start.line]), [['foreach.shape', 2], ['matrix.shape', 6]]);
});

test('escaped \\${ stays literal; params deps and outs options are kept', () => {
  const r = expand('stages:\n  s:\n    cmd: echo \\${HOME}\n    params:\n      - lr\n      - custom.yaml: [a, b]\n      - all.yaml:\n    outs:\n      - m.pkl:\n          cache: false\n');
  assert.deepEqual(r.stages[0].cmd, ['echo ${HOME}']);
  assert.deepEqual(r.stages[0].params.map((p) => [p.file, p.keys]), [['params.yaml', ['lr']], ['custom.yaml', ['a', 'b']], ['all.yaml', null]]);
  assert.deepEqual(r.stages[0].outs[0].options, { cache: false });
});

test('foreach and matrix are bounded to 10,000 generated stages', () => {
  const r = expand('stages:\n  s:\n    foreach: ${big}\n    do: {cmd: x}\n', { 'params.yaml': `big: [${Array.from({ length: 10_001 }, (_, i) => i).join(', ')}]\n` });
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['foreach.too_large']);
  assert.equal(r.stages.length, 0);
});

test('never throws on odd input', () => {
  for (const t of ['', 'stages: 3', '- a', 'stages:\n  a: [1]\n  b:\n    foreach:\n    do:\n', 'stages:\n  x: &a\n    cmd: *a\n', '{{{', 'stages:\n  a:\n    cmd: ${', '\t\tbad']) {
    expandDvcStages(parseDvcPipeline(t, 'dvc.yaml'), { fs: memoryFs({}) });
  }
});

test('fuzz: expandDvcStages never throws on 2,000 mutated dvc.yaml files', () => {
  const dir = join('test', 'fixtures', 'project', 'broken');
  const texts = readdirSync(dir).filter((f) => f.endsWith('dvc.yaml')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const fs = memoryFs({ 'params.yaml': 'seed: 1\nmodels: [a, b]\ntrain: {lr: 1, name: x}\n' });
  const rand = seededRandom(3);
  for (let i = 0; i < 2000; i++) {
    const text = mutate(texts[Math.floor(rand() * texts.length)], rand);
    expandDvcStages(parseDvcPipeline(text, 'dvc.yaml'), { fs: rand() < 0.5 ? fs : undefined });
  }
});
