// How an error reads in an editor notification: message, place, hint; never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError } from '../../../src/core/errors';
import { describeError } from '../../../src/extension/error-message';

test('a PonteError reads as message (file:line:col). hint', () => {
  const e = new PonteError('spec.x', 'unknown stage', { file: 'dvc.yaml', line: 3, column: 5, hint: 'check the name' });
  assert.equal(describeError(e), 'unknown stage (dvc.yaml:3:5). check the name');
});

test('the place is not repeated when the message already names it', () => {
  assert.equal(describeError(new PonteError('x', 'cannot read a.yaml', { file: 'a.yaml' })), 'cannot read a.yaml');
});

test('anything else is one line without a stack', () => {
  const text = describeError(new TypeError('x is undefined'));
  assert.equal(text, 'Ponte: unexpected error: x is undefined');
  assert.doesNotMatch(text, /\n|at /);
  assert.equal(describeError('plain'), 'Ponte: unexpected error: plain');
});
