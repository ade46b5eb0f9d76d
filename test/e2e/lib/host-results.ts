// Waits for the results file the harness writes once the in-host tests have run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import type { HostResults } from '../host/results.js';
import { eventually } from './wait.js';

export async function waitForHostResults(file: string, timeoutMs = 120_000): Promise<HostResults> {
  // The harness renames a complete file into place, so existence means it is whole.
  await eventually(`in-host results at ${file} (did the harness extension activate?)`, () => existsSync(file), timeoutMs);
  return JSON.parse(readFileSync(file, 'utf8')) as HostResults;
}

// Names of the subtests that stand for in-host checks: nothing on screen to photograph.
const hostCheckNames = new Set<string>();

export function isHostCheck(testName: string): boolean {
  return hostCheckNames.has(testName);
}

/** Reports each in-host test as a node:test subtest, so a failure names the check and its error. */
export async function reportHostResults(t: TestContext, results: HostResults): Promise<void> {
  assert.ok(results.tests.length > 0, 'the harness ran no tests');
  for (const r of results.tests) {
    hostCheckNames.add(r.name);
    await t.test(r.name, (st) => {
      if (r.skipped) return st.skip(r.skipped);
      // The subtest only reports; the check itself ran in the extension host, taking this long.
      st.diagnostic(`${r.durationMs} ms in the extension host`);
      if (!r.ok) throw new Error(r.error ?? 'failed');
    });
  }
}
