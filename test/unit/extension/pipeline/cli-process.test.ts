import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cliError, cliInvocation } from '../../../../src/extension/pipeline/cli-process';

test('the bundled CLI runs on the editor runtime as plain Node, with the backend and python settings', () => {
  const inv = cliInvocation({ extensionPath: '/ext', backendUrl: 'http://127.0.0.1:7777', backendToken: 't', pythonPath: '/opt/venv/bin/python' });
  assert.equal(inv.command, process.execPath);
  assert.deepEqual(inv.prefix, [path.join('/ext', 'dist', 'cli.js')]);
  assert.equal(inv.env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(inv.env.PONTE_BACKEND, 'http://127.0.0.1:7777');
  assert.equal(inv.env.PONTE_TOKEN, 't');
  assert.ok(inv.env.PATH.startsWith(`/opt/venv/bin${path.delimiter}`));
  assert.deepEqual(cliInvocation({ extensionPath: '/ext', cliPath: '/usr/local/bin/ponte' }).prefix, []);
});

test('the CLI\'s printed error becomes the PonteError to show', () => {
  const e = cliError({ code: 1, stdout: '', stderr: 'x\nerror[pipeline.stage_failed]: dvc.yaml:3: stage "a" failed\n  hint: see the log\n' }, 'ponte run');
  assert.equal(e.code, 'pipeline.stage_failed');
  assert.equal(e.message, 'dvc.yaml:3: stage "a" failed');
  assert.equal(e.hint, 'see the log');
  assert.equal(cliError({ code: 3, stdout: '', stderr: '' }, 'ponte run').code, 'cli.failed');
});
