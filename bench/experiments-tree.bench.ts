// The Experiments view with 10,000 recorded runs: the rows the tree data provider gives for the
// first page (what a person sees when opening "Runs"), and for all 10,000 runs paged through
// ("Older runs" opened 99 times) with every run's Params and Metrics rows. The backend is an
// in-memory fake, so the figure is the provider's own. The reference, measured in the same run, is
// decoding the same 10,000 runs from JSON: what merely receiving them over HTTP costs.
// Target: all 10,000 in < 200 ms.  Run: npx tsx bench/experiments-tree.bench.ts
import { RunList, runChildRows, runPageRows, RUNS_PAGE_SIZE } from '../src/extension/pipeline/run-rows';
import { fakeApi, fakeRun } from '../test/unit/extension/pipeline/fake-runs';

const N = 10_000;

async function median(f: () => Promise<void>, runs: number): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await f();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  return t[Math.floor(t.length / 2)];
}

async function main(): Promise<void> {
  const { api } = fakeApi(N);
  const json = JSON.stringify(Array.from({ length: N }, (_, i) => fakeRun(i)));
  const reference = await median(async () => {
    JSON.parse(json);
  }, 9);
  let rowCount = 0;
  const firstPage = await median(async () => {
    const list = new RunList('churn', async () => api);
    rowCount = (await runPageRows(list, 0, ['accuracy'])).length;
  }, 9);
  let total = 0;
  const all = await median(async () => {
    const list = new RunList('churn', async () => api);
    total = 0;
    for (let offset = 0; offset < N; offset += RUNS_PAGE_SIZE) {
      for (const row of await runPageRows(list, offset, ['accuracy'])) {
        total++;
        for (const group of runChildRows(row)) total += 1 + runChildRows(group).length;
      }
    }
  }, 5);
  const rows: [string, string, string][] = [
    ['reference: JSON.parse of 10,000 runs', `${reference.toFixed(1)} ms`, '1.00×'],
    [`first page (${rowCount} rows)`, `${firstPage.toFixed(2)} ms`, `${(firstPage / reference).toFixed(2)}×`],
    [`all 10,000 runs + params/metrics rows (${total} rows)`, `${all.toFixed(1)} ms`, `${(all / reference).toFixed(2)}×`],
  ];
  const w = [Math.max(...rows.map((r) => r[0].length)), 10, 8];
  console.log(`${'what'.padEnd(w[0])}  ${'median'.padStart(w[1])}  ${'vs ref'.padStart(w[2])}`);
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}`);
  console.log(`\ntarget: all 10,000 runs < 200 ms → ${all < 200 ? 'met' : 'NOT met'} (${all.toFixed(1)} ms)`);
}

void main();
