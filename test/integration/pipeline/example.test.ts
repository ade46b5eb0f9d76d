// The acceptance run on a copy of examples/churn, with the real CLI, scikit-learn and the
// embedded store: the first run trains for real and is recorded; a second run runs nothing;
// changing one param re-runs exactly the stages that depend on it; the tests, data checks and
// gates pass; the experiments can be listed and compared; dvc.lock is DVC's format.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLockFile, parseLockFile } from '../../../src/core/pipeline';
import { copyProject, json, ponte, read, removeProject } from './lib/project';

interface RunJson {
  stages: { name: string; ran: boolean; reason: string; duration_s: number }[];
  run_id: string | null;
}

let dir: string;
before(() => {
  dir = copyProject('examples/churn');
});
after(() => removeProject(dir));

const ran = (r: RunJson) => r.stages.filter((s) => s.ran).map((s) => s.name);
let firstRun = '';
let secondRun = '';

test('the first ponte run trains for real, writes dvc.lock and records a run', () => {
  const r = ponte(dir, 'run', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = json<RunJson>(r);
  assert.deepEqual(ran(out), ['generate', 'prepare', 'train', 'evaluate']);
  assert.ok(out.run_id);
  firstRun = out.run_id;
  assert.ok(existsSync(join(dir, 'models/model.pkl')));
  const metrics = JSON.parse(read(dir, 'metrics.json')) as Record<string, number>;
  assert.ok(metrics.accuracy >= 0.85, `accuracy ${metrics.accuracy}`);
  assert.match(r.stderr, /train: logistic fitted on 3000 rows/, 'stage output is streamed');
});

test('dvc.lock is in DVC format: stages in order, md5s of the real files, rewritten unchanged', () => {
  const text = read(dir, 'dvc.lock');
  const lock = parseLockFile(text, 'dvc.lock');
  assert.deepEqual([...lock.stages.keys()], ['generate', 'prepare', 'train', 'evaluate']);
  assert.equal(formatLockFile(lock), text);
  const raw = lock.stages.get('generate')!.outs[0];
  const bytes = readFileSync(join(dir, 'data/raw.csv'));
  assert.deepEqual(raw, { path: 'data/raw.csv', md5: createHash('md5').update(bytes).digest('hex'), size: bytes.length });
  assert.match(text, /^ {4}cmd: \/usr\/bin\/python3 src\/generate\.py --rows 4000 --seed 42 --out data\/raw\.csv\n/m);
  assert.match(text, /^ {8}generate\.rows: 4000\n {8}generate\.seed: 42\n/m);
  assert.match(text, /^ {10}C: 1\.0\n/m, 'a whole float stays a float');
  assert.deepEqual(lock.stages.get('evaluate')!.outs.map((o) => o.path), ['metrics.json', 'plots/confusion.csv', 'plots/roc.csv']);
  // The cached outs are in DVC 3's cache layout.
  const md5 = lock.stages.get('train')!.outs[0].md5;
  assert.ok(existsSync(join(dir, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2))));
});

test('a second ponte run runs nothing and records nothing', () => {
  const out = json<RunJson>(ponte(dir, 'run', '--json'));
  assert.deepEqual(ran(out), []);
  assert.deepEqual(out.stages.map((s) => s.reason), ['up to date', 'up to date', 'up to date', 'up to date']);
  assert.equal(out.run_id, null);
  assert.match(ponte(dir, 'status').stdout, /Pipeline is up to date/);
});

