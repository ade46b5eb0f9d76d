// validateText on whole files: kinds by name, the not-a-pipeline message, diagnostics sorted and
// inside the text, quick-fix suggestions, and a fuzz run: no input makes it throw or fail inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectKind, nodeFileAccess, validateText, type Diagnostic, type SpecKind } from '../../../../src/core/project';
import { mutate, seededRandom } from './mutate';

test('detectKind goes by the end of the name', () => {
  assert.equal(detectKind('dvc.yaml'), 'dvc');
  assert.equal(detectKind('/a/b/train.dvc.yaml'), 'dvc');
  assert.equal(detectKind('dvc.yml'), 'dvc');
  assert.equal(detectKind('ponte.yaml'), 'ponte');
  assert.equal(detectKind('C:\\x\\prod.ponte.yml'), 'ponte');
  assert.equal(detectKind('params.yaml'), undefined);
  assert.equal(detectKind('x.dvc'), undefined);
});

test('a YAML file that is no pipeline gets one clear diagnostic', () => {
  const d = validateText('apiVersion: v1\nkind: Pod\n', { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(d.map((x) => x.code), ['file.not_pipeline']);
  assert.match(d[0].message, /not a dvc\.yaml file/);
  const list = validateText('- a\n- b\n', { file: 'ponte.yaml', kind: 'ponte' });
  assert.deepEqual(list.map((x) => x.code), ['file.not_pipeline']);
});

test('an empty file is a warning', () => {
  assert.deepEqual(validateText('', { file: 'ponte.yaml', kind: 'ponte' }).map((x) => [x.code, x.severity]), [['file.empty', 'warning']]);
  assert.deepEqual(validateText('# nothing yet\n', { file: 'dvc.yaml', kind: 'dvc' }).map((x) => x.code), ['file.empty']);
});

test('mistyped keys, stages and datasets carry suggestions, closest first', () => {
  const d = validateText('stages:\n  train:\n    cmd: x\n    outz: [a]\n', { file: 'dvc.yaml', kind: 'dvc' });
  assert.equal(d[0].code, 'key.unknown');
  assert.deepEqual(d[0].suggestions, ['outs']);
  assert.deepEqual(d[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } });
  const p = validateText('datasets:\n  train: {path: a.csv}\n  test: {path: b.csv}\nretrain:\n  data: {dataset: trainn}\n', { file: 'ponte.yaml', kind: 'ponte' });
  assert.equal(p[0].code, 'dataset.unknown');
  assert.deepEqual(p[0].suggestions, ['train']);
});

test('the gate-rule error points at the offending character', () => {
  const d = validateText('gates:\n  rules:\n    f1: ">= production - abc"\n', { file: 'ponte.yaml', kind: 'ponte' });
  assert.equal(d[0].code, 'gate.syntax');
  // The value starts at column 8 (the quote); "abc" is 16 characters into the rule.
  assert.equal(d[0].range.start.character, 8 + 1 + 16);
});

test('the DESIGN.md example ponte.yaml is valid', () => {
  const text = readFileSync(join('test', 'fixtures', 'project', 'design-example', 'ponte.yaml'), 'utf8');
  const d = validateText(text, { file: 'ponte.yaml', kind: 'ponte', fs: nodeFileAccess(join('test', 'fixtures', 'project', 'design-example')) });
  assert.deepEqual(d, []);
});

function corpus(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? corpus(p) : detectKind(n) ? [p] : [];
  });
}

function assertSane(d: Diagnostic[], text: string, what: string): void {
  const lines = text.split('\n').length;
  for (const x of d) {
    assert.notEqual(x.code, 'internal', `${what}: ${x.message}`);
    assert.ok(x.range.start.line >= 0 && x.range.end.line < lines + 1, `${what}: range outside the text`);
    assert.ok(['error', 'warning', 'info'].includes(x.severity));
    assert.ok(x.message.length > 0);
  }
}

test('fuzz: 4,000 mutated pipeline files never throw and never fail inside', () => {
  const files = corpus(join('test', 'fixtures', 'project'));
  const texts = files.map((f) => ({ text: readFileSync(f, 'utf8'), kind: detectKind(f) as SpecKind, dir: join(f, '..') }));
  const rand = seededRandom(7);
  for (let i = 0; i < 4000; i++) {
    const src = texts[Math.floor(rand() * texts.length)];
    const text = mutate(src.text, rand);
    const kind: SpecKind = rand() < 0.8 ? src.kind : src.kind === 'dvc' ? 'ponte' : 'dvc';
    const fs = rand() < 0.5 ? nodeFileAccess(src.dir) : undefined;
    assertSane(validateText(text, { file: 'f.yaml', kind, fs }), text, `mutation ${i}: ${JSON.stringify(text)}`);
  }
});

test('hostile inputs: aliases, tags, deep nesting, huge matrices, binary', () => {
  const inputs = [
    'a: &a [*a]\n',
    'a: &a\n  b: *a\n',
    'x: &x [1,2,3,4,5,6,7,8,9]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y]\nw: &w [*z,*z,*z,*z,*z,*z,*z,*z,*z]\nv: [*w,*w,*w,*w,*w,*w,*w,*w,*w]\nstages: {}\n',
    'stages: !!map\n  a: !custom {cmd: x}\n',
    `${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    `stages:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')}\n`,
    'stages:\n  m:\n    matrix:\n      a: [1,2,3,4,5,6,7,8,9,10]\n      b: [1,2,3,4,5,6,7,8,9,10]\n      c: [1,2,3,4,5,6,7,8,9,10]\n      d: [1,2,3,4,5,6,7,8,9,10]\n      e: [1,2,3,4,5,6,7,8,9,10]\n    cmd: x\n',
    '\u0000\u0001\u0002binary\uFFFD',
    '\uFEFFstages:\n  a:\n    cmd: x\n',
    '--- a\n--- b\n',
    'stages:\n  a:\n    foreach: ${a}\n    do: {cmd: "${item}"}\n',
    '<<: {stages: {a: {cmd: x}}}\n',
    'stages:\n  "": {cmd: x}\n  ? [a, b]\n  : {cmd: y}\n',
  ];
  for (const text of inputs) {
    for (const kind of ['dvc', 'ponte'] as const) assertSane(validateText(text, { file: 'f.yaml', kind }), text, JSON.stringify(text.slice(0, 60)));
  }
});
