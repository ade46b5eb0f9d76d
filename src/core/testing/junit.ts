// JUnit XML reports (pytest's, unittest's when pytest runs it, and any tool's that writes the
// common shape) into TestResults: each test with its duration, and for a failure its message,
// traceback, and the file and line it failed at.
import { readFile } from 'node:fs/promises';
import { fromSystemError, PonteError } from '../errors';
import type { TestResult, TestStatus } from './results';
import { parseXml, type XmlElement } from './xml';

function* testcases(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    if (c.name === 'testcase') yield c;
    else yield* testcases(c);
  }
}

/** `tests.test_model.ModelTest` + `tests/test_model.py` → `ModelTest`; a module-level test → ''. */
function classPart(classname: string, file: string | undefined): { file?: string; cls: string } {
  if (file) {
    const module = file.replace(/\.py$/, '').split('/').join('.');
    if (classname === module) return { file, cls: '' };
    if (classname.startsWith(module + '.')) return { file, cls: classname.slice(module.length + 1) };
    return { file, cls: '' };
  }
  // Without a file attribute (xunit2): guess the module as the longest prefix starting `test`.
  const parts = classname.split('.');
  const cls = parts.length > 1 && /^[A-Z]/.test(parts[parts.length - 1]) ? parts.pop()! : '';
  return { file: parts.length ? `${parts.join('/')}.py` : undefined, cls };
}

/** The last `file:line:` in a traceback that names the test's file: where the test failed. */
export function failureLine(details: string, file: string | undefined): number | undefined {
  if (!file) return undefined;
  let found: number | undefined;
  const re = /^(.+?):(\d+):/gm;
  for (let m = re.exec(details); m; m = re.exec(details)) {
    if (m[1].trim() === file || m[1].trim().endsWith(`/${file}`)) found = Number(m[2]);
  }
  // Python's own traceback format: `File "tests/test_x.py", line 12, in test_y`.
  const py = /File "([^"]+)", line (\d+)/g;
  for (let m = py.exec(details); m; m = py.exec(details)) {
    if (m[1] === file || m[1].endsWith(`/${file}`)) found = Number(m[2]);
  }
  return found;
}

export function parseJUnitXml(text: string, file: string): TestResult[] {
  const root = parseXml(text, file);
  if (root.name !== 'testsuites' && root.name !== 'testsuite') {
    throw new PonteError('junit.not_junit', `not a JUnit report: the root element is <${root.name}>, not <testsuites> or <testsuite>`, {
      file, line: root.line, hint: 'point tests.junit in ponte.yaml at the file the test command writes with --junitxml',
    });
  }
  const results: TestResult[] = [];
  for (const tc of testcases(root)) {
    const name = tc.attributes.name ?? '(unnamed)';
    const classname = tc.attributes.classname ?? '';
    const where = classPart(classname, tc.attributes.file);
    const durationS = Number(tc.attributes.time ?? 0) || 0;
    const outcome = tc.children.find((c) => c.name === 'failure' || c.name === 'error' || c.name === 'skipped');
    let status: TestStatus = 'passed';
    if (outcome?.name === 'failure') status = 'failed';
    else if (outcome?.name === 'error') status = 'error';
    else if (outcome?.name === 'skipped') status = 'skipped';
    // pytest writes the 0-based line of the test's `def`; unittest-xml-reporting, which alone
    // stamps each testcase with a timestamp, the 1-based one.
    const zeroBased = tc.attributes.timestamp === undefined;
    const defLine = tc.attributes.line !== undefined && /^\d+$/.test(tc.attributes.line) ? Number(tc.attributes.line) + (zeroBased ? 1 : 0) : undefined;
    const details = outcome ? outcome.text.trim() : undefined;
    const message = outcome ? (outcome.attributes.message ?? details?.split('\n').find((l) => l.trim()) ?? '').trim() : undefined;
    const failedAt = details ? failureLine(details, where.file) : undefined;
    const id = where.file ? [where.file, where.cls, name].filter(Boolean).join('::') : `${classname}::${name}`;
    const r: TestResult = { id, name, suite: classname, status, durationS, kind: 'code' };
    if (where.file) r.file = where.file;
    const line = status === 'failed' || status === 'error' ? (failedAt ?? defLine) : defLine;
    if (line !== undefined) r.line = line;
    if (message) r.message = message.split('\n')[0];
    if (details) r.details = details;
    results.push(r);
  }
  return results;
}

export async function readJUnitFile(file: string): Promise<TestResult[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fromSystemError(e, file, 'read the JUnit report');
  }
  return parseJUnitXml(text, file);
}
