// params.toml read as DVC reads it (tomlkit), held to an oracle: Python's tomllib
// (test/fixtures/pipeline/params/toml_oracle.py) reads the same texts; values and their int or
// float type must agree, and what Python refuses Ponte refuses at the same line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseParamsText, selectParams } from '../../../../src/core/formats/params-file';
import { PyDate, PyFloat, pyFloatRepr } from '../../../../src/core/formats/py-values';
import { formatLockFile } from '../../../../src/core/pipeline/lock-file';
import { PonteError } from '../../../../src/core/errors';

const FIXTURES = join(__dirname, '../../../fixtures/pipeline/params');
const PARAMS_TOML = readFileSync(join(FIXTURES, 'params.toml'), 'utf8');

function tag(v: unknown): unknown {
  if (v instanceof PyFloat) return { float: Number.isFinite(v.value) ? pyFloatRepr(v.value) : String(v.value).replace('Infinity', 'inf').replace('NaN', 'nan') };
  if (typeof v === 'number') return Number.isInteger(v) ? { int: String(v) } : { float: pyFloatRepr(v) };
  if (v instanceof PyDate) return { date: true };
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'string') return { str: v };
  if (Array.isArray(v)) return { list: v.map(tag) };
  return { dict: Object.entries(v as object).map(([k, x]) => [k, tag(x)]) };
}

function ours(text: string): { value?: unknown; error?: string; line?: number } {
  try {
    return { value: tag(parseParamsText(text, 'params.toml')) };
  } catch (e) {
    if (e instanceof PonteError) return { error: e.message, line: e.line };
    throw e;
  }
}

const SNIPPETS = [
  'a = 1\nb = 1.0\nc = -0.0\nd = 1e3\ne = 1E-7\nf = +inf\ng = -nan\nh = 0o17\ni = 0b11\nj = 1_000\nk = 6.02e+23\n',
  'a = "\\u00e9\\t\\"x\\""\nb = \'lit\\n\'\nc = """\nx\ny"""\nd = \'\'\'\nraw\\n\'\'\'\ne = """a \\\n    b"""\nf = """q""""\n',
  'a.b.c = 1\na.b.d = [1, "x", {e = 2}]\n"q k" = true\n', '[t]\nx = 1\n[t.u]\ny = 2\n[[arr]]\nz = 1\n[[arr]]\nz = 2.5\n',
  'a = [\n  1,\n  2, # c\n]\n', 'a = {}\nb = []\n', '# only a comment\n', '',
  'a = 1\na = 2\n', '[t]\n[t]\n', 'a = 1\na.b = 2\n', 'a = [1, 2\n', 'a = "open\n', 'a = 01\n', 'a = 1__0\n', 'a = nope\n', '= 1\n', 'a = 1 b = 2\n',
  'a = 1\nb = { c = 1, }\n', 'a = "\\q"\n', 'x = 1\n[a\n',
  'd = 2024-01-02\nt = 1979-05-27T07:32:00Z\nl = 1979-05-27 07:32:00.5\no = 1979-05-27t07:32:00-07:00\nx = [2024-02-29]\n', 'd = 2023-02-29\n',
];
// Where Ponte is laxer than TOML 1.0 (tomlkit and tomllib refuse): inline tables may end in a comma.
const LAX = new Set(['a = 1\nb = { c = 1, }\n']);

test('params.toml and 22 snippets: values and int/float types as Python\'s TOML reader gives them; errors at the same line', () => {
  const texts = [PARAMS_TOML, ...SNIPPETS];
  const expected = JSON.parse(execFileSync('/usr/bin/python3', [join(FIXTURES, 'toml_oracle.py')], { input: JSON.stringify(texts), encoding: 'utf8' })) as { value?: unknown; error?: string; line?: number }[];
  const wrong: string[] = [];
  texts.forEach((text, i) => {
    const want = expected[i];
    const got = ours(text);
    if (want.error !== undefined) {
      if (LAX.has(text)) return;
      if (got.error === undefined) wrong.push(`${JSON.stringify(text)}: Python says ${want.error}; Ponte read ${JSON.stringify(got.value)}`);
      else if (want.line !== null && got.line !== want.line) wrong.push(`${JSON.stringify(text)}: Ponte "${got.error}" at line ${got.line}; Python "${want.error}" at line ${want.line}`);
    } else if (got.error !== undefined) {
      wrong.push(`${JSON.stringify(text)}: Ponte fails "${got.error}" at line ${got.line}; Python reads it`);
    } else if (JSON.stringify(got.value) !== JSON.stringify(want.value)) {
      wrong.push(`${JSON.stringify(text)}: Ponte ${JSON.stringify(got.value)}, Python ${JSON.stringify(want.value)}`);
    }
  });
  assert.deepEqual(wrong, []);
});

