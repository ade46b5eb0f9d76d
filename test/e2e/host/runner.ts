// A small test runner for the extension host, where node:test's own runner cannot report to
// the outer suite. Host test files call `test(name, fn)`; the harness (code-server) calls
// `runRegisteredTests()`, and @vscode/test-electron calls `run()`, which throws on a failure.
import type { HostResults, HostTestResult } from './results.js';

type TestFn = () => unknown;

export interface HostTestOptions {
  /** Fails the test when it runs longer; default 30 s. */
  timeoutMs?: number;
  /** Skips the test, saying why (e.g. "no Docker daemon"); reported as skipped outside. */
  skip?: string | false;
}

const registered: { name: string; fn: TestFn; options: HostTestOptions }[] = [];

/** Registers an in-host test. Tests run one at a time, in the order they were declared. */
export function test(name: string, fn: TestFn, options: HostTestOptions = {}): void {
  registered.push({ name, fn, options });
}

export async function runRegisteredTests(): Promise<HostResults> {
  const tests: HostTestResult[] = [];
  for (const t of registered) {
    if (t.options.skip) {
      tests.push({ name: t.name, ok: true, durationMs: 0, skipped: t.options.skip });
      continue;
    }
    const timeoutMs = t.options.timeoutMs ?? 30_000;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      // A hung API call must fail its test, not hold the whole suite until the outer timeout.
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([Promise.resolve().then(t.fn), timeout]);
      tests.push({ name: t.name, ok: true, durationMs: Date.now() - started });
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      tests.push({ name: t.name, ok: false, durationMs: Date.now() - started, error });
    } finally {
      clearTimeout(timer);
    }
  }
  const failed = tests.filter((t) => !t.ok).length;
  return { passed: tests.length - failed, failed, tests };
}

/** The entry @vscode/test-electron calls (`--extensionTestsPath`). */
export async function run(): Promise<void> {
  const results = await runRegisteredTests();
  for (const t of results.tests) {
    console.log(`${t.ok ? 'ok' : 'not ok'} - ${t.name}${t.skipped ? ` # SKIP ${t.skipped}` : ''}${t.error ? `\n${t.error}` : ''}`);
  }
  if (results.failed > 0) throw new Error(`${results.failed} of ${results.tests.length} in-host tests failed`);
}
