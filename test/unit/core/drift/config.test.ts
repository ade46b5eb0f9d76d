// ponte.yaml settings for drift, from the project model: monitor.drift and declared column types;
// a broken file stops drift with the same code and line as `ponte validate`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDriftSettings } from '../../../../src/core/drift/config';
import { PonteError } from '../../../../src/core/errors';
import { validateText } from '../../../../src/core/project';

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
deployments:
  production: { target: docker }
monitor:
  deployment: production
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

test('bad values stop drift with the diagnostic ponte validate reports: code, line and a hint', () => {
  const bad = (yaml: string, line: number, code: string) => {
    const dir = project(yaml);
    const first = validateText(yaml, { file: 'ponte.yaml', kind: 'ponte' }).find((d) => d.severity === 'error');
    assert.equal(first?.code, code, yaml);
    assert.equal(first.range.start.line + 1, line, yaml);
    assert.throws(
      () => readDriftSettings(dir),
      (e: unknown) => e instanceof PonteError && e.file === join(dir, 'ponte.yaml') && e.code === code && e.line === line && !!e.hint,
    );
  };
  const monitor = 'deployments:\n  p: { target: docker }\nmonitor:\n  deployment: p\n  drift:\n';
  bad(`${monitor}    method: magic\n`, 6, 'value.enum');
  bad(`${monitor}    share: 2\n`, 6, 'value.range');
  bad(`${monitor}    columns:\n      x: { threshold: -1 }\n`, 7, 'value.range');
  bad('datasets:\n  d:\n    path: a.csv\n    schema:\n      columns:\n        x: { type: blob }\n', 6, 'value.enum');
  bad('monitor: [\n', 1, 'yaml.syntax');
});

test('ztest, which the engine implements, is accepted in ponte.yaml', () => {
  const dir = project('deployments:\n  p: { target: docker }\nmonitor:\n  deployment: p\n  drift:\n    method: ztest\n');
  assert.equal(readDriftSettings(dir).config.method, 'ztest');
});
