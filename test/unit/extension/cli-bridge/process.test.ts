// The bridge's reading of the CLI, on real processes (`node -e` standing in for the CLI): a
// result, the `{"error": ...}` object, output that is not JSON or cut short, and cancellation
// (SIGTERM, then SIGKILL for a process that ignores it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { PonteError } from '../../../../src/core/errors';
import { cliInvocation, readCliJson, runCliProcess, type CliExit, type CliInvocation } from '../../../../src/extension/cli-bridge/process';

/** A stand-in CLI: this Node running `script`. */
function fakeCli(script: string): CliInvocation {
  return { command: process.execPath, prefix: ['-e', script], env: {} };
}

function exit(stdout: string, code: number | null = 1, stderr = ''): CliExit {
  return { code, signal: code === null ? 'SIGKILL' : null, stdout, stderr, cancelled: false, durationMs: 1 };
}

function thrown(f: () => unknown): PonteError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PonteError, `a PonteError, not ${String(e)}`);
    return e;
  }
  assert.fail('nothing was thrown');
}

test('the bundled CLI runs on the editor runtime as plain Node, with the backend and python settings', () => {
  const inv = cliInvocation({ extensionPath: '/ext', backendUrl: 'http://127.0.0.1:7777', backendToken: 't', pythonPath: '/opt/venv/bin/python' });
  assert.equal(inv.command, process.execPath);
  assert.deepEqual(inv.prefix, [path.join('/ext', 'dist', 'cli.js')]);
  assert.equal(inv.env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(inv.env.PONTE_BACKEND, 'http://127.0.0.1:7777');
  assert.equal(inv.env.PONTE_TOKEN, 't');
  assert.ok(inv.env.PATH.startsWith(`/opt/venv/bin${path.delimiter}`));
  assert.deepEqual(cliInvocation({ extensionPath: '/ext', cliPath: '/usr/local/bin/ponte' }).prefix, []);
  assert.equal(cliInvocation({ extensionPath: '/ext' }).env.PONTE_BACKEND, undefined);
});

test('a result comes back typed, with the exit code that carries its verdict', () => {
  const r = readCliJson<{ passed: boolean }>(exit('{"passed": false}\n', 1), 'ponte gate', '/p');
  assert.deepEqual(r, { value: { passed: false }, exitCode: 1 });
});

test('the error object becomes the PonteError to show: code, message, file made absolute, line, column, hint', () => {
  const out = JSON.stringify({ error: { code: 'config.syntax', message: 'ponte.yaml is not valid YAML', file: 'ponte.yaml', line: 5, column: 1, hint: "run 'ponte validate'" } });
  const e = thrown(() => readCliJson(exit(out, 1, 'error[config.syntax]: ...\n'), 'ponte status', '/work/p'));
  assert.equal(e.code, 'config.syntax');
  assert.equal(e.message, 'ponte.yaml is not valid YAML');
  assert.equal(e.file, path.resolve('/work/p', 'ponte.yaml'));
  assert.equal(e.line, 5);
  assert.equal(e.column, 1);
  assert.equal(e.hint, "run 'ponte validate'");
  const bare = thrown(() => readCliJson(exit('{"error":{"code":"usage.drift","message":"--current FILE is required","file":null,"line":null,"column":null,"hint":null}}', 2), 'ponte drift', '/p'));
  assert.deepEqual([bare.code, bare.file, bare.line, bare.hint], ['usage.drift', undefined, undefined, undefined]);
});

test('a result that holds an error field among others is a result (a run whose stage failed)', () => {
  const run = { stages: [{ name: 'a', outcome: 'failed', error: { code: 'pipeline.stage_failed', message: 'x' } }], run_id: null, error: { code: 'metrics.syntax', message: 'y' } };
  assert.deepEqual(readCliJson(exit(JSON.stringify(run), 1), 'ponte run', '/p').value, run);
});

test('output that is not JSON names the command, how it ended and the end of its stderr; never a parse stack', () => {
  const e = thrown(() => readCliJson(exit('Pipeline is up to date.\n', 0, 'line 1\nline 2\nTypeError: boom\n'), 'ponte status', '/p'));
  assert.equal(e.code, 'cli.bad_output');
  assert.match(e.message, /^ponte status exited with code 0 and printed output that is not JSON/);
  assert.equal(e.hint, 'line 1 line 2 TypeError: boom');
  const none = thrown(() => readCliJson(exit('', null, ''), 'ponte test', '/p'));
  assert.equal(none.code, 'cli.no_output');
  assert.match(none.message, /ponte test was ended by SIGKILL without printing a result/);
});

test('a process that dies half-way through its JSON is bad output, not a result', async () => {
  const r = await runCliProcess(fakeCli('process.stdout.write(\'{"stages": [{"name": "a"\'); process.stderr.write("out of memory\\n"); process.exit(134)'), [], { cwd: process.cwd() });
  assert.equal(r.code, 134);
  assert.equal(r.stdout, '{"stages": [{"name": "a"');
  const e = thrown(() => readCliJson(r, 'ponte run', process.cwd()));
  assert.equal(e.code, 'cli.bad_output');
  assert.match(e.message, /exited with code 134/);
  assert.equal(e.hint, 'out of memory');
});

test('arguments reach the CLI as an array, spaces and quotes intact', async () => {
  const r = await runCliProcess(fakeCli('process.stdout.write(JSON.stringify(process.argv.slice(1)))'), ['data', 'compare', "my data/it's.csv", '--json'], { cwd: process.cwd() });
  assert.deepEqual(readCliJson<string[]>(r, 'ponte data compare', process.cwd()).value, ['data', 'compare', "my data/it's.csv", '--json']);
});

test('cancelling sends SIGTERM, which a CLI handles by stopping; the answer is the cancelled error', async () => {
  const abort = new AbortController();
  const script = 'process.on("SIGTERM", () => { process.stdout.write("{\\"stages\\": [], \\"run_id\\": null}"); process.exit(130) }); process.stderr.write("ready\\n"); setInterval(() => {}, 1000)';
  const r = await runCliProcess(fakeCli(script), [], { cwd: process.cwd(), signal: abort.signal, onStderr: (t) => t.includes('ready') && abort.abort() });
  assert.equal(r.cancelled, true);
  assert.equal(r.code, 130);
  assert.equal(thrown(() => readCliJson(r, 'ponte run', process.cwd())).code, 'cancelled');
});

test('a CLI that ignores SIGTERM is killed', async () => {
  const abort = new AbortController();
  const script = 'process.on("SIGTERM", () => process.stderr.write("ignoring SIGTERM\\n")); process.stderr.write("ready\\n"); setInterval(() => {}, 1000)';
  let stderr = '';
  const r = await runCliProcess(fakeCli(script), [], {
    cwd: process.cwd(), signal: abort.signal, killAfterMs: 200,
    onStderr: (t) => {
      stderr += t;
      if (t.includes('ready')) abort.abort();
    },
  });
  assert.equal(r.signal, 'SIGKILL');
  assert.equal(r.cancelled, true);
  assert.match(stderr, /ignoring SIGTERM/);
});

test('a CLI that cannot start is a clear error naming the program and the setting', async () => {
  await assert.rejects(runCliProcess({ command: '/nonexistent/ponte', prefix: [], env: {} }, ['status', '--json'], { cwd: process.cwd() }), (e: unknown) => {
    assert.ok(e instanceof PonteError);
    assert.equal(e.code, 'cli.spawn_failed');
    assert.match(e.message, /\/nonexistent\/ponte/);
    assert.match(e.hint ?? '', /ponte\.cliPath/);
    return true;
  });
});
