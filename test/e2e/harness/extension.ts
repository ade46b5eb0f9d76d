// The e2e test harness: a tiny extension, installed next to Ponte in code-server and never
// shipped. code-server cannot load tests itself, so this runs the bundle named by
// PONTE_E2E_TESTS in the extension host and writes its results to PONTE_E2E_RESULTS.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as vscode from 'vscode';
import type { HostResults } from '../host/results.js';

interface HostTestBundle {
  runRegisteredTests(): Promise<HostResults>;
}

export function activate(_context: vscode.ExtensionContext): void {
  const entry = process.env.PONTE_E2E_TESTS;
  const resultsFile = process.env.PONTE_E2E_RESULTS;
  // Once per session: a reloaded window (a new extension host) must not run the checks again.
  if (!entry || !resultsFile || existsSync(resultsFile)) return;
  // Not awaited: activation must return at once, the tests take seconds.
  void runBundle(entry).then((results) => {
    // Written whole and renamed, so the waiting suite never reads half a file.
    writeFileSync(`${resultsFile}.tmp`, JSON.stringify(results, null, 2));
    renameSync(`${resultsFile}.tmp`, resultsFile);
  });
}

async function runBundle(entry: string): Promise<HostResults> {
  try {
    // Resolved at run time by the extension host, whose loader hands the bundle `vscode`.
    const bundle = createRequire(__filename)(entry) as HostTestBundle;
    return await bundle.runRegisteredTests();
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { passed: 0, failed: 1, tests: [{ name: `load ${entry}`, ok: false, durationMs: 0, error }] };
  }
}

export function deactivate(): void {}
