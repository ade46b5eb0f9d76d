import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseJUnitXml } from '../../../../src/core/testing/junit';
import { PonteError } from '../../../../src/core/errors';

const dir = path.join(__dirname, '../../../fixtures/testing');
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');

test('pytest xunit1: every test with file, line, duration; failures at the line they failed', () => {
  const results = parseJUnitXml(read('pytest-xunit1.xml'), 'junit.xml');
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  assert.equal(results.length, 6);
  assert.deepEqual(byName.test_passes, { id: 'tests/test_sample.py::test_passes', name: 'test_passes', suite: 'tests.test_sample', status: 'passed', durationS: 0, kind: 'code', file: 'tests/test_sample.py', line: 6 });
  assert.equal(byName.test_fails.status, 'failed');
  assert.equal(byName.test_fails.line, 12);
  assert.equal(byName.test_fails.message, 'AssertionError: x should be 3');
  assert.match(byName.test_fails.details!, /assert x == 3/);
  assert.equal(byName.test_skipped.status, 'skipped');
  // unittest through pytest: the class is part of the id, and the XML escapes are decoded.
  assert.equal(byName.test_broken.id, 'tests/test_sample.py::SampleCase::test_broken');
  assert.equal(byName.test_broken.line, 25);
  assert.equal(byName.test_broken.message, "AssertionError: 'a<b' != 'a&b'");
  assert.equal(byName.test_error.status, 'failed');
  assert.equal(byName.test_error.line, 28);
  assert.equal(byName.test_ok.status, 'passed');
});

test('pytest xunit2 (no file attribute): file guessed from the module, line from the traceback', () => {
  const results = parseJUnitXml(read('pytest-xunit2.xml'), 'junit.xml');
  const fails = results.find((r) => r.name === 'test_fails')!;
  assert.equal(fails.file, 'tests/test_sample.py');
  assert.equal(fails.line, 12);
  assert.equal(results.find((r) => r.name === 'test_broken')!.id, 'tests/test_sample.py::SampleCase::test_broken');
});

test('unittest-xml-reporting: 1-based def lines, errors apart from failures, CDATA tracebacks', () => {
  const results = parseJUnitXml(read('unittest-xmlrunner.xml'), 'junit.xml');
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  assert.deepEqual(results.map((r) => [r.id, r.status, r.line]), [
    ['tests/test_sample.py::SampleCase::test_ok', 'passed', 21],
    ['tests/test_sample.py::SampleCase::test_broken', 'failed', 25],
    ['tests/test_sample.py::SampleCase::test_error', 'error', 28],
  ]);
  assert.equal(byName.test_error.message, 'boom');
  assert.match(byName.test_broken.details!, /self\.assertEqual\("a<b", "a&b"\)/);
  assert.equal(byName.test_broken.durationS, 0.002);
});

test('nested testsuites: every testcase at any depth, in document order', () => {
  const results = parseJUnitXml(read('nested-testsuites.xml'), 'junit.xml');
  assert.deepEqual(results.map((r) => [r.id, r.status, r.durationS, r.line]), [
    ['tests/test_io.py::test_read', 'passed', 0.5, 4],
    ['tests/test_io.py::Writer::test_write', 'skipped', 0.25, 10],
    ['tests/test_cli.py::test_help', 'failed', 0.125, 4],
  ]);
});

const expectedLines: Record<string, number> = {
  'truncated.xml': 4, 'mismatched-close.xml': 3, 'unquoted-attribute.xml': 2, 'bare-ampersand.xml': 2, 'empty.xml': 1, 'not-junit.xml': 1, 'two-roots.xml': 2,
  'unknown-entity.xml': 3, 'text-after-root.xml': 4, 'unescaped-lt.xml': 3, 'multiline-tag-left-open.xml': 6,
};
// What each error says, where the wording carries more than the line.
const expectedMessages: Record<string, RegExp> = {
  'truncated.xml': /<testcase> opened on line 4 is never closed \(the report ends at line 5\)/,
  'mismatched-close.xml': /<\/testsuite> closes <testcase> opened on line 3/,
  'multiline-tag-left-open.xml': /<\/testsuites> closes <testcase> opened on line 2/,
  'two-roots.xml': /a second root element <testsuites> after <testsuites> \(line 1\)/,
  'empty.xml': /no root element/,
  'not-junit.xml': /root element is <html>/,
};
for (const f of readdirSync(path.join(dir, 'malformed'))) {
  test(`malformed report ${f} is a clear error at its line`, () => {
    assert.throws(() => parseJUnitXml(read(`malformed/${f}`), f), (e: unknown) => {
      assert.ok(e instanceof PonteError, String(e));
      assert.ok(e.code === 'junit.malformed' || e.code === 'junit.not_junit', e.code);
      assert.equal(e.file, f);
      assert.equal(e.line, expectedLines[f], e.message);
      if (expectedMessages[f]) assert.match(e.message, expectedMessages[f]);
      assert.ok(e.hint);
      return true;
    });
  });
}
