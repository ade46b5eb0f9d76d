// `ponte run` on a project whose stages take params from params.toml and params.py
// (test/fixtures/pipeline/params/project): dvc.lock is the one DVC writes (expected.dvc.lock,
// from ruamel.yaml and Python's own TOML and ast readers), a changed param re-runs exactly the
// stage that depends on it, an unrelated change re-runs nothing, the recorded run holds the
// params, and a broken file is an error at its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, json, ponte, read, removeProject } from '../pipeline/lib/project';

interface RunJson {
  stages: { name: string; ran: boolean; reason: string }[];
}

function edit(dir: string, file: string, from: RegExp, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  assert.match(text, from);
  writeFileSync(join(dir, file), text.replace(from, to));
}

const ran = (r: RunJson) => r.stages.filter((s) => s.ran).map((s) => `${s.name}: ${s.reason}`);

test('TOML and Python params: dvc.lock as DVC writes it, and only a changed param a stage uses re-runs it', () => {
  const dir = copyProject('test/fixtures/pipeline/params/project');
  try {
    const first = ponte(dir, 'run');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(read(dir, 'dvc.lock'), read(dir, 'expected.dvc.lock'));
    // the recorded run holds every param of both files, flattened with dots
    const [run] = json<{ params: Record<string, unknown> }[]>(ponte(dir, 'exp', 'list', '--json'));
    assert.deepEqual([run.params['params.py:Model.dropout'], run.params['params.py:UNUSED'], run.params['params.toml:train.lr'], run.params['params.toml:other.unrelated']],
      [0.5, 7, 0.001, 'not used by any stage']);
    const lock = read(dir, 'dvc.lock');

    edit(dir, 'params.toml', /unrelated = .*/, 'unrelated = "changed"');
    edit(dir, 'params.py', /UNUSED = 7/, 'UNUSED = 8');
    edit(dir, 'params.py', /DATA = .*/, 'DATA = os.path.join("elsewhere")');
    assert.deepEqual(ran(json<RunJson>(ponte(dir, 'run', '--no-record', '--json'))), []);
    assert.equal(read(dir, 'dvc.lock'), lock);

    // 1.0 → 1 is no change for DVC (Python: 1 == 1.0); 0.001 → 0.002 is
    edit(dir, 'params.toml', /scale = 1\.0/, 'scale = 1');
    edit(dir, 'params.toml', /lr = 0\.001/, 'lr = 0.002');
    assert.deepEqual(ran(json<RunJson>(ponte(dir, 'run', '--no-record', '--json'))), ['train: param train.lr changed: 0.001 → 0.002']);
    assert.match(read(dir, 'dvc.lock'), /train\.lr: 0\.002\n {8}train\.scale: 1\n/);

    edit(dir, 'params.py', /digits = 3\.0/, 'digits = 4.0');
    edit(dir, 'params.py', /shape = \(224, 224, 3\)/, 'shape = (224,\n             224, 3)  # same value, other layout');
    assert.deepEqual(ran(json<RunJson>(ponte(dir, 'run', '--no-record', '--json'))), ['report: param Report.digits changed: 3.0 → 4.0']);
    assert.match(ponte(dir, 'status').stdout, /Pipeline is up to date/);
  } finally {
    removeProject(dir);
  }
});

test('a broken params.py or params.toml stops the run at its file and line, with a hint and no stack trace', () => {
  const dir = copyProject('test/fixtures/pipeline/params/project');
  try {
    writeFileSync(join(dir, 'params.py'), `${read(dir, 'params.py')}x = "never closed\n`);
    const py = ponte(dir, 'run', '--no-record');
    assert.equal(py.code, 1);
    assert.match(py.stderr, /error\[params\.bad_python\]: \S*params\.py:18:5: params file is not valid Python: unterminated string literal\n {2}hint: /);
    assert.doesNotMatch(py.stderr, /\n\s+at /);

    const toml = read(dir, 'params.toml');
    writeFileSync(join(dir, 'params.py'), 'SEED = 42\n');
    writeFileSync(join(dir, 'params.toml'), toml.replace('epochs = 10', 'epochs = [10'));
    const t = ponte(dir, 'run', '--no-record');
    assert.equal(t.code, 1);
    assert.match(t.stderr, /error\[params\.syntax\]: \S*params\.toml:\d+:\d+: params file is not valid TOML/);
    assert.doesNotMatch(t.stderr, /\n\s+at /);
  } finally {
    removeProject(dir);
  }
});
