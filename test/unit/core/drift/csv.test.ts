// The byte-level CSV reader: quoting, line endings, BOM, missing values, number parsing, type
// inference and overrides, and every malformed input it must reject with file, line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferCsvKinds, parseNumberBytes } from '../../../../src/core/drift/csv';
import { loadTable } from '../../../../src/core/drift/load';
import type { CategoricalColumn, NumericColumn } from '../../../../src/core/drift/columns';
import { PonteError } from '../../../../src/core/errors';

const dir = mkdtempSync(join(tmpdir(), 'ponte-csv-'));
let n = 0;
function file(content: string | Buffer, ext = '.csv'): string {
  const p = join(dir, `f${n++}${ext}`);
  writeFileSync(p, content);
  return p;
}

function num(t: { columns: unknown[] }, i: number): NumericColumn {
  return t.columns[i] as NumericColumn;
}
function cat(t: { columns: unknown[] }, i: number): CategoricalColumn {
  return t.columns[i] as CategoricalColumn;
}
function decoded(c: CategoricalColumn): string[] {
  return Array.from(c.codes, (k) => c.dictionary[k]);
}

async function rejects(p: string, code: string, line?: number, column?: number, options = {}): Promise<PonteError> {
  try {
    await loadTable(p, options);
  } catch (e) {
    assert.ok(e instanceof PonteError, `expected a PonteError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.file, p);
    if (line !== undefined) assert.equal(e.line, line, `line of ${e.message}`);
    if (column !== undefined) assert.equal(e.column, column, `column of ${e.message}`);
    assert.ok(e.hint, 'every error carries a hint');
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('numbers parse from bytes exactly as Number() does', () => {
  const cases = [
    '0', '-0', '1', '-1.5', '+2.25', '0.1', '1e5', '1E-5', '-3.4e+10', '123456789012345', '1234567890123456789',
    '0.000001', '.5', '5.', '1.7976931348623157e308', '5e-324', '2.2250738585072014e-308', '0.30000000000000004',
    '  42  ', '1e400', '9007199254740993', '-0.000000', '123.456789', '1e22', '1e23', '4.35', '0.1e-22',
  ];
  for (const s of cases) {
    const b = Buffer.from(s);
    assert.ok(Object.is(parseNumberBytes(b, 0, b.length), Number(s)), `${s}: ${parseNumberBytes(b, 0, b.length)} vs ${Number(s)}`);
  }
  for (const s of ['', 'abc', '1.2.3', '1e', '--1', '0x10', '1,5', 'e5', '.', '-', '12a']) {
    const b = Buffer.from(s);
    assert.ok(Number.isNaN(parseNumberBytes(b, 0, b.length)), s);
  }
  assert.equal(parseNumberBytes(Buffer.from('inf'), 0, 3), Infinity);
  assert.equal(parseNumberBytes(Buffer.from('-Infinity'), 0, 9), -Infinity);
});

test('random decimals round-trip through the byte parser', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 20000; i++) {
    const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 20 - 10);
    for (const s of [v.toFixed(6), v.toExponential(8), String(v)]) {
      const b = Buffer.from(s);
      assert.equal(parseNumberBytes(b, 0, b.length), Number(s), s);
    }
  }
});

test('quotes, escaped quotes, CRLF, BOM, blank lines and NA read right', async () => {
  const p = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x,"name",y\r\n1,"a, b",2.5\r\n\r\n3,"say ""hi""",NA\r\n"4","multi\nline",1e3\n5,,\n')]));
  const t = await loadTable(p);
  assert.equal(t.rows, 4);
  assert.deepEqual(t.columns.map((c) => [c.name, c.kind]), [['x', 'numeric'], ['name', 'categorical'], ['y', 'numeric']]);
  assert.deepEqual(Array.from(num(t, 0).values), [1, 3, 4, 5]);
  assert.deepEqual(decoded(cat(t, 1)), ['a, b', 'say "hi"', 'multi\nline']);
  assert.equal(cat(t, 1).missing, 1);
  assert.deepEqual(Array.from(num(t, 2).values), [2.5, 1000]);
  assert.equal(num(t, 2).missing, 2);
});

test('missing-value tokens and non-finite numbers count as missing', async () => {
  const t = await loadTable(file('a,b\n1,x\nNaN,NA\nnull,\ninf,N/A\n-inf,y\n2,None\n'));
  assert.deepEqual(Array.from(num(t, 0).values), [1, 2]);
  assert.equal(num(t, 0).missing, 4);
  assert.deepEqual(decoded(cat(t, 1)), ['x', 'y']);
  assert.equal(cat(t, 1).missing, 4);
});

test('the last line may lack a newline; a file with only CR line ends reads too', async () => {
  const a = await loadTable(file('a\n1\n2'));
  assert.deepEqual(Array.from(num(a, 0).values), [1, 2]);
  const b = await loadTable(file('a,b\r1,2\r3,4\r'));
  assert.deepEqual(Array.from(num(b, 1).values), [2, 4]);
});

test('records that straddle read chunks are parsed whole', async () => {
  const rows = ['id,label,value'];
  for (let i = 0; i < 3000; i++) rows.push(`${i},"lab""el ${i % 7}",${(i * 0.001).toFixed(3)}`);
  const t = await loadTable(file(rows.join('\n') + '\n'), { chunkBytes: 1024 });
  assert.equal(t.rows, 3000);
  assert.equal(num(t, 0).values[2999], 2999);
  assert.equal(cat(t, 1).dictionary.length, 7);
  assert.equal(cat(t, 1).dictionary[0], 'lab"el 0');
  assert.equal(num(t, 2).values[1234], 1.234);
});

test('kinds: inferred from the first rows, overridden per column, and reused for the other side', async () => {
  const p = file('zip,score,flag\n01234,1.5,0\n99999,2,1\n');
  const t = await loadTable(p, { types: { zip: 'categorical' } });
  assert.equal(t.columns[0].kind, 'categorical');
  assert.deepEqual(decoded(cat(t, 0)), ['01234', '99999']);
  assert.equal(t.columns[1].kind, 'numeric');
  assert.deepEqual(inferCsvKinds(p).types, { zip: 'numeric', score: 'numeric', flag: 'numeric' });
  const only = await loadTable(p, { columns: ['score'] });
  assert.deepEqual(only.columns.map((c) => c.name), ['score']);
});

test('a column empty in the sample is decided by its first value', async () => {
  const rows = ['a,b'];
  for (let i = 0; i < 5; i++) rows.push(`${i},`);
  rows.push('9,hello');
  const t = await loadTable(file(rows.join('\n')), { sampleRows: 3 });
  assert.equal(t.columns[1].kind, 'categorical');
  assert.equal(cat(t, 1).missing, 5);
});

test('ragged rows are reported with line and column', async () => {
  await rejects(file('a,b\n1,2\n3,4,5\n'), 'drift.csv.ragged_row', 3, 5);
  await rejects(file('a,b,c\n1,2,3\n4,5\n'), 'drift.csv.ragged_row', 3, 4);
  // the line count includes newlines inside quoted fields
  await rejects(file('a,b\n"x\ny",2\n1\n'), 'drift.csv.ragged_row', 4);
});

test('text in a numeric column is reported where it is, with the override as hint', async () => {
  const rows = ['id,value'];
  for (let i = 0; i < 1500; i++) rows.push(`${i},${i / 10}`);
  rows.push('1500,oops');
  const e = await rejects(file(rows.join('\n')), 'drift.csv.not_a_number', 1502, 6);
  assert.match(e.message, /'value'.*'oops'/);
  assert.match(e.hint!, /--type value=category/);
  await rejects(file('a\nhello\n'), 'drift.csv.not_a_number', 2, 1, { types: { a: 'numeric' } });
});

test('empty file, header only, and missing columns are errors', async () => {
  await rejects(file(''), 'drift.csv.empty', 1, 1);
  await rejects(file('\n\n'), 'drift.csv.empty', 1, 1);
  await rejects(file('a,b\n'), 'drift.csv.no_rows', 2);
  await rejects(file('a,b\n1,2\n'), 'drift.columns.missing', 1, 1, { columns: ['c'] });
  await rejects(file('a,a\n1,2\n'), 'drift.csv.duplicate_column', 1, 3);
});

test('a line longer than the limit stops the read without loading it', async () => {
  const big = Buffer.alloc(3 * 1024 * 1024, 0x31);
  const p = file(Buffer.concat([Buffer.from('a\n1\n'), big, Buffer.from('\n2\n')]));
  await rejects(p, 'drift.csv.line_too_long', 3, 1, { maxLineBytes: 1024 * 1024 });
  // an unterminated quote that runs to the limit is the same error, not an endless read
  await rejects(file(Buffer.concat([Buffer.from('a\n"'), big])), 'drift.csv.line_too_long', 2, 1, { maxLineBytes: 1024 * 1024 });
});

test('quote errors are reported', async () => {
  await rejects(file('a,b\n"x"y,1\n'), 'drift.csv.bad_quote', 2, 4);
  await rejects(file('a\n"never closed\n'), 'drift.csv.unterminated_quote', 2);
});

test('a missing file is an io error naming it', async () => {
  const p = join(dir, 'absent.csv');
  await rejects(p, 'io.enoent');
});

test('the one-pass path for plain lines gives what the generic record path gives', async () => {
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const cells = (i: number) => [
    (rand() * 2000 - 1000).toFixed(6),
    rand() < 0.05 ? '' : (rand() * 1e-3).toExponential(4),
    ['red', 'green', 'blue'][i % 3],
    rand() < 0.02 ? 'NA' : String(Math.floor(rand() * 10)),
    rand() < 0.01 ? ' 12.5 ' : '-0.000000',
    rand() < 0.01 ? '"quoted, 1"' : 'plain',
    rand() < 0.005 ? '123456789012345678' : '1e-7',
  ];
  const rows = Array.from({ length: 5000 }, (_, i) => cells(i).join(','));
  const header = 'a,b,c,d,e,f,g';
  const lf = await loadTable(file(`${header}\n${rows.join('\n')}\n`), { chunkBytes: 4096 });
  const crlf = await loadTable(file(`${header}\r\n${rows.join('\r\n')}\r\n`), { chunkBytes: 4096 });
  const cr = await loadTable(file(`${header}\r${rows.join('\r')}\r`), { chunkBytes: 4096 }); // CR-only: generic path throughout
  for (const t of [crlf, cr]) {
    assert.equal(t.rows, lf.rows);
    t.columns.forEach((c, i) => {
      const o = lf.columns[i];
      assert.equal(c.kind, o.kind, c.name);
      assert.equal(c.missing, o.missing, c.name);
      if (c.kind === 'numeric') assert.deepEqual(Array.from(c.values), Array.from((o as NumericColumn).values), c.name);
      else assert.deepEqual(decoded(c), decoded(o as CategoricalColumn), c.name);
    });
  }
  assert.equal(num(lf, 1).missing, rows.filter((r) => r.split(',')[1] === '').length);
});
