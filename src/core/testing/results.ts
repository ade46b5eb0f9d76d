// One test's result, whatever produced it (pytest, unittest through pytest, a data check), in
// the shape every face shows: the CLI's table, `--json`, and VS Code's Testing view.

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestResult {
  /** Stable across runs: `tests/test_model.py::ModelTest::test_fit`, `data:train/age`. */
  id: string;
  name: string;
  /** The suite or class: `tests.test_model.ModelTest`, `data:train`. */
  suite: string;
  status: TestStatus;
  durationS: number;
  /** Where the test is (and, for a failure, where it failed when that is known). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** One line: the assertion or the reason. */
  message?: string;
  /** The full failure text (a traceback). */
  details?: string;
  kind: 'code' | 'data';
}

export interface TestSummary {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  total: number;
  durationS: number;
}

export function summarize(results: TestResult[]): TestSummary {
  const s: TestSummary = { passed: 0, failed: 0, errors: 0, skipped: 0, total: results.length, durationS: 0 };
  for (const r of results) {
    if (r.status === 'passed') s.passed++;
    else if (r.status === 'failed') s.failed++;
    else if (r.status === 'error') s.errors++;
    else s.skipped++;
    s.durationS += r.durationS;
  }
  return s;
}
