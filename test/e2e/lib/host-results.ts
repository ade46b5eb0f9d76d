// Waits for the results file the harness writes once the in-host tests have run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import type { HostResults } from '../host/results.js';

export async function waitForHostResults(file: string, timeoutMs = 120_000): Promise<HostResults> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // The harness renames a complete file into place, so existence means it is whole.
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as HostResults;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no in-host results at ${file} after ${timeoutMs / 1000} s (did the harness extension activate?)`);
}

/** Reports each in-host test as a node:test subtest, so a failure names the check and its error. */
export async function reportHostResults(t: TestContext, results: HostResults): Promise<void> {
  assert.ok(results.tests.length > 0, 'the harness ran no tests');
  for (const r of results.tests) {
    await t.test(r.name, () => {
      if (!r.ok) throw new Error(r.error ?? 'failed');
    });
  }
}
