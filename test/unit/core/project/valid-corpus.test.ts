// The valid corpus: dvc.yaml files in the style of DVC's public example projects (foreach,
// matrix, ${}, params as keys and files, plots with templates) must give no error. Their deps
// are not checked in (no src/ next to them), so "dep.missing" warnings are the only ones allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findPipelineFiles, validateFile } from '../../../../src/core/project';

const dir = join('test', 'fixtures', 'project', 'valid');
const files = findPipelineFiles(dir);

test('the valid corpus covers several projects', () => {
  assert.ok(files.length >= 8, `${files.length} files`);
});

for (const f of files) {
  test(`${f.slice(dir.length + 1)} has no errors`, () => {
    const diagnostics = validateFile(f).filter((d) => d.code !== 'dep.missing');
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`),
      [],
    );
  });
}
