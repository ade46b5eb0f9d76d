// The ${...} injection grammar, run by the real tokenizer over VS Code's own YAML grammar (both
// taken from the code-server install the e2e suite uses): names inside ${} in plain, quoted and
// flow values get the Ponte scopes; comments and GitHub's ${{ }} do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ours = path.resolve('syntaxes/ponte-interpolation.tmLanguage.json');

interface Token {
  text: string;
  scopes: string[];
}

/** What this test uses of vscode-textmate and vscode-oniguruma (untyped here: loaded from code-server). */
interface Grammar {
  tokenizeLine(line: string, state: unknown): { ruleStack: unknown; tokens: { startIndex: number; endIndex: number; scopes: string[] }[] };
}
interface TextMate {
  INITIAL: unknown;
  Registry: new (options: {
    onigLib: Promise<unknown>;
    loadGrammar: (scope: string) => Promise<unknown>;
    getInjections: (scope: string) => string[] | undefined;
  }) => { loadGrammar(scope: string): Promise<Grammar> };
  parseRawGrammar(content: string, file: string): unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (s: string) => unknown;
}

async function tokenizer(): Promise<(lines: string[]) => Token[][]> {
  const cache = execFileSync('bash', ['scripts/install-code-server.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const vscodeDir = path.join(cache, 'code-server-4.139.1/node_modules/code-server/lib/vscode');
  // VS Code's own copies, inside the code-server install, found at run time
  /* eslint-disable @typescript-eslint/no-require-imports */
  const tm = require(path.join(vscodeDir, 'node_modules/vscode-textmate')) as TextMate;
  const onig = require(path.join(vscodeDir, 'node_modules/vscode-oniguruma')) as Oniguruma;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const wasm = readFileSync(path.join(vscodeDir, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammarDir = path.join(vscodeDir, 'extensions/yaml/syntaxes');
  const files = new Map<string, string>([['ponte.interpolation.injection', ours]]);
  for (const f of readdirSync(grammarDir)) {
    const scope = (JSON.parse(readFileSync(path.join(grammarDir, f), 'utf8')) as { scopeName: string }).scopeName;
    files.set(scope, path.join(grammarDir, f));
  }
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) => {
      const file = files.get(scope);
      return file ? tm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scope: string) => (scope === 'source.yaml' ? ['ponte.interpolation.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  return (lines) => {
    let state = tm.INITIAL;
    return lines.map((line) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  };
}

const begin = 'punctuation.definition.template-expression.begin.ponte';
const name = 'variable.other.readwrite.ponte';

function scopesOf(tokens: Token[], text: string): string[] {
  return tokens.filter((t) => t.text === text).flatMap((t) => t.scopes);
}

test('${...} is highlighted in values, and not in comments or ${{ }}', { timeout: 600_000 }, async () => {
  const tokenize = await tokenizer();
  const lines = [
    'stages:',
    '  train:',
    '    cmd: python train.py --lr ${train.lr} --seed ${seed}',
    '    deps:',
    '      - "data/${dataset}.csv"',
    "      - 'models/${item[0]}'",
    '    foreach: ${models}',
    '    params: [ ${section} ]',
    '    # ${commented} is not code',
    '    ci: echo ${{ github.sha }}',
  ];
  const t = tokenize(lines);
  assert.ok(scopesOf(t[2], 'train').includes(name), JSON.stringify(t[2]));
  assert.ok(scopesOf(t[2], '${').includes(begin), JSON.stringify(t[2]));
  assert.ok(scopesOf(t[2], 'seed').includes(name));
  assert.ok(scopesOf(t[2], '.').includes('punctuation.accessor.ponte'));
  assert.ok(scopesOf(t[4], 'dataset').includes(name), JSON.stringify(t[4]));
  assert.ok(scopesOf(t[5], 'item').includes(name), JSON.stringify(t[5]));
  assert.ok(scopesOf(t[6], 'models').includes(name), JSON.stringify(t[6]));
  assert.ok(scopesOf(t[7], 'section').includes(name), JSON.stringify(t[7]));
  assert.ok(!t[8].some((x) => x.scopes.includes(name)), JSON.stringify(t[8]));
  assert.ok(!t[9].some((x) => x.scopes.includes(name) || x.scopes.includes(begin)), JSON.stringify(t[9]));
  // The keys themselves stay YAML keys.
  assert.ok(!t[2].find((x) => x.text === 'cmd')!.scopes.includes(name));
});
