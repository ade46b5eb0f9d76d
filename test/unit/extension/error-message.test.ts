// How an error reads in an editor notification: message, place, hint and code; never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError } from '../../../src/core/errors';
import { describeError } from '../../../src/extension/error-message';

test('a PonteError reads as message (file:line:col). hint [code]', () => {
  const e = new PonteError('spec.x', 'unknown stage', { file: 'dvc.yaml', line: 3, column: 5, hint: 'check the name' });
  assert.equal(describeError(e), 'unknown stage (dvc.yaml:3:5). check the name [spec.x]');
});

test('the file is shown as the editor shortens it (workspace-relative)', () => {
  const e = new PonteError('config.syntax', 'ponte.yaml is not valid YAML', { file: '/work/p/ponte.yaml', line: 5, hint: "run 'ponte validate'" });
  assert.equal(describeError(e, (f) => f.replace('/work/p/', '')), "ponte.yaml is not valid YAML (ponte.yaml:5). run 'ponte validate' [config.syntax]");
});

test('the place is not repeated when the message already names it', () => {
  assert.equal(describeError(new PonteError('x', 'cannot read a.yaml', { file: 'a.yaml' })), 'cannot read a.yaml [x]');
});

test('anything else is one line without a stack', () => {
  const text = describeError(new TypeError('x is undefined'));
  assert.equal(text, 'Ponte: unexpected error: x is undefined');
  assert.doesNotMatch(text, /\n|at /);
  assert.equal(describeError('plain'), 'Ponte: unexpected error: plain');
});