test('params.toml values go to dvc.lock as DVC writes them: 1.0 stays 1.0, inf and nan as .inf and .nan', () => {
  const tree = parseParamsText(PARAMS_TOML, 'params.toml');
  const params = selectParams(tree, ['train.C', 'train.optimizer.lr', 'seed', 'scale', 'inf', 'nan', 'models'], { file: 'params.toml', stage: 's' });
  const text = formatLockFile({ stages: new Map([['s', { cmd: 'python train.py', deps: [], params: { 'params.toml': params }, outs: [] }]]) });
  assert.equal(text, `schema: '2.0'
stages:
  s:
    cmd: python train.py
    params:
      params.toml:
        inf: .inf
        models:
        - name: a
        - name: b
        nan: .nan
        scale: 1.0
        seed: 42
        train.C: 2.0
        train.optimizer.lr: 0.001
`);
});

test('TOML dates go to dvc.lock plain, as ruamel writes the dates tomlkit gives DVC; a time of day is refused at its line', () => {
  const tree = parseParamsText('d = 2024-01-02\nt = 1979-05-27T07:32:00Z\nl = 1979-05-27 07:32:00.5\no = 1979-05-27t07:32:00-07:00\nz = 1979-05-27T07:32:00.000\nm = 1979-05-27T07:32:00.1234567-00:00\n', 'params.toml');
  const text = formatLockFile({ stages: new Map([['s', { cmd: 'x', deps: [], params: { 'params.toml': selectParams(tree, null, { file: 'params.toml', stage: 's' }) }, outs: [] }]]) });
  // the bytes tomlkit 0.13 + ruamel.yaml give for the same file
  assert.equal(text.split('params.toml:\n')[1], `        d: 2024-01-02
        l: 1979-05-27 07:32:00.500000
        m: 1979-05-27 07:32:00.123456+00:00
        o: 1979-05-27 07:32:00-07:00
        t: 1979-05-27 07:32:00+00:00
        z: 1979-05-27 07:32:00
`);
  assert.throws(() => parseParamsText('a = 1\nwake = 07:30:00\n', 'params.toml'), (e: unknown) => {
    assert.ok(e instanceof PonteError && e.code === 'params.syntax' && e.line === 2 && e.column === 8);
    assert.match(e.hint ?? '', /as a string/);
    return true;
  });
  assert.throws(() => parseParamsText('a = 1\nb = 9007199254740993\n', 'params.toml'), (e: unknown) => e instanceof PonteError && e.line === 2 && /2\*\*53/.test(e.message));
});

test('dates, times and integers are found only in values: not in keys, strings or comments', () => {
  const text = [
    '2024-01-02 = "x"', '# 2023-02-29 07:30', 's = "07:30:00 \\" 2023-02-29"', 'm = """', '2023-02-29', '"""', 'h = 0x20_0000_0000_0001', '',
  ].join('\n');
  assert.throws(() => parseParamsText(text, 'params.toml'), (e: unknown) => {
    assert.ok(e instanceof PonteError && e.line === 7 && e.column === 5, String(e));
    assert.match(e.message, /9007199254740993 is past 2\*\*53/);
    return true;
  });
  const tree = parseParamsText(text.replace(/h = .*\n/, 'd = [2024-02-29, 1979-05-27T07:32:00.999999]\n'), 'params.toml');
  assert.deepEqual(tree, { '2024-01-02': 'x', s: '07:30:00 " 2023-02-29', m: '2023-02-29\n', d: [new PyDate('2024-02-29'), new PyDate('1979-05-27 07:32:00.999999')] });
  // TOML 1.1 lets the seconds go; tomllib and tomlkit (TOML 1.0) refuse, so Ponte does too.
  assert.throws(() => parseParamsText('a = 1\nt = 1979-05-27T07:32Z\n', 'params.toml'), (e: unknown) => e instanceof PonteError && e.line === 2 && /no seconds/.test(e.message));
});
