import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGateRule, thresholdOf, compare } from '../../../../src/core/gates/expression';

test('absolute rules parse', () => {
  assert.deepEqual(parseGateRule('>= 0.85'), { ok: true, rule: { op: '>=', base: 'absolute', value: 0.85 } });
  assert.deepEqual(parseGateRule('<200'), { ok: true, rule: { op: '<', base: 'absolute', value: 200 } });
  assert.deepEqual(parseGateRule('== 1e-3'), { ok: true, rule: { op: '==', base: 'absolute', value: 0.001 } });
});

test('relative rules parse and resolve against production', () => {
  const r = parseGateRule('>= production - 0.02');
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(thresholdOf(r.rule, 0.9)?.toFixed(2), '0.88');
    assert.equal(thresholdOf(r.rule, undefined), undefined);
  }
  const plain = parseGateRule('> production');
  assert.ok(plain.ok && thresholdOf(plain.rule, 0.5) === 0.5);
});

test('broken rules say where and why', () => {
  for (const [text, offset] of [['0.85', 0], ['>= ', 3], ['>= abc', 3], ['>= production - x', 16], ['=> 1', 0]] as const) {
    const r = parseGateRule(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.equal(r.offset, offset, text);
  }
});

test('a number too large to be finite (1e999 reads as Infinity) is refused where it is written', () => {
  for (const [text, offset] of [['>= 1e999', 3], ['< -1e400', 2], ['>= production * 1e999', 16]] as const) {
    const r = parseGateRule(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) {
      assert.equal(r.offset, offset, text);
      assert.match(r.message, /finite number/, text);
    }
  }
  assert.ok(parseGateRule('<= 1e308').ok, 'the largest finite ones still parse');
});

test('compare covers every comparator', () => {
  assert.ok(compare(1, '>=', 1) && compare(2, '>', 1) && compare(1, '<=', 1) && compare(0, '<', 1) && compare(1, '==', 1) && compare(1, '!=', 2));
  assert.ok(!compare(0.8, '>=', 0.85));
});
