// Each bad input `ponte run` and `ponte test` can meet gets a clear error (code, file, line,
// hint, no stack trace), the stages downstream of a failure do not run, and dvc.lock stays
// byte for byte as it was. Runs the real CLI on copies of test/fixtures/pipeline/chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, json, ponte, read, removeProject } from './lib/project';

let dir: string;
let goodLock: string;

before(() => {
  dir = copyProject('test/fixtures/pipeline/chain');
  const r = ponte(dir, 'run', '--no-record');
  assert.equal(r.code, 0, r.stderr);
  goodLock = read(dir, 'dvc.lock');
});
after(() => removeProject(dir));

interface RunJson {
  stages: { name: string; ran: boolean; outcome: string; reason: string; error?: { code: string; message: string } }[];
  run_id: string | null;
}

function breakAndRun(file: string, content: string) {
  const original = read(dir, file);
  writeFileSync(join(dir, file), content);
  try {
    return ponte(dir, 'run', '--no-record', '--json');
  } finally {
    writeFileSync(join(dir, file), original);
  }
}

function assertCleanError(stderr: string, code: string, where: RegExp) {
  assert.match(stderr, new RegExp(`^error\\[${code.replace('.', '\\.')}\\]: `, 'm'), stderr);
  assert.match(stderr, where, stderr);
  assert.match(stderr, /^ {2}hint: /m);
  assert.doesNotMatch(stderr, /\n\s+at .*\.(ts|js):\d+/, 'no stack trace');
}

test('a stage that fails: exit 1, its output kept in the log, downstream blocked, lock unchanged', () => {
  const r = breakAndRun('step.sh', 'echo half-way\necho boom >&2\nexit 3\n');
  assert.equal(r.code, 1);
  const out = json<RunJson>(r);
  assert.deepEqual(out.stages.map((s) => [s.name, s.outcome]), [['first', 'skipped'], ['second', 'failed'], ['third', 'blocked']]);
  assert.equal(out.stages[1].error?.code, 'pipeline.stage_failed');
  assertCleanError(r.stderr, 'pipeline.stage_failed', /dvc\.yaml:\d+: stage "second" failed with exit code 3: sh step\.sh\n {4}half-way\n {4}boom/);
  assert.match(read(dir, '.ponte/logs/second.log'), /half-way\nboom/);
  assert.equal(read(dir, 'dvc.lock'), goodLock);
});

test('a command that does not exist: command_not_found, lock unchanged', () => {
  const r = breakAndRun('step.sh', 'no-such-program-ponte --flag\n');
  assert.equal(r.code, 1);
  assertCleanError(r.stderr, 'pipeline.command_not_found', /stage "second" failed: command not found \(exit 127\)/);
  assert.equal(read(dir, 'dvc.lock'), goodLock);
});

test('an out the stage never produced: out_missing at the out\'s line, lock unchanged', () => {
  const r = breakAndRun('step.sh', 'echo forgot to write b.txt\n');
  assert.equal(r.code, 1);
  assertCleanError(r.stderr, 'pipeline.out_missing', /dvc\.yaml:16: stage "second" finished but did not produce "b\.txt"/);
  assert.equal(read(dir, 'dvc.lock'), goodLock);
});

for (const [what, metrics, code, where] of [
  ['NaN', '{"acc": NaN}', 'metrics.syntax', /metrics\.json:1:9: NaN is not a number JSON allows/],
  ['a string', '{\\n  "acc": "high"\\n}', 'metrics.not_a_number', /metrics\.json:2:10: metric "acc" is the string "high", not a number/],
  ['broken JSON', '{"acc": 0.9', 'metrics.syntax', /metrics\.json:1:12: not valid JSON/],
] as const) {
  test(`a metrics file with ${what}: the stage fails, lock unchanged`, () => {
    const r = breakAndRun('metrics.sh', `cat b.txt > c.txt\nprintf '${metrics}' > metrics.json\n`);
    assert.equal(r.code, 1, r.stderr);
    const out = json<RunJson>(r);
    assert.equal(out.stages[2].outcome, 'failed');
    assertCleanError(r.stderr, code, where);
    assert.equal(read(dir, 'dvc.lock'), goodLock);
  });
}

test('a cycle: an error naming the stages, nothing runs, lock unchanged', () => {
  const yaml = read(dir, 'dvc.yaml');
  const r = breakAndRun('dvc.yaml', yaml.replace('    cmd: printf \'a\\n\' > a.txt\n', '    cmd: printf \'a\\n\' > a.txt\n    deps:\n      - c.txt\n'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[pipeline\.(invalid|cycle)\]: dvc\.yaml:\d+:\d+: .*cycle.*(first|second|third)/m);
  assert.match(r.stderr, /hint: /);
  assert.equal(read(dir, 'dvc.lock'), goodLock);
});

test('after every failure the pipeline still runs clean, and then runs nothing', () => {
  const r = ponte(dir, 'run', '--no-record', '--json');
  assert.equal(r.code, 0, r.stderr);
  const again = json<RunJson>(ponte(dir, 'run', '--no-record', '--json'));
  assert.deepEqual(again.stages.map((s) => s.ran), [false, false, false]);
  assert.equal(read(dir, 'dvc.lock'), goodLock);
});

test('ponte test: JUnit results with file and line; a malformed report is a clear error', () => {
  let r = ponte(dir, 'test', '--json');
  assert.equal(r.code, 1, r.stderr + r.stdout);
  const out = json<{ summary: { passed: number; failed: number }; tests: { id: string; status: string; file: string; line: number; message: string }[] }>(r);
  assert.equal(out.summary.passed, 1);
  assert.equal(out.summary.failed, 1);
  const bad = out.tests.find((t) => t.status === 'failed')!;
  assert.deepEqual([bad.id, bad.file, bad.line, bad.message], ['tests/test_x.py::test_bad', 'tests/test_x.py', 5, 'assert 1 == 2']);

  writeFileSync(join(dir, 'report.xml'), '<testsuites>\n  <testsuite name="x">\n    <testcase name="a" time="0.1">\n');
  r = ponte(dir, 'test');
  assert.equal(r.code, 1);
  assertCleanError(r.stderr, 'junit.malformed', /reports\/junit\.xml:3: malformed XML: <testcase> opened on line 3 is never closed/);
});

test('ponte test: a test command that does not exist', () => {
  const cfg = read(dir, 'ponte.yaml');
  writeFileSync(join(dir, 'ponte.yaml'), cfg.replace('command: sh junit.sh', 'command: no-such-test-runner'));
  try {
    const r = ponte(dir, 'test');
    assert.equal(r.code, 1);
    assertCleanError(r.stderr, 'tests.command_not_found', /ponte\.yaml:7: the test command was not found/);
  } finally {
    writeFileSync(join(dir, 'ponte.yaml'), cfg);
  }
});

test('usage errors exit 2', () => {
  assert.equal(ponte(dir, 'run', '--bogus').code, 2);
  const r = ponte(dir, 'run', 'nope', '--no-record');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no stage named "nope".*\n.*the stages are: first, second, third/);
  assert.ok(!existsSync(join(dir, 'nope')));
});
