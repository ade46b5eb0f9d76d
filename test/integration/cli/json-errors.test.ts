// Every `--json` command of the built CLI (dist/cli.js; run `npm run build` first) on a broken
// input: stdout is exactly the `{"error": {...}}` object with the code, file, line and hint,
// stderr still tells a person (never a stack), the exit code is the command's own, nothing is
// written, and the editor's reading of it (cli-bridge) shows the code, the place and the hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliErrorOutput } from '../../../src/core/cli-json';
import { PonteError } from '../../../src/core/errors';
import { readCliJson, runCliProcess } from '../../../src/extension/cli-bridge/process';
import { describeError } from '../../../src/extension/error-message';

const CLI = resolve('dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'ponte-json-errors-'));

/** A project whose ponte.yaml breaks at line 5 (an unclosed flow sequence). */
const project = join(root, 'project');
mkdirSync(project);
writeFileSync(join(project, 'ponte.yaml'), 'version: 1\nproject: churn\ngates:\n  rules: [accuracy\n');
writeFileSync(join(project, 'dvc.yaml'), 'stages:\n  a:\n    cmd: echo a\n');

/** A DVC repository whose one .dvc file is not YAML. */
const repo = join(root, 'repo');
mkdirSync(join(repo, '.dvc'), { recursive: true });
spawnSync('git', ['init', '-q'], { cwd: repo });
writeFileSync(join(repo, 'train.csv.dvc'), 'outs:\n- md5: [oops\n');

/** A CSV whose quote never closes, and a good one beside it. */
const frames = join(root, 'frames');
mkdirSync(frames);
writeFileSync(join(frames, 'reference.csv'), 'age,plan\n30,basic\n');
writeFileSync(join(frames, 'current.csv'), 'age,plan\n31,pro\n"40,basic\n');

interface Case {
  args: string[];
  cwd: string;
  exit: number;
  code: string;
  /** The file the error names, relative to cwd; null when the error has no file. */
  file: string | null;
  line: number | null;
  hint: RegExp;
}

const broken = { cwd: project, exit: 1, code: 'yaml.syntax', file: 'ponte.yaml', line: 4, hint: /ponte validate/ };
const cases: Case[] = [
  { args: ['status', '--json'], ...broken },
  { args: ['run', '--json'], ...broken },
  { args: ['run', '--dry-run', '--json'], ...broken },
  { args: ['gate', '--json'], ...broken },
  { args: ['test', '--json'], ...broken },
  { args: ['exp', 'list', '--json'], ...broken },
  { args: ['exp', 'show', 'abcd', '--json'], ...broken },
  { args: ['exp', 'compare', 'abcd', 'bcde', '--json'], ...broken },
  { args: ['exp', 'delete', 'abcd', '--json'], ...broken },
  { args: ['model', 'list', '--json'], ...broken },
  { args: ['model', 'register', '--json'], ...broken },
  { args: ['build', '--json'], ...broken },
  { args: ['deploy', 'production', '--json'], ...broken },
  { args: ['deployments', '--json'], ...broken },
  { args: ['rollback', 'production', '--json'], ...broken },
  { args: ['undeploy', 'production', '--json'], ...broken },
  { args: ['predict', 'production', '--json'], ...broken },
  { args: ['monitor', 'status', '--json'], ...broken },
  { args: ['validate', 'missing.yaml', '--json'], cwd: project, exit: 2, code: 'io.enoent', file: 'missing.yaml', line: null, hint: /check that the path exists/ },
  { args: ['status', '--frobnicate', '--json'], cwd: project, exit: 2, code: 'usage.bad_arguments', file: null, line: null, hint: /ponte status --help/ },
  { args: ['data', 'status', '--json'], cwd: repo, exit: 1, code: 'data.bad_dvc_file', file: 'train.csv.dvc', line: 3, hint: /fix the YAML syntax/ },
  { args: ['data', 'log', 'missing.csv', '--json'], cwd: repo, exit: 1, code: 'data.not_tracked', file: 'missing.csv.dvc', line: null, hint: /ponte data add missing.csv/ },
  { args: ['data', 'hash', 'missing.csv', '--json'], cwd: repo, exit: 1, code: 'io.enoent', file: 'missing.csv', line: null, hint: /check that the path exists/ },
  { args: ['data', 'compare', 'train.csv', '--from', 'HEAD', '--json'], cwd: repo, exit: 1, code: 'data.unknown_rev', file: '.', line: null, hint: /name a commit/ },
  { args: ['data', 'watch', '--status', '--json'], cwd: frames, exit: 1, code: 'data.not_a_repo', file: '.', line: null, hint: /ponte data add/ },
  { args: ['data', 'frobnicate', '--json'], cwd: repo, exit: 2, code: 'usage.unknown_command', file: null, line: null, hint: /one of: add, status/ },
  { args: ['drift', '--reference', 'reference.csv', '--current', 'current.csv', '--json'], cwd: frames, exit: 1, code: 'drift.csv.unterminated_quote', file: 'current.csv', line: 3, hint: /close the quote/ },
  { args: ['drift', '--reference', 'reference.csv', '--json'], cwd: frames, exit: 2, code: 'usage.drift', file: null, line: null, hint: /ponte drift --help/ },
];

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

for (const c of cases) {
  test(`ponte ${c.args.join(' ')}: the error object on stdout, exit ${c.exit}`, async () => {
    const before = listing(c.cwd);
    const env = { ...process.env, PONTE_DEBUG: '', PONTE_BACKEND: '', PONTE_DB: '' };
    const r = spawnSync(process.execPath, [CLI, ...c.args], { cwd: c.cwd, encoding: 'utf8', env });
    assert.equal(r.status, c.exit, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1, `one line of JSON: ${r.stdout}`);
    const out = JSON.parse(r.stdout) as CliErrorOutput;
    assert.deepEqual(Object.keys(out), ['error']);
    assert.deepEqual(Object.keys(out.error), ['code', 'message', 'file', 'line', 'column', 'hint']);
    assert.equal(out.error.code, c.code);
    assert.equal(out.error.file === null ? null : resolve(c.cwd, out.error.file), c.file === null ? null : resolve(c.cwd, c.file));
    assert.equal(out.error.line, c.line);
    assert.match(out.error.hint ?? '', c.hint);
    // A person at the terminal still reads it on stderr; nobody reads a stack.
    assert.match(r.stderr, new RegExp(`^error\\[${c.code.replace(/\./g, '\\.')}\\]: `, 'm'));
    assert.doesNotMatch(`${r.stdout}${r.stderr}`, /\n\s+at .+:\d+:\d+\)?\n/);
    assert.deepEqual(listing(c.cwd), before, 'nothing written');

    // The editor's side: the same process through the bridge, shown as one line.
    const exit = await runCliProcess({ command: process.execPath, prefix: [CLI], env: { PONTE_BACKEND: '', PONTE_DB: '' } }, c.args, { cwd: c.cwd });
    let shown: PonteError | undefined;
    try {
      readCliJson(exit, `ponte ${c.args.join(' ')}`, c.cwd);
    } catch (e) {
      shown = e as PonteError;
    }
    assert.ok(shown instanceof PonteError, 'the bridge reads it as a PonteError');
    const text = describeError(shown, (f) => f.replace(`${c.cwd}/`, ''));
    assert.ok(text.endsWith(`[${c.code}]`), text);
    if (c.file && c.file !== '.') assert.ok(text.includes(`${c.file}${c.line ? `:${c.line}` : ''}`), text);
    assert.match(text, c.hint);
  });
}

test('without --json (or with it only after --, as a path) the error stays on stderr and stdout stays empty', () => {
  for (const args of [['status'], ['validate', '--', '--json']]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, PONTE_DEBUG: '' } });
    assert.equal(r.stdout, '', `ponte ${args.join(' ')}`);
    assert.match(r.stderr, /^error\[(yaml\.syntax|io\.enoent)\]: /m);
    assert.notEqual(r.status, 0);
  }
});
