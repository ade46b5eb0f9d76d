// dvc.yaml plots → PlotView[] by DVC's documented rules (dvc.org/doc/user-guide/project-structure/
// dvcyaml-files#plots): defaults for x, y, title and template, top-level plots over several files,
// and the example's ROC curve and confusion matrix for the workspace and a recorded run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandDvcStages, parseDvcPipeline } from '../../../../src/core/project';
import { plotDefinitions, readPlotDefinitions, resolvePlots, storedRevision, workspaceRevision, type PlotRevision } from '../../../../src/core/pipeline/plots';
import { parsePlotText } from '../../../../src/core/pipeline/plots-data';
import { PonteError } from '../../../../src/core/errors';

function definitions(yaml: string) {
  const pipeline = parseDvcPipeline(yaml, 'dvc.yaml');
  return plotDefinitions(pipeline, expandDvcStages(pipeline, { params: {} }).stages);
}

const files = (revision: string, texts: Record<string, string>): PlotRevision => ({ revision, label: revision, readText: (f) => texts[f] });

test("the example's dvc.yaml: the stage's confusion matrix and ROC, and the top-level ROC", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-plots-'));
  try {
    mkdirSync(join(dir, 'plots'));
    // as examples/churn/src/evaluate.py writes them
    writeFileSync(join(dir, 'plots/confusion.csv'), 'actual,predicted\n0,0\n1,0\n1,1\n0,0\n');
    writeFileSync(join(dir, 'plots/roc.csv'), 'fpr,tpr\n0.0000,0.0000\n0.2500,0.6000\n1.0000,1.0000\n');
    const text = readFileSync(join(__dirname, '../../../../examples/churn/dvc.yaml'), 'utf8');
    const pipeline = parseDvcPipeline(text, 'dvc.yaml');
    const defs = plotDefinitions(pipeline, expandDvcStages(pipeline, { params: { generate: { rows: 1, seed: 1 } } }).stages);
    assert.deepEqual(defs.map((d) => [d.id, d.template]), [['plots/confusion.csv', 'confusion'], ['plots/roc.csv', 'linear'], ['ROC', 'simple']]);
    const run = storedRevision('run-1', 'run 1', [{ path: 'plots/roc.csv', format: 'csv', content: 'fpr,tpr\n0,0\n0.5,0.9\n1,1\n' }]);
    const { plots, problems } = resolvePlots(defs, [workspaceRevision(dir), run]);
    assert.deepEqual(problems, []);
    const [confusion, roc, top] = plots;
    assert.equal(confusion.title, 'plots/confusion.csv');
    assert.deepEqual([confusion.xLabel, confusion.yLabel], ['actual', 'predicted']);
    assert.deepEqual(confusion.series!.map((s) => [s.revision, s.rows.length]), [['workspace', 4]]);
    assert.deepEqual(confusion.series![0].rows[1], { actual: 1, predicted: 0 });
    assert.deepEqual(roc.series!.map((s) => [s.label, s.x, s.y, s.rows.length]), [['workspace', 'fpr', 'tpr', 3], ['run 1', 'fpr', 'tpr', 3]]);
    assert.deepEqual(top.series!.map((s) => s.rows[1]), [{ fpr: 0.25, tpr: 0.6 }, { fpr: 0.5, tpr: 0.9 }]);
    assert.equal(top.title, 'ROC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no x: the row index `step`; no y: the last field; no title: the path', () => {
  const [def] = definitions('stages:\n  train:\n    cmd: python train.py\n    plots:\n      - logs.csv\n');
  const { plots } = resolvePlots([def], [files('workspace', { 'logs.csv': 'epoch,loss,acc\n1,0.5,0.7\n2,0.3,0.8\n' })]);
  assert.deepEqual([plots[0].title, plots[0].template, plots[0].xLabel, plots[0].yLabel], ['logs.csv', 'linear', 'step', 'acc']);
  assert.deepEqual(plots[0].series![0].rows, [{ step: 0, acc: 0.7 }, { step: 1, acc: 0.8 }]);
});

test("a stage's wdir prefixes its plots; options title, labels and header: false are kept", () => {
  const yaml = 'stages:\n  ev:\n    wdir: sub\n    cmd: x\n    plots:\n      - out/p.tsv:\n          header: false\n          x: "0"\n          y: "1"\n          title: Loss\n          x_label: epoch\n';
  const [def] = definitions(yaml);
  assert.equal(def.id, 'sub/out/p.tsv');
  const { plots } = resolvePlots([def], [files('workspace', { 'sub/out/p.tsv': '1\t0.5\n2\t0.25\n' })]);
  assert.deepEqual([plots[0].title, plots[0].xLabel, plots[0].yLabel], ['Loss', 'epoch', '1']);
  assert.deepEqual(plots[0].series![0].rows, [{ 0: 1, 1: 0.5 }, { 0: 2, 1: 0.25 }]);
});

test('a top-level plot over several files and fields: one series per revision, file and field', () => {
  const yaml = [
    'plots:',
    '  - Loss:',
    '      x: {train.json: epoch, test.json: step_no}',
    '      y:',
    '        train.json: [loss, val_loss]',
    '        test.json: loss',
    '      template: smooth',
  ].join('\n');
  const [def] = definitions(yaml);
  const texts = { 'train.json': JSON.stringify({ train: [{ epoch: 1, loss: 1, val_loss: 2 }] }), 'test.json': '[{"step_no": 5, "loss": 3}]' };
  const { plots } = resolvePlots([def], [files('workspace', texts), files('r2', texts)]);
  assert.equal(plots[0].template, 'smooth');
  assert.deepEqual(plots[0].series!.map((s) => s.label), [
    'workspace · train.json: loss', 'workspace · train.json: val_loss', 'workspace · test.json: loss',
    'r2 · train.json: loss', 'r2 · train.json: val_loss', 'r2 · test.json: loss',
  ]);
  assert.deepEqual(plots[0].series![2].rows, [{ step_no: 5, loss: 3 }]);
  // two x fields and two y fields: DVC's generic axis names
  assert.deepEqual([plots[0].xLabel, plots[0].yLabel], ['x', 'y']);
});

test('the older dict form, a plain file entry, and a top-level y list on the id itself', () => {
  const defs = definitions('plots:\n  acc.yaml:\n    y: [a, b]\n    x: n\n  img.png:\n');
  assert.deepEqual(defs.map((d) => [d.id, d.kind, d.sources[0].y]), [['acc.yaml', 'data', ['a', 'b']], ['img.png', 'image', undefined]]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const rev: PlotRevision = { ...files('workspace', { 'acc.yaml': '- {n: 1, a: 2, b: 3}\n' }), readImage: (f) => (f === 'img.png' ? png : undefined) };
  const { plots } = resolvePlots(defs, [rev, files('run-9', {})]);
  assert.deepEqual(plots[0].series!.map((s) => s.label), ['workspace · a', 'workspace · b']);
  assert.deepEqual(plots[1].images, [{ revision: 'workspace', label: 'workspace', src: 'data:image/png;base64,iVBORw==' }]);
});

test('a broken file or a missing field is a problem of that revision, with file and line; the others still draw', () => {
  const [def] = definitions('stages:\n  s:\n    cmd: x\n    plots:\n      - p.csv:\n          x: a\n          y: b\n');
  const { plots, problems } = resolvePlots([def], [
    files('workspace', { 'p.csv': 'a,b\n1,2\n3\n' }),
    files('r1', { 'p.csv': 'a,c\n1,2\n' }),
    files('r2', { 'p.csv': 'a,b\n1,2\n' }),
  ]);
  assert.deepEqual(problems.map((p) => [p.file, p.line]), [['p.csv', 3], ['p.csv', undefined]]);
  assert.match(plots[0].problems![0], /^workspace: p\.csv:3: 1 fields where the header has 2/);
  assert.match(plots[0].problems![1], /^r1: p\.csv: no field "b" in it \(fields: a, c\)/);
  assert.deepEqual(plots[0].series!.map((s) => s.revision), ['r2']);
});

test('plots data: quoted CSV cells, CRLF, a BOM, numbers; JSON and YAML errors name the line', () => {
  assert.deepEqual(parsePlotText('\ufeffname,v\r\n"a, b",1e-3\r\n"say ""hi""",x\r\n', 'p.csv'), [{ name: 'a, b', v: 0.001 }, { name: 'say "hi"', v: 'x' }]);
  for (const [text, file, line] of [['[\n{"a": 1},\n{"a": }\n]', 'p.json', 3], ['- a: 1\n- a: [\n', 'p.yaml', 3], ['{"a": 1}', 'q.json', undefined]] as const) {
    assert.throws(() => parsePlotText(text, file), (e: unknown) => e instanceof PonteError && e.file === file && e.line === line && !!e.hint);
  }
  assert.throws(() => parsePlotText('x', 'p.parquet'), /cannot draw this file/);
});

test('a plot naming a directory draws each file under it, from the workspace and from runs the backend kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-plots-'));
  try {
    mkdirSync(join(dir, 'eval/plots'), { recursive: true });
    writeFileSync(join(dir, 'eval/plots/a.json'), '[{"x": 1, "y": 2}]');
    writeFileSync(join(dir, 'eval/plots/notes.txt'), 'not a plot');
    const defs = definitions('stages:\n  s:\n    cmd: x\n    plots:\n      - eval/plots:\n          x: x\n          y: y\n');
    const stored = storedRevision('r1', 'run 1', [
      { path: 'eval/plots/a.json', format: 'json', content: '[{"x": 5, "y": 6}]' },
      { path: 'eval/plots/cm.png', format: 'png', content: Buffer.from([1, 2, 3]).toString('base64') },
    ]);
    const { plots } = resolvePlots(defs, [workspaceRevision(dir), stored]);
    assert.deepEqual(plots.map((p) => [p.id, p.kind]), [['eval/plots/a.json', 'data'], ['eval/plots/cm.png', 'image']]);
    assert.deepEqual(plots[0].series!.map((s) => [s.revision, s.rows]), [['workspace', [{ x: 1, y: 2 }]], ['r1', [{ x: 5, y: 6 }]]]);
    assert.deepEqual(plots[1].images!.map((i) => i.src), ['data:image/png;base64,AQID']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readPlotDefinitions reads a dvc.yaml from disk with its params; a missing file is a PonteError naming it', async () => {
  const defs = await readPlotDefinitions(join(__dirname, '../../../../examples/churn/dvc.yaml'));
  assert.deepEqual(defs.map((d) => d.id), ['plots/confusion.csv', 'plots/roc.csv', 'ROC']);
  const missing = join(tmpdir(), 'ponte-no-such-dir', 'dvc.yaml');
  await assert.rejects(readPlotDefinitions(missing), (e: unknown) => e instanceof PonteError && e.file === missing);
});
