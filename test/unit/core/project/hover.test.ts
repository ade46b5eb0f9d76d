// hoverAt: the schema's docs for every key of both files and for enum values, and the value a
// `${...}` resolves to in dvc.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, schemaFor, type SpecKind } from '../../../../src/core/project';
import type { SchemaNode } from '../../../../src/core/project/schema-model';
import { optionsOf } from '../../../../src/core/project/schema-model';

function hover(marked: string, kind: SpecKind) {
  const offset = marked.indexOf('|');
  return hoverAt(marked.slice(0, offset) + marked.slice(offset + 1), kind, offset);
}

test('a key shows its type, description and keys', () => {
  const h = hover('version: 1\nmonitor:\n  dri|ft:\n    method: psi\n', 'ponte');
  assert.ok(h);
  assert.deepEqual(h.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
  assert.match(h.markdown, /\*\*drift\*\*/);
  assert.match(h.markdown, /Data drift detection/);
});

test('an enum value shows what it means', () => {
  assert.match(hover('monitor:\n  drift:\n    method: p|si\n', 'ponte')?.markdown ?? '', /Population Stability Index/);
  assert.match(hover('deployments:\n  p: {target: docker, strategy: blue-gr|een}\n', 'ponte')?.markdown ?? '', /switch the route/);
});

test('a name the user chose shows what it names', () => {
  assert.match(hover('datasets:\n  tr|ain:\n    path: x\n', 'ponte')?.markdown ?? '', /\(dataset name\)/);
  assert.match(hover('stages:\n  tr|ain:\n    cmd: x\n', 'dvc')?.markdown ?? '', /\(stage name\)/);
});

test('dvc.yaml keys at every depth, including do and output options', () => {
  assert.match(hover('stages:\n  s:\n    foreach: [a]\n    do:\n      ou|ts: [x]\n', 'dvc')?.markdown ?? '', /files and directories the command writes/);
  assert.match(hover('stages:\n  s:\n    cmd: echo\n    outs:\n      - m.pkl:\n          ca|che: false\n', 'dvc')?.markdown ?? '', /Whether DVC caches/);
  assert.match(hover('plots:\n  - roc:\n      temp|late: simple\n', 'dvc')?.markdown ?? '', /Vega-Lite template/);
});

test('a dataset or deployment name shows its declaration', () => {
  const text = 'datasets:\n  ref: {path: data/ref.csv, storage: git-lfs}\ndeployments:\n  prod: {target: docker}\nmonitor:\n  deployment: pr|od\n  reference: ref\n';
  assert.equal(hover(text, 'ponte')?.markdown, 'deployment **prod** — target: `docker`');
  const t2 = text.replace('pr|od', 'prod').replace('reference: ref', 'reference: r|ef');
  assert.equal(hover(t2, 'ponte')?.markdown, 'dataset **ref** — path: `data/ref.csv`, storage: `git-lfs`');
});

test('a stage name shows the stages it generates, with their commands', () => {
  const md = hover('stages:\n  bu|ild:\n    foreach: [us, uk]\n    do:\n      cmd: python train.py ${item}\n', 'dvc')?.markdown ?? '';
  assert.match(md, /Generates 2 stages:\n- `build@us`: `python train.py us`\n- `build@uk`: `python train.py uk`/);
  assert.match(hover('stages:\n  tr|ain:\n    cmd: [a, b]\n', 'dvc')?.markdown ?? '', /Runs:\n- `train`: `a && b`/);
});

test('${...} shows the value it resolves to', () => {
  assert.equal(hover('vars:\n  - a: {b: 3}\nstages:\n  s:\n    cmd: echo ${a|.b}\n', 'dvc')?.markdown, '`${a.b}` = `3`');
});

/** Every key path of a schema, with a YAML snippet that puts the cursor on that key. */
function keyPaths(s: SchemaNode, depth = 0): string[][] {
  if (depth > 6) return [];
  const out: string[][] = [];
  for (const o of optionsOf(s)) {
    for (const [k, v] of Object.entries(o.properties ?? {})) {
      out.push([k]);
      for (const rest of keyPaths(v, depth + 1)) out.push([k, ...rest]);
    }
    if (o.values && depth < 5) for (const rest of keyPaths(o.values, depth + 1)) out.push(['name', ...rest]);
    if (o.items) for (const rest of keyPaths(o.items, depth + 1)) out.push(['-', ...rest]);
  }
  return out;
}

for (const kind of ['ponte', 'dvc'] as const) {
  test(`every key of ${kind === 'dvc' ? 'dvc.yaml' : 'ponte.yaml'} has a hover`, () => {
    const paths = keyPaths(schemaFor[kind]).filter((p) => p[p.length - 1] !== '-' && p[p.length - 1] !== 'name');
    assert.ok(paths.length > 50, `${paths.length}`);
    for (const p of paths) {
      let text = '';
      let indent = '';
      for (let i = 0; i < p.length; i++) {
        const last = i === p.length - 1;
        if (p[i] === '-') {
          text += `${indent}-\n`;
          indent += '  ';
          continue;
        }
        text += `${indent}${p[i]}:${last ? ' x' : ''}\n`;
        indent += '  ';
      }
      const offset = text.lastIndexOf(`${p[p.length - 1]}:`) + 1;
      const h = hoverAt(text, kind, offset);
      assert.ok(h && h.markdown.includes(`**${p[p.length - 1]}**`), `${p.join('.')}: ${JSON.stringify(text)}`);
    }
  });
}
