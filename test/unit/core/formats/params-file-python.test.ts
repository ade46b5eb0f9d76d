// params.py read as DVC reads it, held to an oracle: Python's own ast.parse and
// ast.literal_eval (test/fixtures/pipeline/params/py_oracle.py) read the same texts and the
// values, the names skipped and the syntax errors must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePythonEntries, PySyntaxError, type PyLiteral, type PyParamsEntries } from '../../../../src/core/formats/python-params';
import { parseParamsText, selectParams } from '../../../../src/core/formats/params-file';
import { PyFloat, pyFloatRepr } from '../../../../src/core/formats/py-values';
import { PonteError } from '../../../../src/core/errors';
import { mutate, seededRandom } from '../project/mutate';

const FIXTURES = join(__dirname, '../../../fixtures/pipeline/params');
const PARAMS_PY = readFileSync(join(FIXTURES, 'params.py'), 'utf8');

type Tagged = unknown;

function tag(v: PyLiteral): Tagged {
  switch (v.t) {
    case 'int': return { int: v.v.toString() };
    case 'float': return { float: Number.isFinite(v.v) ? pyFloatRepr(v.v) : v.v > 0 ? 'inf' : v.v < 0 ? '-inf' : 'nan' };
    case 'str': return { str: v.v };
    case 'bool': return { bool: v.v };
    case 'none': return null;
    case 'complex': return { complex: true };
    case 'bytes': return { bytes: true };
    case 'ellipsis': return { ellipsis: true };
    case 'set': return { set: true };
    case 'tuple': case 'list': return { list: v.items.map(tag) };
    case 'dict': {
      // a Python dict keeps one entry per equal key: the first place, the last value
      const out = new Map<string, [Tagged, Tagged]>();
      for (const [k, x] of v.entries) {
        const id = k.t === 'int' || k.t === 'float' || k.t === 'bool' ? `n${Number(k.v)}` : JSON.stringify(tag(k)); // 1 == 1.0 == True
        out.set(id, [out.get(id)?.[0] ?? tag(k), tag(x)]);
      }
      return { dict: [...out.values()] };
    }
  }
}

function tagEntries(entries: PyParamsEntries): Tagged {
  return [...entries].map(([k, { node }]) => [k, node.t === 'class' ? { class: tagEntries(node.body) } : tag(node)]);
}

function ours(text: string): Tagged {
  try {
    return { entries: tagEntries(parsePythonEntries(text)) };
  } catch (e) {
    if (e instanceof PySyntaxError) return { error: true, line: e.line };
    throw e;
  }
}

function oracle(texts: string[]): { entries?: Tagged; error?: string; line?: number }[] {
  return JSON.parse(execFileSync('/usr/bin/python3', [join(FIXTURES, 'py_oracle.py')], { input: JSON.stringify(texts), encoding: 'utf8' })) as { entries?: Tagged; error?: string; line?: number }[];
}

