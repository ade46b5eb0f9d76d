import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runDataChecks } from '../../../../src/core/testing/data-checks';

const root = path.join(__dirname, '../../../fixtures/testing');
/** Where a check is written in ponte.yaml: 1-based line, as results report it. */
const at = (line: number) => ({ start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } });

test('each column check is one test; violations are counted with the first offending line', async () => {
  const results = await runDataChecks({
    root, configFile: path.join(root, 'ponte.yaml'),
    datasets: [{
      name: 'customers', path: 'customers.csv', range: at(2),
      columns: [
        { name: 'age', type: 'integer', min: 18, max: 100, range: at(5) },
        { name: 'income', type: 'number', maxMissing: 0.1, range: at(6) },
        { name: 'plan', type: 'category', values: ['basic', 'pro'], range: at(7) },
        { name: 'tenure_months', type: 'integer', range: at(8) },
        { name: 'churned', type: 'integer', values: [0, 1], range: at(9) },
        { name: 'region', type: 'category', range: at(10) },
      ],
    }],
  });
  const by = Object.fromEntries(results.map((r) => [r.name, r]));
  assert.equal(by.age.status, 'failed');
  assert.equal(by.age.message, 'customers.csv: 1 of 6 values below min 18 (first on line 3: "17")');
  assert.equal(by.age.file, 'ponte.yaml');
  assert.equal(by.age.line, 5);
  assert.match(by.income.details!, /1 of 6 values not a number \(first on line 7: "abc"\)/);
  assert.match(by.income.details!, /1 of 6 values missing \(16.67%\), more than max_missing 0.1/);
  assert.match(by.plan.message!, /1 of 6 values not one of \[basic, pro\] \(first on line 6: "gold"\)/);
  assert.match(by.tenure_months.message!, /not an integer \(first on line 7: "2.5"\)/);
  assert.equal(by.churned.status, 'passed');
  assert.match(by.region.message!, /column "region" is missing/);
  assert.equal(results.every((r) => r.kind === 'data' && r.id.startsWith('data:customers/')), true);
});

test('a dataset that does not exist yet is one error test saying what to do', async () => {
  const [r] = await runDataChecks({ root, configFile: path.join(root, 'ponte.yaml'), datasets: [{ name: 'raw', path: 'nope.csv', range: at(3), columns: [{ name: 'a', range: at(4) }] }] });
  assert.equal(r.status, 'error');
  assert.match(r.message!, /does not exist yet: run the pipeline/);
});

// The CSV is read by drift's reader: a cell as written, lines as they are in the file.
function checkCsv(text: string, columns: Parameters<typeof runDataChecks>[0]['datasets'][0]['columns']) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-checks-'));
  writeFileSync(path.join(dir, 'd.csv'), text);
  return runDataChecks({ root: dir, configFile: path.join(dir, 'ponte.yaml'), datasets: [{ name: 'd', path: 'd.csv', range: at(2), columns }] })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('CSV: a BOM, quotes, doubled quotes, CRLF, a cell over two lines and a blank line; problems at their real line', async () => {
  const text = '\ufeffa,b\r\n"x,1",1\r\n"say ""hi""\nagain",2\r\n\r\nz,abc\r\n';
  const [a, b] = await checkCsv(text, [{ name: 'a', type: 'category', values: ['x,1', 'say "hi"\nagain', 'z'], range: at(3) }, { name: 'b', type: 'integer', range: at(4) }]);
  assert.equal(a.status, 'passed', a.message);
  assert.equal(b.message, 'd.csv: 1 of 3 values not an integer (first on line 6: "abc")');
});

test('CSV: an unclosed quote is one error test naming the file and the line', async () => {
  const [r] = await checkCsv('a,b\n1,2\n"open,3\n4,5\n', [{ name: 'a', range: at(3) }]);
  assert.equal(r.status, 'error');
  assert.match(r.message!, /d\.csv:3:1: a quoted field is never closed/);
});
