// The architecture's rules, held against the code: src/core never reaches the editor API or the
// faces; the capabilities under src/core import downward only (no cycle); the faces import a
// capability through its public surface only. Each rule is also shown to fail on a planted tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { capabilityCycles, deepImports, importEdges } from './import-graph';

const FACES = ['src/cli', 'src/server', 'src/extension', 'webview-ui'];
/**
 * Public surfaces besides each capability's index.ts, each split off for the extension bundle:
 * - drift/run: the drift engine without its file loaders (hyparquet stays in the worker);
 * - versions/compare: the heavy half of dataset versions (it pulls drift's loaders in);
 * - data/watch-client: asking a running data watcher, without the watcher itself;
 * - data/watch: the watcher (inotify, its socket server), which only `ponte data watch` runs;
 * - pipeline/compare-runs: comparing recorded runs, without the pipeline runner;
 * - testing/runner: running tests and data checks (the editor reads their reports only);
 * - pipeline/plots, pipeline/run-plots: the plots of dvc.yaml and a run's plot files, which the
 *   dashboard reads without the pipeline runner;
 * - retrain/alert-policy: what an alert offers (the editor's half; the retrain itself runs in the CLI).
 */
export const EXTRA_SURFACES = ['drift/run', 'versions/compare', 'data/watch-client', 'data/watch', 'pipeline/compare-runs', 'testing/runner', 'pipeline/plots', 'pipeline/run-plots', 'retrain/alert-policy'] as const;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('src/core never imports vscode', () => {
  const offenders = sources('src/core').filter((f) =>
    /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});

test('src/core never imports the faces', () => {
  const offenders = importEdges('.', ['src/core']).filter((e) => /^src\/(extension|cli|server)\//.test(e.to));
  assert.deepEqual(offenders, []);
});

test('no cycle between the capabilities of src/core', () => {
  assert.deepEqual(capabilityCycles(importEdges('.', ['src/core'])), []);
});

test('the faces import capabilities only through their public surfaces', () => {
  const offenders = deepImports(importEdges('.', FACES), FACES, EXTRA_SURFACES).map((e) => `${e.from}:${e.line} -> ${e.to}`);
  assert.deepEqual(offenders, []);
});

test('src/shared (the webview contract) imports nothing of the project', () => {
  assert.deepEqual(importEdges('.', ['src/shared']).map((e) => `${e.from}:${e.line} -> ${e.to}`), []);
});

test('webview-ui reaches the project only through src/shared (no core, no faces)', () => {
  const offenders = importEdges('.', ['webview-ui']).filter((e) => e.to.startsWith('src/') && !e.to.startsWith('src/shared/'));
  assert.deepEqual(offenders.map((e) => `${e.from}:${e.line} -> ${e.to}`), []);
});

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ponte-boundary-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

test('a planted cycle between capabilities is found, with the imports that make it', () => {
  const root = plant({
    'src/core/a/index.ts': "export * from './one';\n",
    'src/core/a/one.ts': "import { two } from '../b/two';\nexport const one = two;\n",
    'src/core/b/two.ts': "import type { Three } from '../c';\nexport const two = 2;\n",
    'src/core/c/index.ts': "export type Three = typeof import('../a').one;\n",
    'src/core/d/index.ts': "import '../a';\n",
  });
  try {
    assert.deepEqual(capabilityCycles(importEdges(root, ['src/core'])), [
      ['a -> b (src/core/a/one.ts:1)', 'b -> c (src/core/b/two.ts:1)', 'c -> a (src/core/c/index.ts:1)'],
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a planted deep import from a face is found; index and declared surfaces are not', () => {
  const root = plant({
    'src/core/data/index.ts': "export * from './cache';\n",
    'src/core/data/cache.ts': 'export const x = 1;\n',
    'src/core/drift/run.ts': 'export const y = 1;\n',
    'src/extension/ok.ts': "import { x } from '../core/data';\nimport { y } from '../core/drift/run';\n",
    'src/cli/deep.ts': "\n\nconst c = require('../core/data/cache');\n",
  });
  try {
    const found = deepImports(importEdges(root, FACES), FACES, EXTRA_SURFACES);
    assert.deepEqual(found.map((e) => `${e.from}:${e.line} -> ${e.to}`), ['src/cli/deep.ts:3 -> src/core/data/cache.ts']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a planted import of core from webview-ui is found', () => {
  const root = plant({ 'webview-ui/main.ts': "import { x } from '../src/core/data';\n", 'src/core/data/index.ts': 'export const x = 1;\n' });
  try {
    const edges = importEdges(root, ['webview-ui']).filter((e) => !e.to.startsWith('src/shared/'));
    assert.deepEqual(edges.map((e) => `${e.from}:${e.line} -> ${e.to}`), ['webview-ui/main.ts:1 -> src/core/data/index.ts']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
