import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRuamelYaml } from '../../../../src/core/pipeline/ruamel-yaml';

// Expected texts are ruamel.yaml 0.17's output for the same data (DVC's writer).
test('plain scalars fold at the first single space past column 80', () => {
  const cmd = '/usr/bin/python3 src/train.py data/train.csv models/model.pkl --with a very long argument list that goes past eighty columns for sure';
  assert.equal(formatRuamelYaml({ s: { cmd } }), `s:\n  cmd: /usr/bin/python3 src/train.py data/train.csv models/model.pkl --with a very\n    long argument list that goes past eighty columns for sure\n`);
});

test('a quote inside a string that needs quoting picks double quotes, folded with backslashes', () => {
  const f = "x #b 'c' d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk";
  assert.equal(formatRuamelYaml({ f }), `f: "x #b 'c' d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh\\\n  \\ ii jj kk"\n`);
  const g = 'x #b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo';
  assert.equal(formatRuamelYaml({ g }), `g: 'x #b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii\n  jj kk ll mm nn oo'\n`);
});

test('empty collections, nulls, nested lists', () => {
  assert.equal(formatRuamelYaml({ a: {}, b: [], c: null, d: [[1, 2], { x: 'y' }] }), 'a: {}\nb: []\nc:\nd:\n- - 1\n  - 2\n- x: y\n');
});