const SNIPPETS = [
  'x = 1\n', 'x = -0.0\n', 'x = +1\n', 'x = --1\n', 'x = -True\n', 'x = +(-1)\n', 'x = -(1+2j)\n', 'x = 1+2j+3j\n', 'x = (1)+2j\n', 'x = 1+(-2j)\n',
  'x = [1, [2, {"a": (3,)}]]\n', 'x = {1: 2, 1.0: 3, True: 4}\n', 'x = {"a": 1, **y}\n', 'x = [*y]\n', 'x = (yield)\n', 'x = lambda: 1\n',
  'x: int = 5\ny: "str"\n', 'x = "a" \'b\' """c"""\n', 'x = "a" f"b"\n', 'x = rb"\\n" \n', 'x = "\\N{BULLET}"\n', 'x = u"\\u00e9"\n', 'x = "\\777"\n',
  'x = 1_0.5e1_0\n', 'x = 0_0\n', 'x = 1e-7\n', 'x = 12345678901234567.0\n', 'x = 0.1 + 0.2\n', 'x = [1,\n  2,  # comment\n  3]\n', 'x = 1 \\\n  + 0j\n',
  'class A:\n    x = 1\nclass A:\n    y = 2\n', 'x = 1\nclass x:\n    pass\n', 'class A:\n    class B:\n        class C:\n            d = 4\n',
  'class A:\n    def __init__(self):\n        self.a = 1\n        class Inner:\n            q = 1\n', 'class A(object):\n  x = 1\n  async def __init__(self):\n    self.y = 2\n',
  'if True:\n    x = 1\nelse:\n    y = 2\nz = 3\n', 'with open("f") as f:\n    x = 1\n', 'while x:\n    pass\n', 'x = 1; y = [2,\n3]; z = 3\n',
  'x = {"a": [1, 2], "b": {"c": None}}\n', 'x = set()\ny = set([1])\n', 'x = {[1]: 2}\n', 'x = {{1}}\n', 'x = ()\ny = ((),)\n', 'x = (1, 2,)\n',
  '\ufeffx = 1\n', 'x = 1\r\ny = 2\r\n', 'x = "unterminated\n', 'x = [1, 2\n', 'x = (1, 2]\n', 'x = 1\n  y = 2\n', 'class A:\nx = 1\n', 'x = 012\n',
  'x = "\\x4"\n', 'x = 1 $ 2\n', 'x = """never ends\n', 'def f():\n    return 1\n  x = 2\n', 'x = [1 2]\n', 'x = b"é"\n',
  '', '# only a comment\n', '\n\n\nx = 1', 'x = 1 # trailing\n', 'x = "#not a comment"\n', 'x = \'it\\\'s\'\n', 'x = 9007199254740993\n', 'x = 0xFFFF_FFFF\n',
];
// Where Ponte knowingly differs: Python's grammar rejects `[1 2]`, Ponte sees no literal and
// skips it; a byte-order mark Ponte reads past (DVC fails on it).
const SOFT_MISMATCH = new Set(['x = [1 2]\n', '\ufeffx = 1\n']);
// \N{NAME} escapes need Unicode's name table: Ponte refuses them at their line instead.
const REFUSED = new Set(['x = "\\N{BULLET}"\n']);

test('params.py and 70 snippets: Ponte reads what Python\'s ast and literal_eval read, as DVC keys them', () => {
  const texts = [PARAMS_PY, ...SNIPPETS];
  const expected = oracle(texts);
  const wrong: string[] = [];
  texts.forEach((text, i) => {
    const want = expected[i];
    const got = ours(text) as { entries?: Tagged; error?: boolean; line?: number };
    if (want.error?.startsWith('TypeError')) {
      if (!got.error) wrong.push(`${JSON.stringify(text)}: Python raises ${want.error}; Ponte read ${JSON.stringify(got)}`);
      return;
    }
    if (want.error !== undefined) {
      if (SOFT_MISMATCH.has(text)) return;
      if (!got.error) wrong.push(`${JSON.stringify(text)}: Python says ${want.error} at line ${want.line}; Ponte read ${JSON.stringify(got.entries)}`);
      else if (got.line !== want.line) wrong.push(`${JSON.stringify(text)}: error at line ${got.line}, Python says line ${want.line}`);
      return;
    }
    if (got.error && REFUSED.has(text)) return;
    if (got.error) wrong.push(`${JSON.stringify(text)}: Ponte fails at line ${got.line}; Python reads ${JSON.stringify(want.entries)}`);
    else if (JSON.stringify(got.entries) !== JSON.stringify(want.entries)) wrong.push(`${JSON.stringify(text)}: Ponte ${JSON.stringify(got.entries)}, Python ${JSON.stringify(want.entries)}`);
  });
  assert.deepEqual(wrong, []);
});

