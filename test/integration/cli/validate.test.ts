// `ponte validate` through the built CLI on real files: discovery, text and JSON output, exit
// codes 0/1/2, --kind, non-pipeline YAML, unreadable paths, and mutated files (exit 0 or 1 only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mutate, seededRandom } from '../../unit/core/project/mutate';

const CLI = resolve('dist', 'cli.js');
const FIXTURES = resolve('test', 'fixtures', 'project');
let dir: string;

function ponte(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

before(() => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run npm run build first');
  dir = mkdtempSync(join(tmpdir(), 'ponte-validate-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a valid project: exit 0, nothing on stdout, a summary on stderr', () => {
  write('ok/dvc.yaml', 'stages:\n  train:\n    cmd: python train.py ${lr}\n    deps: [train.py]\n    outs: [model.pkl]\n');
  write('ok/params.yaml', 'lr: 0.1\n');
  write('ok/train.py', 'print(1)\n');
  write('ok/ponte.yaml', 'version: 1\nproject: ok\nretrain:\n  stages: [train]\n');
  const r = ponte(join(dir, 'ok'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /2 files checked, no problems/);
});

test('errors: text lines are file:line:col: severity code message, 1-based; exit 1', () => {
  write('bad/dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    outz: [model.pkl]\n');
  const r = ponte(join(dir, 'bad'));
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'dvc.yaml:4:5: error key.unknown unknown key "outz" in stages.train; did you mean "outs"?\n');
});

test('--json: an array of diagnostics with 0-based LSP positions', () => {
  const r = ponte(join(dir, 'bad'), '--json');
  assert.equal(r.code, 1);
  const list = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(list.length, 1);
  assert.deepEqual(
    { ...list[0], message: undefined },
    { file: 'dvc.yaml', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } }, severity: 'error', code: 'key.unknown', message: undefined, suggestions: ['outs'] },
  );
});

test('warnings alone exit 0', () => {
  write('warn/dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    deps: [not-there.csv]\n');
  const r = ponte(join(dir, 'warn'));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^dvc\.yaml:4:12: warning dep\.missing /);
});

test('discovery skips node_modules, .git and .dvc; finds *.dvc.yaml and *.ponte.yaml', () => {
  write('disc/node_modules/x/dvc.yaml', 'stages: [broken]\n');
  write('disc/.git/dvc.yaml', 'stages: [broken]\n');
  write('disc/.dvc/tmp/dvc.yaml', 'stages: [broken]\n');
  write('disc/sub/train.dvc.yaml', 'stages:\n  a:\n    cmdd: x\n');
  write('disc/prod.ponte.yaml', 'version: 1\nprojct: x\n');
  write('disc/other.yaml', 'stages: [broken]\n');
  const r = ponte(join(dir, 'disc'), '--json');
  assert.equal(r.code, 1);
  const files = [...new Set((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file))].sort();
  assert.deepEqual(files, ['prod.ponte.yaml', 'sub/train.dvc.yaml']);
  assert.match(r.stderr, /2 files checked/);
});

test('--kind overrides the name; a YAML file that is not a pipeline file gets a clear message', () => {
  write('kind/pipeline.yaml', 'stages:\n  a:\n    cmd: x\n');
  let r = ponte(join(dir, 'kind'), 'pipeline.yaml');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error\[usage\.not_pipeline_file\]: pipeline\.yaml: not a pipeline file/);
  assert.match(r.stderr, /hint: pass --kind dvc or --kind ponte/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  r = ponte(join(dir, 'kind'), 'pipeline.yaml', '--kind', 'dvc');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  write('kind/k8s.dvc.yaml', 'apiVersion: v1\nkind: Pod\n');
  r = ponte(join(dir, 'kind'), 'k8s.dvc.yaml');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /k8s\.dvc\.yaml:1:1: error file\.not_pipeline this is not a dvc\.yaml file/);
  r = ponte(join(dir, 'kind'), '--kind', 'yaml');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--kind must be dvc or ponte/);
});

test('paths that cannot be read, and bad options, exit 2', () => {
  let r = ponte(dir, 'no/such/dvc.yaml');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error\[io\.enoent\]/);
  r = ponte(dir, '--bogus');
  assert.equal(r.code, 2);
  if (process.getuid?.() !== 0) {
    write('locked/dvc.yaml', 'stages: {}\n');
    spawnSync('chmod', ['000', join(dir, 'locked', 'dvc.yaml')]);
    r = ponte(dir, 'locked/dvc.yaml');
    assert.equal(r.code, 2);
    spawnSync('chmod', ['644', join(dir, 'locked', 'dvc.yaml')]);
  }
});

test('the fixture corpora: every broken file fails, the valid ones pass', () => {
  let r = ponte(FIXTURES, 'broken');
  assert.equal(r.code, 1);
  const broken = readdirSync(join(FIXTURES, 'broken')).filter((f) => /(dvc|ponte)\.yaml$/.test(f));
  const reported = new Set((JSON.parse(ponte(FIXTURES, 'broken', '--json').stdout) as { file: string }[]).map((d) => d.file));
  for (const f of broken) assert.ok(reported.has(`broken/${f}`), `${f} has no diagnostic`);
  r = ponte(FIXTURES, 'valid');
  assert.equal(r.code, 0, r.stdout);
});

test('mutated pipeline files: the CLI exits 0 or 1, never with a stack trace', () => {
  const fuzz = join(dir, 'fuzz');
  cpSync(join(FIXTURES, 'valid'), fuzz, { recursive: true });
  const sources = readdirSync(join(FIXTURES, 'broken')).filter((f) => /(dvc|ponte)\.yaml$/.test(f));
  const rand = seededRandom(99);
  for (let i = 0; i < 150; i++) {
    const f = sources[Math.floor(rand() * sources.length)];
    const text = mutate(readFileSync(join(FIXTURES, 'broken', f), 'utf8'), rand);
    writeFileSync(join(fuzz, `m${i}.${f}`), text);
  }
  const r = ponte(fuzz);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at .*\.js:\d+/);
  assert.doesNotMatch(r.stdout, / internal /);
  const json = ponte(fuzz, '--json');
  assert.ok(json.code === 0 || json.code === 1);
  assert.ok(Array.isArray(JSON.parse(json.stdout)));
});
