// Finding `ponte` commands in shell lines as CI files write them: behind operators, inside
// $(...) within double quotes, behind npx or VAR=value, and not where `ponte` is only a word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPonteInvocations } from '../../../../src/core/ci/shell-words';

const found = (line: string) => findPonteInvocations(line).map((i) => i.words.map((w) => w.text).join(' '));

test('a plain command and commands after operators', () => {
  assert.deepEqual(found('ponte run --force'), ['ponte run --force']);
  assert.deepEqual(found('cd app && ponte test; ponte gate || exit 1'), ['ponte test', 'ponte gate']);
  assert.deepEqual(found('if ponte gate --json > gate.json; then echo ok; fi'), ['ponte gate --json']);
});

test('inside $(...), also within double quotes, up to the pipe', () => {
  assert.deepEqual(found(`V="$(ponte model register --json | node -e 'x')"`), ['ponte model register --json']);
  assert.deepEqual(found('echo $(ponte exp list)'), ['ponte exp list']);
});

test('behind npx, a path, or environment assignments; quotes removed from arguments', () => {
  assert.deepEqual(found('npx --yes ponte validate'), ['ponte validate']);
  assert.deepEqual(found('PONTE_BACKEND=http://x ./node_modules/.bin/ponte run "train" --name \'my run\''), ['./node_modules/.bin/ponte run train --name my run']);
});

test('ponte as an argument, in a package name, a comment or a redirection target is no command', () => {
  assert.deepEqual(found('echo ponte run'), []);
  assert.deepEqual(found('npm install --global "ponte@$PONTE_VERSION"'), []);
  assert.deepEqual(found('true # ponte run'), []);
  assert.deepEqual(found('cat > ponte'), []);
});

test('2>&1 after a command is a redirection, not an argument; a $VAR argument is marked dynamic', () => {
  assert.deepEqual(found('ponte test 2>&1 | tee log'), ['ponte test']);
  const [inv] = findPonteInvocations('ponte model promote "$V" --to staging');
  assert.deepEqual(inv.words.map((w) => w.dynamic), [false, false, false, true, false, false]);
  assert.equal(inv.words[3].start, 20);
});

test('${{ expressions }} and ${VARS} are one dynamic word, spaces and braces included', () => {
  const [inv] = findPonteInvocations('ponte run ${{ matrix.stage }} --name "${RUN_NAME}-x"');
  assert.deepEqual(inv.words.map((w) => [w.text, w.dynamic]), [['ponte', false], ['run', false], ['${{ matrix.stage }}', true], ['--name', false], ['${RUN_NAME}-x', true]]);
});
