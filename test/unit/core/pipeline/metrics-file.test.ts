import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMetricsText } from '../../../../src/core/pipeline/metrics-file';
import { PonteError } from '../../../../src/core/errors';

test('metrics are flattened with dots; YAML works too', () => {
  assert.deepEqual(parseMetricsText('{"accuracy": 0.9, "test": {"f1": 0.8, "auc": 1}}', 'metrics.json'), { accuracy: 0.9, 'test.f1': 0.8, 'test.auc': 1 });
  assert.deepEqual(parseMetricsText('loss: 0.1\nper_class: [0.5, 0.7]\n', 'm.yaml'), { loss: 0.1, 'per_class.0': 0.5, 'per_class.1': 0.7 });
});

function fails(text: string, file: string, code: string, line: number, pattern: RegExp) {
  assert.throws(() => parseMetricsText(text, file), (e: unknown) => {
    assert.ok(e instanceof PonteError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.file, file);
    assert.equal(e.line, line);
    assert.match(e.message, pattern);
    assert.ok(e.hint);
    return true;
  });
}

test('NaN (as Python writes it) is named, at its line', () => {
  fails('{\n  "accuracy": 0.9,\n  "f1": NaN\n}', 'metrics.json', 'metrics.syntax', 3, /NaN/);
  fails('{"loss": -Infinity}', 'metrics.json', 'metrics.syntax', 1, /Infinity/);
  fails('loss: .nan\n', 'metrics.yaml', 'metrics.not_a_number', 1, /loss/);
});

test('a string value is named with its key and line', () => {
  fails('{\n  "accuracy": "high"\n}', 'metrics.json', 'metrics.not_a_number', 2, /"accuracy" is the string "high"/);
  fails('{"ok": true}', 'metrics.json', 'metrics.not_a_number', 1, /ok/);
});

test('broken JSON points at the place', () => {
  fails('{"accuracy": 0.9,\n "f1": }', 'metrics.json', 'metrics.syntax', 2, /not valid JSON/);
  fails('{"accuracy": 0.9', 'metrics.json', 'metrics.syntax', 1, /not valid JSON/);
  fails('[1, 2]', 'metrics.json', 'metrics.not_mapping', 1, /mapping/);
});
