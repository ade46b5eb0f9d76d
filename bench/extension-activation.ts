// Extension start-up cost: bundle size against the 1 MB budget, loading dist/extension.js,
// activate(), and the first read of the example's pipeline files, each next to a reference
// measured in this run (the bare minimum: reading and parsing the same two YAML files).
// Run: npx tsx bench/extension-activation.ts  (builds first). The editor API is an inert fake.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { fakeValues } from '../test/unit/extension/fake-vscode';
import { readProjectModel } from '../src/extension/spec';

const root = path.resolve('examples/churn');
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
async function bestAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

async function main(): Promise<void> {
  // Reference: what any extension showing these files must at least do.
  const reference = best(20, () => {
    parse(readFileSync(path.join(root, 'ponte.yaml'), 'utf8'));
    parse(readFileSync(path.join(root, 'dvc.yaml'), 'utf8'));
  });

  fakeValues['workspace.workspaceFolders'] = [{ uri: { scheme: 'file', fsPath: root } }];
  fakeValues['workspace.isTrusted'] = true;
  fakeValues['workspace.textDocuments'] = [];

  const bundle = path.resolve('dist/extension.js');
  const t0 = performance.now();
  const extension = require(bundle) as { activate(ctx: unknown): void };
  const load = performance.now() - t0;
  const activate = best(1, () => extension.activate({ subscriptions: [] }));
  const firstRead = await bestAsync(1, () => readProjectModel(root));
  const laterRead = await bestAsync(10, () => readProjectModel(root));

  const size = statSync(bundle).size;
  const rows: [string, string, string][] = [
    ['dist/extension.js size', `${(size / 1024).toFixed(0)} KiB`, `${((size / (1024 * 1024)) * 100).toFixed(0)}% of the 1 MB budget`],
    ['reference: read + parse ponte.yaml and dvc.yaml', `${reference.toFixed(2)} ms`, '1.00×'],
    ['load dist/extension.js (first require)', `${load.toFixed(2)} ms`, `${(load / reference).toFixed(2)}×`],
    ['activate() (synchronous part)', `${activate.toFixed(2)} ms`, `${(activate / reference).toFixed(2)}×`],
    ['readProjectModel(examples/churn), first', `${firstRead.toFixed(2)} ms`, `${(firstRead / reference).toFixed(2)}×`],
    ['readProjectModel(examples/churn), warm best of 10', `${laterRead.toFixed(2)} ms`, `${(laterRead / reference).toFixed(2)}×`],
  ];
  console.log('| what | measured | vs reference |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nactivation (load + activate()): ${(load + activate).toFixed(1)} ms; target < 50 ms.`);
  console.log(`The first read runs after activate() returns (it does not block activation): rows appear ~${firstRead.toFixed(0)} ms later.`);
}

void main();
