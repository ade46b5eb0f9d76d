// `.dvc` bytes against an oracle that writes them as DVC does, with ruamel.yaml
// (test/fixtures/data/dvc-yaml/make_expected.py): which paths stay plain, which are quoted and
// how, hashes that look like numbers, and long paths folded at 80 columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDvcFile, serializeDvcFile } from '../../../../src/core/data/index';

const CASES = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/data/dvc-yaml/expected.json'), 'utf8')) as { md5: string; path: string; text: string }[];

test('.dvc files are written byte for byte as DVC (ruamel.yaml) writes them, and read back', () => {
  const wrong: string[] = [];
  for (const c of CASES) {
    const text = serializeDvcFile([{ md5: c.md5, size: 1, hash: 'md5', path: c.path }]);
    if (text !== c.text) wrong.push(`${JSON.stringify(c.path)} ${c.md5}: ${JSON.stringify(text.split('\n').slice(1).join('|'))} != ${JSON.stringify(c.text.split('\n').slice(1).join('|'))}`);
    const back = parseDvcFile(c.text, 'x.dvc').outs[0];
    if (back.path !== c.path || back.md5 !== c.md5) wrong.push(`${JSON.stringify(c.path)}: DVC's text reads back as ${JSON.stringify(back.path)} ${back.md5}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(CASES.length > 80);
});
