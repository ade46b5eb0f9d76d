// JSON lines and Parquet land in the same typed columns as CSV; broken files are clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTable, tableFromRecords } from '../../../../src/core/drift/load';
import { compareTables } from '../../../../src/core/drift/report';
import type { CategoricalColumn, NumericColumn } from '../../../../src/core/drift/columns';
import { PonteError } from '../../../../src/core/errors';

const dir = mkdtempSync(join(tmpdir(), 'ponte-load-'));
const fixtures = join(__dirname, '../../../fixtures/drift');

async function rejects(p: string, code: string, line?: number): Promise<void> {
  await assert.rejects(loadTable(p), (e: unknown) => e instanceof PonteError && e.code === code && e.file === p && (line === undefined || e.line === line) && !!e.hint);
}

test('JSON lines: numbers, strings, nulls and absent keys', async () => {
  const p = join(dir, 'a.jsonl');
  writeFileSync(p, '{"x": 1.5, "c": "a"}\n\n{"x": null, "c": "b"}\n{"c": "NA"}\n{"x": "2", "c": "a"}\n');
  const t = await loadTable(p);
  assert.equal(t.rows, 4);
  const x = t.columns[0] as NumericColumn;
  assert.deepEqual(Array.from(x.values), [1.5, 2]);
  assert.equal(x.missing, 2);
  const c = t.columns[1] as CategoricalColumn;
  assert.deepEqual(Array.from(c.codes, (k) => c.dictionary[k]), ['a', 'b', 'a']);
  assert.equal(c.missing, 1);
});

test('JSON lines: bad JSON, non-objects, text in numbers and empty files name the line', async () => {
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  await rejects(write('b.jsonl', '{"x": 1}\n{"x": \n'), 'drift.jsonl.bad_json', 2);
  await rejects(write('c.jsonl', '{"x": 1}\n[1]\n'), 'drift.jsonl.not_an_object', 2);
  await rejects(write('d.jsonl', '{"x": 1}\n{"x": "many"}\n'), 'drift.jsonl.not_a_number', 2);
  await rejects(write('e.jsonl', '\n'), 'drift.jsonl.empty', 1);
});

test('Parquet: columns read through hyparquet (pandas test file simple.parquet)', async () => {
  const t = await loadTable(join(fixtures, 'simple.parquet'));
  assert.equal(t.rows, 3);
  assert.deepEqual(Array.from((t.columns[0] as NumericColumn).values), [1, 2, 3]);
  const b = t.columns[1] as CategoricalColumn;
  assert.deepEqual(b.dictionary, ['foo']);
});

test('unreadable Parquet is a clear error, not a crash', async () => {
  const garbage = join(dir, 'bad.parquet');
  writeFileSync(garbage, 'PAR1 this is not parquet at all');
  await rejects(garbage, 'drift.parquet.unreadable');
  const truncated = join(dir, 'truncated.parquet');
  const whole = readFileSync(join(fixtures, 'simple.parquet'));
  writeFileSync(truncated, whole.subarray(0, whole.length - 40));
  await rejects(truncated, 'drift.parquet.unreadable');
});

test('in-memory records (a monitoring window) make a table the comparison takes', () => {
  const window = Array.from({ length: 200 }, (_, i) => ({ age: 30 + (i % 40), plan: i % 4 ? 'basic' : 'pro', income: i % 10 ? 1000 + i : null }));
  const shifted = window.map((r) => ({ ...r, age: r.age + 25 }));
  const a = tableFromRecords('reference window', window);
  const b = tableFromRecords('current window', shifted);
  assert.equal((a.columns[2] as NumericColumn).missing, 20);
  const report = compareTables(a, b);
  assert.equal(report.columns.find((c) => c.column === 'age')!.drifted, true);
  assert.equal(report.columns.find((c) => c.column === 'plan')!.drifted, false);
  assert.throws(() => tableFromRecords('empty window', []), (e: unknown) => e instanceof PonteError && e.code === 'drift.records.empty');
});

test('Parquet with several row groups, nulls, integers and strings (written by hyparquet-writer)', async () => {
  const { parquetWriteFile } = await import('hyparquet-writer');
  const p = join(dir, 'groups.parquet');
  const n = 5500;
  const x = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : i / 4));
  const c = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : ['red', 'green', 'blue'][i % 3]));
  const k = Array.from({ length: n }, (_, i) => i % 50);
  parquetWriteFile({
    filename: p,
    columnData: [
      { name: 'x', data: x, type: 'DOUBLE' },
      { name: 'c', data: c, type: 'STRING' },
      { name: 'k', data: k, type: 'INT32' },
    ],
    rowGroupSize: 1000,
  });
  const t = await loadTable(p);
  assert.equal(t.rows, n);
  const xs = t.columns[0] as NumericColumn;
  assert.deepEqual(Array.from(xs.values), x.filter((v): v is number => v !== null));
  assert.equal(xs.missing, x.filter((v) => v === null).length);
  const cs = t.columns[1] as CategoricalColumn;
  assert.deepEqual(Array.from(cs.codes, (code) => cs.dictionary[code]), c.filter((v) => v !== null));
  assert.equal(cs.missing, c.filter((v) => v === null).length);
  assert.deepEqual(Array.from((t.columns[2] as NumericColumn).values), k);
});

test('a JSON-lines current side is read with the kinds the reference decided', async () => {
  const p = join(dir, 'kinds.jsonl');
  writeFileSync(p, '{"zip": 1234, "n": "5"}\n{"zip": 99, "n": "6"}\n');
  const t = await loadTable(p, { referenceKinds: { zip: 'categorical', n: 'numeric' } });
  assert.equal(t.columns[0].kind, 'categorical');
  assert.deepEqual(t.columns[0].dictionary, ['1234', '99']);
  assert.deepEqual(Array.from((t.columns[1] as NumericColumn).values), [5, 6]);
});
