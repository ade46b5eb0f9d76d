import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { flattenWithDots, plainOf, pyEqual, PyFloat, pyFloatRepr, pyValueOfNode } from '../../../../src/core/formats/py-values';

test('pyFloatRepr matches Python repr (values checked against CPython 3.11)', () => {
  const cases: [number, string][] = [
    [0.1, '0.1'], [1, '1.0'], [1e-5, '1e-05'], [0.0001, '0.0001'], [0.00012345, '0.00012345'], [123.456, '123.456'],
    [1e16, '1e+16'], [1e15, '1000000000000000.0'], [123456789012345680000, '1.2345678901234568e+20'], [-0.5, '-0.5'],
    [1 / 3, '0.3333333333333333'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [0, '0.0'],
    [Infinity, '.inf'], [-Infinity, '-.inf'], [NaN, '.nan'],
  ];
  for (const [n, s] of cases) assert.equal(pyFloatRepr(n), s, String(n));
});

test('YAML floats stay floats when whole; ints stay ints', () => {
  const v = pyValueOfNode(parseDocument('a: 1.0\nb: 1\nc: 1e5\nd: 0.5\ne: [1.0, 2]\nf: yes\n').contents) as Record<string, unknown>;
  assert.ok(v.a instanceof PyFloat && v.a.value === 1);
  assert.equal(v.b, 1);
  assert.ok(v.c instanceof PyFloat && v.c.value === 100000);
  assert.equal(v.d, 0.5);
  assert.ok((v.e as unknown[])[0] instanceof PyFloat);
  assert.equal(v.f, 'yes');
});

test('pyEqual follows Python: 1 == 1.0, dicts by keys, lists in order', () => {
  assert.ok(pyEqual(1, new PyFloat(1)));
  assert.ok(pyEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: new PyFloat(1) }));
  assert.ok(!pyEqual([1, 2], [2, 1]));
  assert.ok(!pyEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!pyEqual('1', 1));
});

test('flattenWithDots and plainOf', () => {
  assert.deepEqual(flattenWithDots(plainOf({ train: { C: new PyFloat(1), opt: { lr: 0.1 } }, seed: 3 })), { 'train.C': 1, 'train.opt.lr': 0.1, seed: 3 });
});
