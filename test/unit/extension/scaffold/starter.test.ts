// "Create ponte.yaml": the starter names the project after the folder, points at an existing
// dvc.yaml, and the write never replaces a file that is already there nor leaves a temp file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { isPonteError } from '../../../../src/core/errors';
import { validateText } from '../../../../src/core/project';
import { starterPonteYaml, writeNewFile } from '../../../../src/extension/scaffold/starter';

test('the starter is YAML naming the project, with pipeline only when dvc.yaml exists', () => {
  const withDvc = parse(starterPonteYaml({ project: 'churn model', hasDvcYaml: true })) as unknown;
  assert.deepEqual(withDvc, { version: 1, project: 'churn-model', pipeline: 'dvc.yaml' });
  const without = parse(starterPonteYaml({ project: '###', hasDvcYaml: false })) as unknown;
  assert.deepEqual(without, { version: 1, project: 'my-project' });
});

test('the starter validates without a problem, with or without a pipeline', () => {
  for (const hasDvcYaml of [true, false]) {
    const text = starterPonteYaml({ project: 'churn', hasDvcYaml });
    const fs = { exists: (p: string) => p === 'dvc.yaml', read: (p: string) => (p === 'dvc.yaml' ? 'stages:\n  train:\n    cmd: echo hi\n' : undefined) };
    assert.deepEqual(validateText(text, { file: 'ponte.yaml', kind: 'ponte', fs }), [], text);
  }
});

test('uncommenting the example sections gives a file without errors', () => {
  const text = starterPonteYaml({ project: 'churn', hasDvcYaml: false })
    .split('\n')
    .map((l, i) => (i > 0 ? l.replace(/^# /, '') : l))
    .join('\n');
  const errors = validateText(text, { file: 'ponte.yaml', kind: 'ponte' }).filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], text);
});

test('writeNewFile creates the file and leaves no temporary file', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-starter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await writeNewFile(path.join(dir, 'ponte.yaml'), 'version: 1\n');
  assert.equal(readFileSync(path.join(dir, 'ponte.yaml'), 'utf8'), 'version: 1\n');
  assert.deepEqual(readdirSync(dir), ['ponte.yaml']);
});

test('writeNewFile never overwrites: a clear error, the old file untouched, no temp file', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-starter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'ponte.yaml');
  writeFileSync(file, 'mine: true\n');
  await assert.rejects(writeNewFile(file, 'version: 1\n'), (e) => isPonteError(e) && e.code === 'scaffold.exists' && e.file === file && !!e.hint);
  assert.equal(readFileSync(file, 'utf8'), 'mine: true\n');
  assert.deepEqual(readdirSync(dir), ['ponte.yaml']);
});

test('writeNewFile into a missing folder is a PonteError naming the file', async () => {
  const file = path.join(tmpdir(), 'ponte-no-such-dir-' + process.pid, 'ponte.yaml');
  await assert.rejects(writeNewFile(file, 'x'), (e) => isPonteError(e) && e.code === 'io.enoent' && e.file === file);
});
