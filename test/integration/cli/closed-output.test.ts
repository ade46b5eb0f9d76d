// A closed stdout ends every command quietly: `ponte validate FILE | head -1` on a file with
// 20,000 problems printed an EPIPE stack trace. Run through a real shell pipe and the built CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('dist', 'cli.js');
let dir: string;

before(() => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run npm run build first');
  dir = mkdtempSync(join(tmpdir(), 'ponte-closed-output-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** `node cli.js ARGS... 2>ERR | head -1` in `dir`; the paths reach sh as arguments, never as code. */
function throughHead(...args: string[]) {
  const err = join(dir, 'stderr.txt');
  const r = spawnSync('sh', ['-c', 'node "$@" 2>"$ERR" | head -1', 'sh', CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ERR: err },
  });
  return { stdout: r.stdout, status: r.status, stderr: readFileSync(err, 'utf8') };
}

test('ponte validate FILE | head -1 on 20,000 problems: one line, nothing on stderr but the summary', () => {
  const lines = Array.from({ length: 20_000 }, (_, i) => `projet${i}: x\n`).join('');
  writeFileSync(join(dir, 'ponte.yaml'), `version: 1\n${lines}`);
  const r = throughHead('validate', 'ponte.yaml');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^ponte\.yaml:2:1: error key\.unknown unknown key "projet0"/);
  assert.doesNotMatch(r.stderr, /EPIPE|Error|at .*\.js:\d+/);
});

test('--json and --help through a closed pipe end quietly too', () => {
  for (const args of [['validate', 'ponte.yaml', '--json'], ['--help'], ['validate', '--help']]) {
    const r = throughHead(...args);
    assert.equal(r.status, 0, args.join(' '));
    assert.doesNotMatch(r.stderr, /EPIPE|Error|at .*\.js:\d+/, args.join(' '));
  }
});

test('the writer exits 141, as a process that SIGPIPE ended', () => {
  const r = spawnSync('bash', ['-c', 'node "$@" 2>/dev/null | head -1 >/dev/null; echo "${PIPESTATUS[0]}"', 'bash', CLI, 'validate', 'ponte.yaml'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stdout.trim(), '141');
});
