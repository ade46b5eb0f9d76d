// Pathological pipeline files, each a function of n whose text grows linearly with n: the shapes
// an outside review used to make validation quadratic, and the others it said it would try.
// Used by validate-linear.test.ts (work counted at n and 4n) and bench/validate.bench.ts (timed).

export interface Shape {
  name: string;
  kind: 'dvc' | 'ponte';
  text: (n: number) => string;
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('');

export const SHAPES: Shape[] = [
  { name: 'plain stages (fast reader)', kind: 'dvc', text: (n) => `stages:\n${lines(n, (i) => `  s${i}:\n    cmd: python s.py ${i}\n    outs: [o${i}]\n`)}` },
  {
    name: 'alias bomb, 12 levels + list',
    kind: 'dvc',
    text: (n) => {
      let s = 'vars:\n  - a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 12; i++) s += `  - a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      return `${s}stages:\n  big:\n    cmd: x\n    deps:\n${lines(n, () => '      - *a2\n')}`;
    },
  },
  { name: 'one alias to a big list, used n times', kind: 'dvc', text: (n) => `vars:\n  - big: &b [${lines(n, (i) => `v${i}, `)}end]\nstages:\n  s:\n    cmd: x\n    deps: [${lines(n, () => '*b, ')}x]\n` },
  { name: 'one anchor + n keys', kind: 'dvc', text: (n) => `stages: &s\n${lines(n, (i) => `  k${i}:\n    cmd: c${i}\n`)}` },
  { name: 'n unused anchors', kind: 'dvc', text: (n) => `stages:\n${lines(n, (i) => `  k${i}: &x${i}\n    cmd: c${i}\n`)}` },
  { name: 'deep flow mapping', kind: 'dvc', text: (n) => `stages: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n` },
  { name: 'deep flow sequence', kind: 'dvc', text: (n) => `stages: ${'['.repeat(n)}1${']'.repeat(n)}\n` },
  { name: 'deep block sequence (- - -)', kind: 'dvc', text: (n) => `stages:\n  ${'- '.repeat(n)}x\n` },
  { name: 'deep block mapping (2-level indent steps)', kind: 'ponte', text: (n) => `datasets:\n${lines(Math.min(n, 150), (i) => `${' '.repeat(2 * i + 2)}k${i}:\n`)}${lines(n, (i) => `#${i}\n`)}` },
  { name: 'long line: one plain scalar', kind: 'dvc', text: (n) => `stages:\n  s:\n    cmd: ${'word '.repeat(n)}end\n` },
  { name: 'long line: unclosed quote after [ [ [', kind: 'dvc', text: (n) => `stages:\n  s:\n    cmd: "${'x[ '.repeat(n)}\n` },
  { name: 'output path n directories deep', kind: 'dvc', text: (n) => `stages:\n  s:\n    cmd: x\n    outs: [${'d/'.repeat(n)}f]\n  t:\n    cmd: y\n    outs: [${'d/'.repeat(n)}g]\n` },
  { name: 'foreach over n items', kind: 'dvc', text: (n) => `stages:\n  s:\n    foreach: [${lines(n, (i) => `i${i}, `)}end]\n    do:\n      cmd: echo \${item}\n      outs:\n        - out/\${item}\n` },
  { name: 'long unknown enum value', kind: 'ponte', text: (n) => `version: 1\nproject: p\ndatasets:\n  d:\n    path: x\n    storage: ${'q'.repeat(n * 5)}\n` },
  { name: 'long unknown key', kind: 'ponte', text: (n) => `version: 1\n${'k'.repeat(n * 5)}: 1\n` },
  { name: 'n duplicate keys', kind: 'dvc', text: (n) => `stages:\n${lines(n, () => '  a: {cmd: x}\n')}` },
  { name: 'n unknown keys', kind: 'ponte', text: (n) => `version: 1\n${lines(n, (i) => `projet${i}: x\n`)}` },
  {
    name: 'merge-key chain <<',
    kind: 'dvc',
    text: (n) => `vars:\n  - m0: &m0 {k0: 0}\n${lines(n, (i) => `  - m${i + 1}: &m${i + 1} {<<: *m${i}, k${i + 1}: ${i}}\n`)}stages: {}\n`,
  },
  { name: 'billion laughs', kind: 'ponte', text: (n) => `a: &a [${lines(n, () => 'lol, ')}lol]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n` },
  { name: 'n documents in one stream', kind: 'dvc', text: (n) => lines(n, (i) => `---\nstages: {s${i}: {cmd: x}}\n`) },
  { name: 'n tags', kind: 'dvc', text: (n) => `stages:\n${lines(n, (i) => `  s${i}: !t${i}\n    cmd: !!str c${i}\n`)}` },
  { name: 'BOM, CRLF and unicode names', kind: 'dvc', text: (n) => `\uFEFFstages:\r\n${lines(n, (i) => `  étape${i}:\r\n    cmd: python é.py — ${i} 🚀\r\n`)}` },
  { name: 'n ${} interpolations in one cmd', kind: 'dvc', text: (n) => `vars:\n  - a: 1\nstages:\n  s:\n    cmd: ${'${a}'.repeat(n)} \${nope}\n` },
];
