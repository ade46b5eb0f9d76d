// The fast reader must agree with the `yaml` package on every file it accepts (values, keys and
// scalar positions), and hand every file it does not fully understand over to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseFastYaml } from '../../../../src/core/project/fast-yaml';
import { parseYamlSource, toPlain, type LNode } from '../../../../src/core/project/yaml-source';
import { mutate, seededRandom } from './mutate';

/** The full parser's reading, with the fast path disabled. */
function slowParse(text: string) {
  return parseYamlSource(text, 'x.yaml', { fast: false });
}

function sameShape(a: LNode | undefined, b: LNode | undefined, path = ''): string | undefined {
  if (!a || !b) return a === b ? undefined : `${path}: one side is empty`;
  if (a.kind !== b.kind) return `${path}: ${a.kind} vs ${b.kind}`;
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (a.style === 'empty' || b.style === 'empty') return undefined;
    if (a.start !== b.start) return `${path}: scalar starts at ${a.start} vs ${b.start}`;
    if (a.style !== 'block' && a.end !== b.end) return `${path}: scalar ends at ${a.end} vs ${b.end}`;
    return undefined;
  }
  if (a.kind === 'seq' && b.kind === 'seq') {
    for (let i = 0; i < a.items.length; i++) {
      const r = sameShape(a.items[i], b.items[i], `${path}[${i}]`);
      if (r) return r;
    }
    return undefined;
  }
  if (a.kind === 'map' && b.kind === 'map') {
    for (let i = 0; i < a.entries.length; i++) {
      const x = a.entries[i];
      const y = b.entries[i];
      if (!y || x.key !== y.key || x.keyStart !== y.keyStart || x.keyEnd !== y.keyEnd) return `${path}.${x.key}: key differs`;
      const r = sameShape(x.value, y.value, `${path}.${x.key}`);
      if (r) return r;
    }
  }
  return undefined;
}

/** undefined when they agree (or the fast reader declined). */
function disagreement(text: string): string | undefined {
  const fast = parseFastYaml(text);
  if (!fast) return undefined;
  const slow = slowParse(text);
  const errors = slow.diagnostics.filter((d) => d.severity === 'error' || d.code === 'yaml.unknown_tag');
  if (errors.length) return `fast reader accepted what yaml rejects: ${errors[0].message}`;
  const a = JSON.stringify(toPlain(fast.root));
  const b = JSON.stringify(toPlain(slow.root));
  if (a !== b) return `values differ:\n fast ${a.slice(0, 400)}\n yaml ${b.slice(0, 400)}`;
  return sameShape(fast.root, slow.root);
}

function corpus(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? corpus(p) : /\.(ya?ml|json)$/.test(n) ? [p] : [];
  });
}

const files = corpus(join('test', 'fixtures', 'project'));

const SNIPPETS = [
  'a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.5e3\nf: .5\ng: -.inf\nh: .nan\ni: ~\nj: Null\nk: TRUE\nl: yes\nm: 1_000\nn: +12\n',
  'a: "x\\ty\\u00e9\\"q\\\\"\nb: \'it\'\'s\'\nc: "#not a comment"\nd: x # comment\ne: x#y\n',
  'cmd: |\n  line1\n  line2\n\nnext: 1\n',
  'cmd: >-\n  a\n  b\n\n  c\nx: |+\n  keep\n\n\ny: 2\n',
  'cmd: >\n  folded\n    more indented\n  back\n',
  'a:\n- x\n- y\nb:\n  - {p: 1, q: [1, 2, {r: s}]}\n  - [a, "b, c", \'d\']\n',
  'a: {}\nb: []\nc: { }\nd: [ ]\ne: {x: }\n',
  'list:\n  - a: 1\n    b: 2\n  - c: 3\n  -\n    d: 4\n',
  'list:\n  - - nested\n',
  '---\na: 1\n',
  'a: &anchor 1\nb: *anchor\n',
  'a: !!str 1\n',
  'a: b: c\n',
  'a: plain\n  continued\n',
  '"quoted key": 1\n\'single\': 2\n',
  'a: 1\na: 2\n',
  '? complex\n: value\n',
  'key: value\r\nother: 2\r\n',
  'a:\n  b:\n    c:\n      d: deep\n  e: back\n',
  'x: ${item.a} ${key}\ny: "${z}"\n',
  'url: https://example.org/a#b\ntime: 12:30\n',
  '- top\n- level\n',
  'just a scalar\n',
  '',
  '# only a comment\n',
  'a: [1, 2\n',
  'a: "unclosed\n',
  'a: 1 # c\n  # indented comment\nb: 2\n',
  'k: v\n\t\n',
  '1: one\n2.5: two\n',
  'a: -\nb: - x\n',
  'a: [a, [b, [c]]]\nb: {x: {y: {z: 1}}}\n',
  'a: [x: 1]\n',
  'cmd: python a.py --x=1 -y: z\n',
  'a: >\n\n  text after blank\n',
  'a: |\n    indented more\n   less\n',
  'a: "multi\n  line"\n',
];

test('agrees with yaml on every fixture file', () => {
  assert.ok(files.length > 150);
  for (const f of files) assert.equal(disagreement(readFileSync(f, 'utf8')), undefined, f);
});

test('agrees with yaml on tricky snippets', () => {
  for (const s of SNIPPETS) assert.equal(disagreement(s), undefined, JSON.stringify(s));
});

test('agrees with yaml on 3,000 random mutations of the fixtures', () => {
  const rand = seededRandom(20261127);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  let accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const text = mutate(texts[Math.floor(rand() * texts.length)], rand);
    const d = disagreement(text);
    assert.equal(d, undefined, `mutation ${i}: ${JSON.stringify(text)}`);
    if (parseFastYaml(text)) accepted++;
  }
  // Most mutations stay plain YAML; the fast path must not simply decline everything.
  assert.ok(accepted > 600, `${accepted} accepted`);
});

test('reads the common forms itself', () => {
  const common = SNIPPETS.filter((s) => /^(a: 1\nb: -2|cmd: \||a:\n- x|a: \{\}|list:\n  - a|---|key: value\r)/.test(s));
  assert.equal(common.length, 7);
  for (const s of common) {
    assert.ok(parseFastYaml(s), JSON.stringify(s));
  }
});
