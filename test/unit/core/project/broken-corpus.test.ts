// The broken corpus: every file in test/fixtures/project/broken starts with `# expect: LINE CODE`
// and must get a diagnostic with that code on that (1-based) line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectKind, validateFile } from '../../../../src/core/project';

const dir = join('test', 'fixtures', 'project', 'broken');
const files = readdirSync(dir).filter((f) => detectKind(f)).sort();

test('the corpus holds at least 100 broken files of both kinds', () => {
  assert.ok(files.length >= 100, `${files.length} files`);
  assert.ok(files.filter((f) => detectKind(f) === 'dvc').length >= 40);
  assert.ok(files.filter((f) => detectKind(f) === 'ponte').length >= 40);
});

for (const f of files) {
  test(f, () => {
    const text = readFileSync(join(dir, f), 'utf8');
    const m = /^# expect: (\d+) ([a-z_.]+)/.exec(text);
    assert.ok(m, `${f} must start with "# expect: LINE CODE"`);
    const [line, code] = [Number(m[1]), m[2]];
    const diagnostics = validateFile(join(dir, f));
    const hit = diagnostics.find((d) => d.code === code && d.range.start.line + 1 === line);
    assert.ok(
      hit,
      `expected ${code} on line ${line}; got:\n${diagnostics.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).join('\n')}`,
    );
  });
}
