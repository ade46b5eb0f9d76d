// What the three views show from a parsed project: one row per declared dataset, stage and
// deployment, with a location to reveal; with several workspace roots, one group per root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { datasetRows, deploymentRows, nodeKinds, stagePathRows, stageRows } from '../../../../src/extension/views/rows';
import type { ProjectModel } from '../../../../src/extension/spec';

const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 7 } });

function model(root: string): ProjectModel {
  return {
    root,
    ponteFile: 'ponte.yaml',
    dvcFiles: ['dvc.yaml'],
    project: 'churn',
    datasets: [
      { name: 'train', path: 'data/train.csv', storage: 'dvc', file: 'ponte.yaml', range: range(3) },
      { name: 'reference', path: 'data/reference.csv', storage: 'git-lfs', file: 'ponte.yaml', range: range(7) },
    ],
    stages: [{ name: 'train', group: 'train', cmd: ['python3 src/train.py', 'echo done'], deps: ['data/train.csv'], outs: ['models/model.pkl'], metrics: ['metrics.json'], plots: [], wdir: '.', frozen: false, file: 'dvc.yaml', range: range(2) }],
    deployments: [{ name: 'production', target: 'docker', strategy: 'blue-green', file: 'ponte.yaml', range: range(20) }],
    diagnostics: [],
  };
}

test('one root: datasets are top-level rows with path, storage and where they are declared', () => {
  const rows = datasetRows([model('/w/churn')], undefined);
  assert.deepEqual(rows.map((r) => [r.label, r.description, r.kind]), [
    ['train', 'data/train.csv · dvc', nodeKinds.dataset],
    ['reference', 'data/reference.csv · git-lfs', nodeKinds.dataset],
  ]);
  assert.deepEqual(rows[0].location, { file: path.resolve('/w/churn/ponte.yaml'), range: range(3) });
  assert.equal(rows[0].resource, path.resolve('/w/churn/data/train.csv'));
  assert.match(rows[0].tooltip!, /ponte\.yaml:4/);
});

test('stages show their command; deployments their target and strategy', () => {
  const [stage] = stageRows([model('/w')], undefined);
  assert.equal(stage.description, 'python3 src/train.py && echo done');
  assert.match(stage.tooltip!, /`python3 src\/train.py && echo done`/);
  assert.equal(stage.location?.file, path.resolve('/w/dvc.yaml'));
  assert.match(stage.tooltip!, /deps: `data\/train.csv`/);
  const [dep] = deploymentRows([model('/w')], undefined);
  assert.equal(dep.description, 'docker · blue-green');
});

test('row ids are stable and unique across rebuilds', () => {
  const a = datasetRows([model('/w')], undefined).map((r) => r.id);
  const b = datasetRows([model('/w')], undefined).map((r) => r.id);
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, a.length);
});

test('an empty project gives no rows, so the welcome view shows', () => {
  const empty: ProjectModel = { root: '/w', dvcFiles: [], datasets: [], stages: [], deployments: [], diagnostics: [] };
  assert.deepEqual(datasetRows([empty], undefined), []);
  assert.deepEqual(stageRows([], undefined), []);
});

test('several roots: one group per root that has rows, and the group holds that root\'s rows', () => {
  const empty: ProjectModel = { root: '/w/b', dvcFiles: [], datasets: [], stages: [], deployments: [], diagnostics: [] };
  const groups = datasetRows([model('/w/a'), empty], undefined);
  assert.deepEqual(groups.map((g) => [g.label, g.kind]), [['a', nodeKinds.root]]);
  const inside = datasetRows([model('/w/a'), empty], groups[0]);
  assert.deepEqual(inside.map((r) => r.label), ['train', 'reference']);
  // A group of another view, or a row of another feature, gets no rows from here.
  assert.deepEqual(stageRows([model('/w/a'), empty], groups[0]), []);
  assert.deepEqual(datasetRows([model('/w/a')], inside[0]), []);
});

test('a pipeline file with errors shows one row that leads to the first error, in the views it feeds', () => {
  const m = model('/w');
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 4 } });
  m.diagnostics = [
    { file: 'ponte.yaml', range: at(9), severity: 'error', code: 'key.unknown', message: "unknown key 'datsets'" },
    { file: 'ponte.yaml', range: at(12), severity: 'error', code: 'type.mismatch', message: 'expected a string' },
    { file: 'ponte.yaml', range: at(14), severity: 'warning', code: 'dep.missing', message: 'not there yet' },
  ];
  const rows = datasetRows([m], undefined);
  assert.equal(rows[0].kind, nodeKinds.problem);
  assert.equal(rows[0].label, 'ponte.yaml has 2 errors');
  assert.deepEqual(rows[0].location, { file: path.resolve('/w/ponte.yaml'), range: at(9) });
  assert.equal(rows.length, 3);
  assert.equal(deploymentRows([m], undefined)[0].kind, nodeKinds.problem);
  // dvc.yaml has no errors, so the Experiments view shows only its stages.
  assert.deepEqual(stageRows([m], undefined).map((r) => r.kind), [nodeKinds.stage]);
});

test('under a stage: its deps, outs and metrics, as files of the project', () => {
  const [stage] = stageRows([model('/w')], undefined);
  const rows = stagePathRows(stage);
  assert.deepEqual(rows.map((r) => [r.label, r.description]), [['data/train.csv', 'dep'], ['models/model.pkl', 'out'], ['metrics.json', 'metric']]);
  assert.equal(rows[1].resource, path.resolve('/w/models/model.pkl'));
  assert.deepEqual(rows[1].command, { command: 'ponte.openFile', title: 'Open File', arguments: [path.resolve('/w/models/model.pkl')] });
  assert.deepEqual(stagePathRows(undefined), []);
  assert.deepEqual(stagePathRows(datasetRows([model('/w')], undefined)[0]), []);
});

test('a stage with a desc shows it; a frozen stage says so; paths follow wdir', () => {
  const m = model('/w');
  m.stages[0] = { ...m.stages[0], desc: 'Fit the model', frozen: true, file: 'pipelines/dvc.yaml', wdir: '..' };
  const [stage] = stageRows([m], undefined);
  assert.equal(stage.description, '(frozen) Fit the model');
  assert.equal(stagePathRows(stage)[0].resource, path.resolve('/w/data/train.csv'));
});

test('foreach/matrix stages sit under one group row that expands to them', () => {
  const m = model('/w');
  const base = m.stages[0];
  m.stages = [base, { ...base, name: 'fit@us', group: 'fit' }, { ...base, name: 'fit@eu', group: 'fit' }];
  const top = stageRows([m], undefined);
  assert.deepEqual(top.map((r) => [r.label, r.kind]), [['train', nodeKinds.stage], ['fit', nodeKinds.stageGroup]]);
  assert.equal(top[1].children, 'collapsed');
  assert.deepEqual(stageRows([m], top[1]).map((r) => r.label), ['fit@us', 'fit@eu']);
  assert.notEqual(stageRows([m], top[1])[0].id, stageRows([m], top[1])[1].id);
});
