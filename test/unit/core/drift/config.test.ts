// ponte.yaml settings for drift: monitor.drift and declared column types, errors with line numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDriftSettings } from '../../../../src/core/drift/config';
import { PonteError } from '../../../../src/core/errors';

function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-config-'));
  writeFileSync(join(dir, 'ponte.yaml'), yaml);
  return dir;
}

test('monitor.drift and schema types are read', () => {
  const dir = project(`version: 1
datasets:
  reference:
    path: data/reference.csv
    schema:
      columns:
        zip: { type: category }
        age: { type: integer }
monitor:
  reference: reference
  drift:
    method: auto
    threshold: 0.1
    share: 0.4
    columns: { income: { method: psi, threshold: 0.2 } }
`);
  const s = readDriftSettings(dir);
  assert.deepEqual(s.config, { method: 'auto', threshold: 0.1, share: 0.4, columns: { income: { method: 'psi', threshold: 0.2 } } });
  assert.deepEqual(s.typesByFile.get(join(dir, 'data/reference.csv')), { zip: 'categorical', age: 'numeric' });
  assert.equal(s.referenceFile, join(dir, 'data/reference.csv'));
});

test('no ponte.yaml: defaults', () => {
  const s = readDriftSettings(mkdtempSync(join(tmpdir(), 'ponte-empty-')));
  assert.deepEqual(s.config, {});
});

test('bad values are errors with the line in ponte.yaml', () => {
  const bad = (yaml: string, line: number, pattern: RegExp) => {
    const dir = project(yaml);
    assert.throws(
      () => readDriftSettings(dir),
      (e: unknown) => e instanceof PonteError && e.file === join(dir, 'ponte.yaml') && e.line === line && pattern.test(e.message) && !!e.hint,
    );
  };
  bad('monitor:\n  drift:\n    method: magic\n', 3, /unknown method 'magic'/);
  bad('monitor:\n  drift:\n    share: 2\n', 3, /share must be a number between 0 and 1/);
  bad('monitor:\n  drift:\n    columns:\n      x: { threshold: -1 }\n', 4, /threshold/);
  bad('datasets:\n  d:\n    path: a.csv\n    schema:\n      columns:\n        x: { type: blob }\n', 6, /unknown type 'blob'/);
  bad('monitor: [\n', 2, /not valid YAML/);
});
