import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { emptyLockFile, formatLockFile, parseLockFile } from '../../../../src/core/pipeline/lock-file';
import { PyFloat } from '../../../../src/core/formats/py-values';
import { PonteError } from '../../../../src/core/errors';

const dir = path.join(__dirname, '../../../fixtures/pipeline/locks');

for (const name of readdirSync(dir).filter((f) => f.endsWith('.lock'))) {
  test(`${name}: read then written back byte for byte`, () => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    assert.equal(formatLockFile(parseLockFile(text, name)), text);
  });
}

test('a lock built in code is written as DVC writes it: sorted entries, params.yaml first, keys sorted', () => {
  const lock = emptyLockFile();
  lock.stages.set('train', {
    cmd: 'python train.py',
    deps: [
      { path: 'src/train.py', md5: 'f09ea0c15980b43010257ccb9f0055e2', size: 10 },
      { path: 'data/train.csv', md5: '12345678901234567890123456789012', size: 3 },
    ],
    params: { 'other.yaml': { z: 1 }, 'params.yaml': { 'train.lr': 0.001, 'train.C': new PyFloat(1), 'train.name': 'rf' } },
    outs: [{ path: 'model', md5: '153aad06d376b6595932470e459ef42a.dir', size: 5, nfiles: 2 }],
  });
  assert.equal(
    formatLockFile(lock),
    `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
    - path: data/train.csv
      hash: md5
      md5: '12345678901234567890123456789012'
      size: 3
    - path: src/train.py
      hash: md5
      md5: f09ea0c15980b43010257ccb9f0055e2
      size: 10
    params:
      params.yaml:
        train.C: 1.0
        train.lr: 0.001
        train.name: rf
      other.yaml:
        z: 1
    outs:
    - path: model
      hash: md5
      md5: 153aad06d376b6595932470e459ef42a.dir
      size: 5
      nfiles: 2
`,
  );
});

test('legacy entries (no hash: md5) are recognised', () => {
  const lock = parseLockFile(readFileSync(path.join(dir, 'legacy.dvc.lock'), 'utf8'), 'dvc.lock');
  const prepare = lock.stages.get('prepare')!;
  assert.equal(prepare.deps[0].legacy, true);
  assert.equal(prepare.outs[0].nfiles, 2);
  assert.deepEqual(prepare.params['params.yaml']['prepare.split'], 0.2);
});

test('an empty file is an empty lock; a missing stages key too', () => {
  assert.equal(parseLockFile('', 'dvc.lock').stages.size, 0);
  assert.equal(parseLockFile("schema: '2.0'\n", 'dvc.lock').stages.size, 0);
});

const broken: [string, string, string, number][] = [
  ['bad YAML', "schema: '2.0'\nstages:\n  a: [\n", 'lock.syntax', 4],
  ['DVC 1 lock (no schema)', 'train:\n  cmd: x\n', 'lock.invalid', 1],
  ['stages not a mapping', "schema: '2.0'\nstages: [a]\n", 'lock.invalid', 2],
  ['deps not a list', "schema: '2.0'\nstages:\n  a:\n    cmd: x\n    deps: nope\n", 'lock.invalid', 5],
  ['entry without path', "schema: '2.0'\nstages:\n  a:\n    cmd: x\n    outs:\n    - md5: abc\n", 'lock.invalid', 6],
];
for (const [what, text, code, line] of broken) {
  test(`broken lock (${what}) is a PonteError at its line`, () => {
    assert.throws(() => parseLockFile(text, 'dvc.lock'), (e: unknown) => {
      assert.ok(e instanceof PonteError);
      assert.equal(e.code, code);
      assert.equal(e.file, 'dvc.lock');
      assert.equal(e.line, line);
      assert.ok(e.hint);
      return true;
    });
  });
}
