// Which version `ponte deploy` and `ponte export kubernetes` take from their flags: the one rule
// both commands share (it was written twice, and the copies disagreed on `--model v2`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError } from '../../../../src/core/errors';
import { versionChoice } from '../../../../src/core/registry';

const usage = (pattern: RegExp) => (e: unknown) => e instanceof PonteError && e.code === 'usage.bad_arguments' && pattern.test(e.message) && !!e.hint;

test('--model N picks that version, whatever the deployment', () => {
  assert.deepEqual(versionChoice({ model: '3', deployment: 'production' }), { by: 'number', version: 3 });
  assert.deepEqual(versionChoice({ model: '12', deployment: 'eu-west' }), { by: 'number', version: 12 });
});

test('--alias A picks the version A points at', () => {
  assert.deepEqual(versionChoice({ alias: 'staging', deployment: 'production' }), { by: 'alias', alias: 'staging' });
});

test('without flags: the alias named like the deployment (production, staging), else the newest version', () => {
  assert.deepEqual(versionChoice({ deployment: 'production' }), { by: 'alias', alias: 'production' });
  assert.deepEqual(versionChoice({ deployment: 'staging' }), { by: 'alias', alias: 'staging' });
  assert.deepEqual(versionChoice({ deployment: 'canary' }), { by: 'newest' });
});

test('both flags, or a --model that is no version number, are bad usage naming the flag', () => {
  assert.throws(() => versionChoice({ model: '1', alias: 'production', deployment: 'production' }), usage(/not both/));
  for (const bad of ['abc', '0', '1.5', 'v2', '', ' 2', 'production']) {
    assert.throws(() => versionChoice({ model: bad, deployment: 'production' }), usage(/--model .*takes a version number/), bad);
  }
});
