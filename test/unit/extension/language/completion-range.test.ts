// A ${} completion replaces all that was typed since `${`, dots included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolationStart } from '../../../../src/extension/language/completion-range';

test('inside an open ${ the range starts after it', () => {
  const line = '    cmd: python x.py --lr ${train.ma';
  assert.equal(interpolationStart(line, line.length), line.indexOf('${') + 2);
  assert.equal(interpolationStart('x: ${', 5), 5);
});

test('after a closed ${...} or with none, there is no interpolation range', () => {
  assert.equal(interpolationStart('cmd: ${a} and b', 15), undefined);
  assert.equal(interpolationStart('cmd: plain', 10), undefined);
});

test('the last ${ counts when there are several', () => {
  const line = 'cmd: ${a} ${b.c';
  assert.equal(interpolationStart(line, line.length), line.lastIndexOf('${') + 2);
});
