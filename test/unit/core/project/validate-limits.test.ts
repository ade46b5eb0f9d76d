// The limits that keep validation linear: alias expansion counted against a node budget and
// stopped at the alias, nesting stopped at its level, duplicate and merge keys read through a
// Map per mapping, long values clipped in messages, and the work counted at n and 4n for every
// pathological shape in pathological-yaml.ts (work, not time: the counter is work-meter.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateText, type Diagnostic } from '../../../../src/core/project';
import { MAX_DEPTH, NODE_BUDGET, parseYamlSource, toPlain } from '../../../../src/core/project/yaml-source';
import { workDone } from '../../../../src/core/project/work-meter';
import { SHAPES } from './pathological-yaml';

const codes = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line + 1} ${x.code}`);

/** The source text a diagnostic starts at. */
const textAt = (text: string, d: Diagnostic) => text.split('\n')[d.range.start.line].slice(d.range.start.character);

test('an alias bomb stops at the alias that passes the node budget, with the count', () => {
  const text = SHAPES.find((s) => s.name.startsWith('alias bomb'))!.text(3000);
  const d = validateText(text, { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(d.map((x) => x.code), ['yaml.too_complex']);
  // a4 holds 111,111 nodes: the fifth *a4 inside a5 passes the budget.
  assert.equal(d[0].range.start.line, 6);
  assert.match(textAt(text, d[0]), /^(\*a4, ){6}\*a4\]/);
  assert.match(d[0].message, new RegExp(`alias \\*a4 expands the file past ${NODE_BUDGET.toLocaleString('en')} nodes`));
});

test('a big list used many times stops at the use that passes the budget, not at the top of the file', () => {
  const text = SHAPES.find((s) => s.name.startsWith('one alias to a big list'))!.text(3000);
  const d = validateText(text, { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(d.map((x) => x.code), ['yaml.too_complex']);
  const uses = text.split('\n')[d[0].range.start.line].slice(0, d[0].range.start.character).split('*b').length - 1;
  // The budget, less the nodes before the list, holds 165 expansions of the 3,002-node list.
  assert.equal(uses, Math.floor(NODE_BUDGET / 3002) - 1);
  assert.match(textAt(text, d[0]), /^\*b, /);
});

test('a chain of aliases is as deep as its expansion: stopped at the alias that passes the depth limit', () => {
  const chain = (links: number) => {
    let text = 'a0: &a0 [x]\n';
    for (let i = 1; i <= links; i++) text += `a${i}: &a${i} [*a${i - 1}]\n`;
    return `${text}stages: {}\n`;
  };
  const yamlOnly = (text: string) => validateText(text, { file: 'dvc.yaml', kind: 'dvc' }).filter((x) => x.code.startsWith('yaml.'));
  assert.deepEqual(yamlOnly(chain(MAX_DEPTH - 2)), []);
  const text = chain(MAX_DEPTH + 5);
  const d = yamlOnly(text);
  assert.deepEqual(d.map((x) => x.code), ['yaml.too_deep']);
  // a(i) is i + 1 levels below its key, plus the top-level mapping: a99 is the first past 100.
  assert.equal(d[0].range.start.line, MAX_DEPTH - 1);
  assert.match(textAt(text, d[0]), /^\*a98\]/);
});

test('deep nesting of every kind stops with one yaml.too_deep at the level that passes the limit', () => {
  for (const name of ['deep flow mapping', 'deep flow sequence', 'deep block sequence', 'deep block mapping']) {
    const shape = SHAPES.find((s) => s.name.startsWith(name))!;
    const d = validateText(shape.text(100_000), { file: 'f.yaml', kind: shape.kind });
    assert.deepEqual(d.map((x) => x.code), ['yaml.too_deep'], name);
    assert.match(d[0].message, new RegExp(`deeper than ${MAX_DEPTH} levels`));
  }
  // Just inside the limit is read.
  const ok = validateText(`stages:\n  s:\n    cmd: x\n    meta: ${'['.repeat(MAX_DEPTH - 5)}1${']'.repeat(MAX_DEPTH - 5)}\n`, { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(codes(ok), []);
});

test('every duplicate key is reported at its own line, and the last one wins', () => {
  const text = `stages:\n${'  a: {cmd: x}\n'.repeat(3)}  a: {cmd: last}\n`;
  const src = parseYamlSource(text, 'dvc.yaml', { fast: false });
  assert.deepEqual(codes(src.diagnostics), ['3 yaml.duplicate_key', '4 yaml.duplicate_key', '5 yaml.duplicate_key']);
  assert.deepEqual(toPlain(src.root), { stages: { a: { cmd: 'last' } } });
});

test('merge keys: merged entries first, own keys override them, earlier maps win, no duplicate reported', () => {
  const text = 'base: &b {cmd: base, wdir: w}\nmore: &m {cmd: more, desc: d}\nstages:\n  s:\n    <<: [*b, *m]\n    cmd: own\n';
  const src = parseYamlSource(text, 'dvc.yaml');
  assert.deepEqual(src.diagnostics, []);
  assert.deepEqual(toPlain(src.root), { base: { cmd: 'base', wdir: 'w' }, more: { cmd: 'more', desc: 'd' }, stages: { s: { cmd: 'own', wdir: 'w', desc: 'd' } } });
  assert.deepEqual(validateText(text.replace(/^base.*\nmore.*\n/, 'vars:\n  - base: &b {cmd: base, wdir: w}\n  - more: &m {cmd: more, desc: d}\n'), { file: 'dvc.yaml', kind: 'dvc' }), []);
});

test('a chain of merges is charged to the node budget', () => {
  const text = SHAPES.find((s) => s.name.startsWith('merge-key chain'))!.text(4000);
  const d = validateText(text, { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(d.map((x) => x.code), ['yaml.too_complex']);
  assert.match(d[0].message, /this merge expands the file/);
});

test('a text past the size limit is refused with one diagnostic, before any parsing', () => {
  const text = `stages:\n${'  # padding padding padding padding padding padding padding padding padding\n'.repeat(120_000)}`;
  const before = workDone();
  const d = validateText(text, { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(d.map((x) => x.code), ['yaml.too_large']);
  assert.ok(workDone() - before <= text.split('\n').length + 1, 'only the line index was built');
});

test('messages stay short whatever the value: a 200 KB enum value or key is clipped', () => {
  for (const shape of SHAPES.filter((s) => s.name.startsWith('long unknown'))) {
    const d = validateText(shape.text(40_000), { file: 'ponte.yaml', kind: 'ponte' });
    assert.equal(d.length, 1, shape.name);
    assert.ok(d[0].message.length < 400, `${shape.name}: ${d[0].message.length} characters`);
  }
});

test('a syntax error on a 60 KB line of [ is reported with its hint check in one scan', () => {
  const shape = SHAPES.find((s) => s.name.startsWith('long line: unclosed quote'))!;
  const d = validateText(shape.text(20_000), { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(d.map((x) => x.code), ['yaml.syntax']);
  assert.doesNotMatch(d[0].message, /quote a value that holds/);
});

// The counted work of validating at 4n must stay within 5× that at n: linear, with room for the
// constant part. A quadratic step (a key compared with every other, an alias resolved by walking
// the document) makes it 16×.
for (const shape of SHAPES) {
  test(`linear work: ${shape.name}`, () => {
    const n = 1500;
    const work = (size: number) => {
      const before = workDone();
      const d = validateText(shape.text(size), { file: 'f.yaml', kind: shape.kind });
      assert.ok(!d.some((x) => x.code === 'internal'), JSON.stringify(d[0]));
      return workDone() - before;
    };
    const small = work(n);
    const large = work(4 * n);
    assert.ok(small > 0, 'some work was counted');
    assert.ok(large <= 5 * small, `${large} units at 4n against ${small} at n (${(large / small).toFixed(1)}×)`);
  });
}

test('an output 10,000 directories deep is compared through its first 64: an overlap there is still found', () => {
  const deep = `a/b/${'d/'.repeat(10_000)}f`;
  const d = validateText(`stages:\n  s:\n    cmd: x\n    outs: [a/b]\n  t:\n    cmd: y\n    outs: [${deep}]\n`, { file: 'dvc.yaml', kind: 'dvc' });
  assert.deepEqual(codes(d), ['7 out.overlap']);
});
