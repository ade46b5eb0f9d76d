import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRuamelYaml } from '../../../../src/core/formats/ruamel-yaml';

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

// A `.dvc` file is ruamel's output for {outs: [{md5, size, hash, path}]}: the same oracle cases
// the .dvc writer meets (test/fixtures/data/dvc-yaml, made with ruamel.yaml) hold dvc.lock's
// writer to `0b101`, `1_000`, `2024-01-01`, `=` and `<<` being quoted, as DVC writes them.
test('writes every ruamel oracle case byte for byte', () => {
  const cases = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/data/dvc-yaml/expected.json'), 'utf8')) as { md5: string; path: string; text: string }[];
  const wrong = cases
    .map((c) => ({ c, text: formatRuamelYaml({ outs: [{ md5: c.md5, size: 1, hash: 'md5', path: c.path }] }) }))
    .filter(({ c, text }) => text !== c.text)
    .map(({ c, text }) => `${JSON.stringify(c.path)}: ${JSON.stringify(text)} != ${JSON.stringify(c.text)}`);
  assert.deepEqual(wrong, []);
  assert.ok(cases.length > 80);
});