test('params.py values: whole floats stay floats, tuples become lists, classes nest, and keys select as in dvc.yaml', () => {
  const tree = parseParamsText(PARAMS_PY, 'params.py');
  assert.ok(tree.SCALE instanceof PyFloat && tree.INF instanceof PyFloat && tree.INF.value === Infinity);
  assert.deepEqual(tree.SHAPE, [224, 224, 3]);
  assert.equal(tree.SEED, 43); // assigned again further down: the last value, in the first place
  assert.equal(Object.keys(tree)[0], 'SEED');
  const sel = selectParams(tree, ['LR', 'Train.lr', 'Train.Optimizer.momentum', 'Train.dropout', 'Train.items.k', 'top_self', 'attr_at_top'], { file: 'params.py', stage: 'train' });
  assert.deepEqual(sel, { LR: 0.001, 'Train.lr': 0.01, 'Train.Optimizer.momentum': 0.9, 'Train.dropout': 0.5, 'Train.items.k': [1, 2], top_self: 'module-level init', attr_at_top: 9 });
  assert.deepEqual(tree.Empty, {});
  assert.equal('DATA_DIR' in tree || 'INSIDE_IF' in tree || 'x' in (tree.Train as object), false);
});

test('params.py: a name DVC skips is missing with the reason; a value Ponte cannot hold is refused at its line', () => {
  const tree = parseParamsText(PARAMS_PY, 'params.py');
  const ctx = { file: 'params.py', stage: 'train' };
  const line = (name: string) => PARAMS_PY.split('\n').findIndex((l) => l.startsWith(`${name} `)) + 1;
  assert.throws(() => selectParams(tree, ['COMPUTED'], ctx), (e: unknown) => {
    assert.ok(e instanceof PonteError && e.code === 'params.missing');
    assert.equal(e.line, line('COMPUTED'));
    assert.match(e.hint ?? '', /not a literal/);
    return true;
  });
  for (const name of ['COMPLEX', 'BYTES', 'ELLIPSIS', 'SET', 'EMPTY_SET', 'INT_KEYS', 'HUGE']) {
    assert.throws(() => selectParams(tree, [name], ctx), (e: unknown) => e instanceof PonteError && e.code === 'params.bad_python' && e.line === line(name), name);
  }
  // the whole file as a dependency holds them too
  assert.throws(() => selectParams(tree, null, ctx), (e: unknown) => e instanceof PonteError && e.code === 'params.bad_python');
  assert.deepEqual(selectParams(parseParamsText('a = 1\nb = f(x)\n', 'p.py'), null, ctx), { a: 1 });
});

test('a broken params.py fails at its line with a hint, never a stack trace', () => {
  for (const [text, line] of [['x = 1\ny = "oops\n', 2], ['a = [1,\n2,\n', 1], ['x = 1\n    y = 2\n', 2], ['class A:\nx = 1\n', 2], ['x = "\\N{BULLET}"\n', 1]] as const) {
    assert.throws(() => parseParamsText(text, 'params.py'), (e: unknown) => {
      assert.ok(e instanceof PonteError && e.code === 'params.bad_python', text);
      assert.equal(e.line, line, text);
      assert.ok(e.hint && e.file === 'params.py');
      return true;
    });
  }
});

test('fuzz: 5,000 damaged params.py and params.toml texts are read or refused as PonteErrors with a line, never a crash', () => {
  const rand = seededRandom(11);
  const toml = readFileSync(join(FIXTURES, 'params.toml'), 'utf8');
  for (let i = 0; i < 5_000; i++) {
    const [text, file] = i % 2 ? [mutate(PARAMS_PY, rand), 'params.py'] : [mutate(toml, rand), 'params.toml'];
    try {
      parseParamsText(text, file);
    } catch (e) {
      assert.ok(e instanceof PonteError && e.line !== undefined && e.line >= 1, `${file} ${JSON.stringify(text)}: ${(e as Error).stack}`);
    }
  }
});
