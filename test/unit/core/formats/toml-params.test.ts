// The TOML subset DVC params/vars files use, read for `${...}` and params checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTomlParams } from '../../../../src/core/formats/toml-params';
import { expandDvcStages, parseDvcPipeline, validateText, type SpecFileAccess } from '../../../../src/core/project';
import { mutate, seededRandom } from '../project/mutate';

test('tables, dotted keys, values of every kind', () => {
  const v = parseTomlParams(`# params
seed = 42
name = "rf \\"big\\""
path = 'C:\\data'
ratio = 0.2
big = 1_000
hex = 0xff
flags = [true, false]
nums = [
  1, 2,  # trailing comment
  3,
]
when = 2024-01-02
inline = { lr = 0.1, opt.name = "adam" }
[train]
epochs = 10
[train.optimizer]
lr = 1e-3
[[models]]
name = "a"
[[models]]
name = "b"
"quoted key".x = 1
`);
  assert.deepEqual(v, {
    seed: 42,
    name: 'rf "big"',
    path: 'C:\\data',
    ratio: 0.2,
    big: 1000,
    hex: 255,
    flags: [true, false],
    nums: [1, 2, 3],
    when: '2024-01-02',
    inline: { lr: 0.1, opt: { name: 'adam' } },
    train: { epochs: 10, optimizer: { lr: 0.001 } },
    models: [{ name: 'a' }, { name: 'b', 'quoted key': { x: 1 } }],
  });
});

test('what it does not read answers undefined, never throws', () => {
  for (const t of ['a = ', 'd = 2023-02-29', 'wake = 07:30:00 = 1', 'a = 1\na = 2', '[a\nb = 1', 'a = [1, 2', 'a = nope', '= 1', 'a.b = 1\na = 2']) {
    assert.equal(parseTomlParams(t), undefined, JSON.stringify(t));
  }
});

test('multi-line strings and dates keep what ${} prints: the string, the date as written', () => {
  assert.deepEqual(parseTomlParams('a = """multi\nline"""\nb = \'\'\'raw \\n\'\'\'\nt = 1979-05-27 07:32:00.123456\n# d = 2024-01-01\ns = "2024-01-01"\n'), {
    a: 'multi\nline', b: 'raw \\n', t: '1979-05-27 07:32:00.123456', s: '2024-01-01',
  });
});

test('dvc.yaml reads ${} from a TOML vars file and checks params keys in a TOML params file', () => {
  const files: Record<string, string> = { 'params.toml': '[train]\nlr = 0.5\n', 'params.yaml': 'x: 1\n' };
  const fs: SpecFileAccess = { exists: (p) => p in files, read: (p) => files[p] };
  const text = 'vars:\n  - params.toml\nstages:\n  s:\n    cmd: fit --lr ${train.lr}\n    params:\n      - params.toml:\n          - train.lr\n          - train.momentum\n';
  assert.deepEqual(expandDvcStages(parseDvcPipeline(text, 'dvc.yaml'), { fs }).stages[0].cmd, ['fit --lr 0.5']);
  assert.deepEqual(validateText(text, { file: 'dvc.yaml', kind: 'dvc', fs }).map((d) => [d.code, d.message]), [['params.unknown', '"train.momentum" is not a key of params.toml']]);
});

test('fuzz: 20,000 damaged TOML texts never throw', () => {
  const base = 'seed = 42\nname = "rf"\n[train]\nlr = 0.1\nnums = [1, 2,\n 3]\ninline = { a = 1, b = [1, {c = 2}] }\n[[m]]\nx = 1\n';
  const rand = seededRandom(5);
  for (let i = 0; i < 20_000; i++) parseTomlParams(mutate(base, rand));
});
