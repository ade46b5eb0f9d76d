// Times validateText on generated 5,000-line pipeline files (dvc.yaml with templating, and
// ponte.yaml) against the bare YAML parse of the same text as the reference. Target: < 50 ms.
// Then the pathological shapes of test/unit/core/project/pathological-yaml.ts at n and 4n: the
// time ratio stays near 4 (linear) or below (a limit stopped it); a quadratic step would be 16.
import { parseDocument, LineCounter } from 'yaml';
import { validateText } from '../src/core/project';
import type { SpecFileAccess } from '../src/core/project';
import { SHAPES } from '../test/unit/core/project/pathological-yaml';

function dvcFile(lines: number): string {
  let s = 'vars:\n  - base: {dir: data}\nstages:\n';
  let i = 0;
  while (s.split('\n').length < lines) {
    s += `  stage${i}:\n    cmd: python src/step.py --in \${base.dir}/in${i}.csv --lr \${train.lr} --seed \${seed}\n    deps:\n      - \${base.dir}/in${i}.csv\n      - src/step.py\n    params:\n      - train.lr\n      - seed\n    outs:\n      - \${base.dir}/in${i + 1}.csv\n    metrics:\n      - metrics/m${i}.json:\n          cache: false\n`;
    i++;
  }
  return s;
}

function ponteFile(lines: number): string {
  let s = 'version: 1\nproject: bench\ndatasets:\n';
  let i = 0;
  while (s.split('\n').length < lines - 40) {
    s += `  ds${i}:\n    path: data/ds${i}.csv\n    storage: dvc\n    schema:\n      columns:\n        age: { type: integer, min: 18, max: 100 }\n        plan: { type: category, values: [basic, pro] }\n        income: { type: number, max_missing: 0.01 }\n`;
    i++;
  }
  s += 'gates:\n  metrics: metrics.json\n  rules:\n    accuracy: ">= 0.85"\n    f1: ">= production - 0.02"\ndeployments:\n  production: { target: docker, predict: /predict, strategy: blue-green }\nmonitor:\n  deployment: production\n  reference: ds0\n  window: { size: 1000 }\nretrain:\n  data: { dataset: ds1 }\n  promote: production\n';
  return s;
}

// In memory, so the figure is validation's own: params.yaml, data/, src/ and metrics.json exist.
const params: Record<string, string> = { 'params.yaml': 'seed: 42\ntrain:\n  lr: 0.01\n' };
const fs: SpecFileAccess = { exists: (p) => p in params || p.startsWith('data/') || p.startsWith('src/') || p === 'metrics.json', read: (p) => params[p] };

function median(f: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  return t[Math.floor(t.length / 2)];
}

const runs = Number(process.env.RUNS ?? 31);
const rows: string[][] = [['file', 'lines', 'yaml parse only (ms)', 'validateText (ms)', 'ratio', 'target', 'ok']];
// The third row is a file mid-edit with one YAML error: the fast reader declines it and the
// `yaml` package reads it, so it costs about one full parse.
const broken = dvcFile(5000).replace('    deps:\n', '    deps: [\n');
for (const [name, text, kind] of [
  ['dvc.yaml', dvcFile(5000), 'dvc'],
  ['ponte.yaml', ponteFile(5000), 'ponte'],
  ['dvc.yaml, one YAML error', broken, 'dvc'],
] as const) {
  const ref = median(() => parseDocument(text, { lineCounter: new LineCounter() }), runs);
  let count = 0;
  const ms = median(() => {
    count = validateText(text, { file: name, kind, fs }).length;
  }, runs);
  if (count !== 0 && text !== broken) console.error(`note: ${name} produced ${count} diagnostics`);
  const target = text === broken ? ['(info)', '-'] : ['< 50 ms', ms < 50 ? 'yes' : 'NO'];
  rows.push([name, String(text.split('\n').length), ref.toFixed(1), ms.toFixed(1), `${(ms / ref).toFixed(2)}x`, ...target]);
}
printTable(rows);
console.log(`median of ${runs} runs each, after 5 warm-up runs; node ${process.version}\n`);

// Pathological shapes: fewer runs, they are slower by design (the largest are a few MB).
const n = Number(process.env.N ?? 10_000);
const shapeRuns = Number(process.env.SHAPE_RUNS ?? 3);
const timeOnce = (f: () => void) => {
  const a = performance.now();
  f();
  return performance.now() - a;
};
const slowest = (f: () => void) => {
  f();
  const t = Array.from({ length: shapeRuns }, () => timeOnce(f)).sort((x, y) => x - y);
  return t[Math.floor(t.length / 2)];
};
const kb = (chars: number) => `${(chars / 1024).toFixed(0)} KB`;
const shapeRows: string[][] = [['shape', `size n=${n}`, 'ms', `size 4n`, 'ms', 'ratio', 'diagnostic']];
for (const shape of SHAPES) {
  const small = shape.text(n);
  const large = shape.text(4 * n);
  let first = '';
  const a = slowest(() => validateText(small, { file: 'f.yaml', kind: shape.kind }));
  const b = slowest(() => {
    const d = validateText(large, { file: 'f.yaml', kind: shape.kind });
    first = d.length ? `${d[0].code}${d.length > 1 ? ` (+${d.length - 1})` : ''}` : '-';
  });
  shapeRows.push([shape.name, kb(small.length), a.toFixed(1), kb(large.length), b.toFixed(1), `${(b / a).toFixed(1)}x`, first]);
}
const huge = `stages:\n${'  # a comment line to make the file 50 MB, over the 8 MB limit ..........\n'.repeat(700_000)}`;
const hugeMs = slowest(() => validateText(huge, { file: 'dvc.yaml', kind: 'dvc' }));
shapeRows.push(['a 50 MB file (refused)', kb(huge.length), hugeMs.toFixed(1), '-', '-', '-', validateText(huge, { file: 'dvc.yaml', kind: 'dvc' })[0].code]);
printTable(shapeRows);
console.log(`median of ${shapeRuns} runs each after one warm-up; the ratio is the time at 4n over the time at n`);

function printTable(table: string[][]): void {
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
}