test('changing one param re-runs exactly the stages that depend on it', () => {
  const params = read(dir, 'params.yaml');
  writeFileSync(join(dir, 'params.yaml'), params.replace('  C: 1.0', '  C: 0.3'));
  const status = json<{ stale: number; stages: { name: string; reasons: string[] }[] }>(ponte(dir, 'status', '--json'));
  assert.equal(status.stale, 2);
  assert.deepEqual(status.stages.find((s) => s.name === 'train')!.reasons, ['param train.C changed: 1.0 → 0.3']);
  const r = ponte(dir, 'run', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = json<RunJson>(r);
  assert.deepEqual(ran(out), ['train', 'evaluate']);
  assert.equal(out.stages.find((s) => s.name === 'evaluate')!.reason, 'dep models/model.pkl modified');
  secondRun = out.run_id!;
  assert.match(read(dir, 'dvc.lock'), /^ {10}C: 0\.3\n/m);
});

test('ponte test runs pytest (and unittest through it) and the data checks', () => {
  const r = ponte(dir, 'test', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = json<{ summary: { passed: number; failed: number }; tests: { id: string; kind: string; file: string; line: number }[] }>(r);
  assert.equal(out.summary.failed, 0);
  assert.ok(out.tests.some((t) => t.id === 'tests/test_model.py::ModelTest::test_beats_the_majority_class' && t.line === 24));
  assert.ok(out.tests.some((t) => t.id === 'data:raw/age' && t.kind === 'data' && t.file === 'ponte.yaml'));
});

test('a broken test fails at its file and line', () => {
  const file = join(dir, 'tests/test_prepare.py');
  const source = readFileSync(file, 'utf8');
  writeFileSync(file, source.replace('    assert generate(50, 1) == generate(50, 1)\n', '    assert generate(50, 1) == generate(50, 2)\n'));
  try {
    const r = ponte(dir, 'test', '--code-only', '--json');
    assert.equal(r.code, 1);
    const failed = json<{ tests: { id: string; status: string; file: string; line: number; message: string }[] }>(r).tests.filter((t) => t.status === 'failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].id, 'tests/test_prepare.py::test_generate_is_deterministic');
    assert.equal(failed[0].file, 'tests/test_prepare.py');
    assert.equal(failed[0].line, 13);
    assert.match(failed[0].message, /assert/);
  } finally {
    writeFileSync(file, source);
  }
});

test('ponte gate judges the latest run, explains each rule and stores the verdict', () => {
  const r = ponte(dir, 'gate', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = json<{ run_id: string; passed: boolean; rules: { metric: string; verdict: string; value: number; threshold: number | null; reason: string }[] }>(r);
  assert.equal(out.run_id, secondRun);
  assert.equal(out.passed, true);
  assert.deepEqual(out.rules.map((x) => [x.metric, x.verdict]), [['accuracy', 'pass'], ['roc_auc', 'pass'], ['f1', 'skip']]);
  const text = ponte(dir, 'gate', '--run', firstRun);
  assert.match(text.stdout, /accuracy +>= 0\.85 +0\.\d+ +0\.85 +PASS/);
  const strict = ponte(dir, 'gate', '--metrics', 'metrics.json');
  assert.equal(strict.code, 0);
});

test('ponte exp list, show and compare', () => {
  const list = json<{ id: string; status: string; gates: { passed: boolean } | null; metrics: Record<string, number>; params: Record<string, unknown>; durations: Record<string, number>; gitCommit: string | null }[]>(ponte(dir, 'exp', 'list', '--json'));
  assert.deepEqual(list.map((x) => x.id), [secondRun, firstRun], 'newest first');
  assert.equal(list[0].gates?.passed, true);
  assert.equal(list[0].params['train.C'], 0.3);
  assert.ok(list[0].metrics.accuracy > 0.8);
  assert.deepEqual(Object.keys(list[1].durations).sort(), ['evaluate', 'generate', 'prepare', 'train']);
  // train.py logged its training accuracy through PONTE_METRICS_FILE.
  assert.ok(list[0].metrics.train_accuracy > 0.8, JSON.stringify(list[0].metrics));
  const show = ponte(dir, 'exp', 'show', firstRun.slice(0, 8));
  assert.match(show.stdout, new RegExp(`run ${firstRun}`));
  assert.match(show.stdout, /data\/raw\.csv: [0-9a-f]{32}/);
  const cmp = json<{ params: { key: string; differs: boolean; values: unknown[] }[] }>(ponte(dir, 'exp', 'compare', firstRun, secondRun, '--json'));
  assert.deepEqual(cmp.params.filter((p) => p.differs).map((p) => [p.key, p.values]), [['train.C', [1, 0.3]]]);
});
