// Every command of the built CLI (dist/cli.js; `npm run build` first), and every sub-command, on a
// mistyped option: exit 2 before any work, the option named with the one meant, and the usage
// line; a mistyped command or sub-command gets the same guess. The list comes from the command
// table, so a new command is covered without touching this file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliGrammar } from '../../../src/cli/commands/ci-validate';
import { ponte } from '../pipeline/lib/project';

const dir = mkdtempSync(join(tmpdir(), 'ponte-unknown-option-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('every command and sub-command: unknown option --hepl (did you mean --help?), the usage line, exit 2, nothing written', () => {
  // Each command alone (the option before any sub-command), and each of its sub-commands.
  const invocations = Object.entries(cliGrammar()).flatMap(([name, g]) => [[name], ...Object.keys(g?.subcommands ?? {}).map((sub) => [name, sub])]);
  assert.ok(invocations.length > 40, `${invocations.length} invocations`);
  for (const words of invocations) {
    const r = ponte(dir, ...words, '--hepl');
    const said = `ponte ${words.join(' ')} --hepl: exit ${r.code}\n${r.stderr}`;
    assert.equal(r.code, 2, said);
    assert.match(r.stderr, /^error\[usage\.bad_arguments\]: ponte [a-z -]+: unknown option --hepl \(did you mean --help\?\)\n {2}hint: Usage: ponte .*; run 'ponte [a-z -]+ --help' for every option\n$/, said);
  }
  assert.deepEqual(readdirSync(dir), [], 'nothing written');
});

test('ponte deploy churn --modle 2 names --model', () => {
  const r = ponte(dir, 'deploy', 'churn', '--modle', '2');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --modle \(did you mean --model\?\)/);
  assert.match(r.stderr, /hint: Usage: ponte deploy NAME \[--model VERSION \| --alias ALIAS\]/);
});

test('a mistyped command or sub-command: the closest names, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['deplyo'], /^error\[usage\.unknown_command\]: unknown command 'deplyo' \(did you mean deploy\?\)\n {2}hint: run 'ponte --help'/],
    [['model', 'promot', '3'], /unknown subcommand "model promot" \(did you mean promote\?\)/],
    [['exp', 'lst'], /unknown subcommand "exp lst" \(did you mean list\?\)/],
    [['data', 'stauts'], /unknown subcommand "data stauts" \(did you mean status\?\)/],
    [['ci', 'generat', 'github'], /unknown subcommand "ci generat" \(did you mean generate\?\)/],
    [['alerts', 'ak', '1'], /unknown subcommand "alerts ak" \(did you mean ack\?\)/],
    [['monitor', 'statu'], /unknown subcommand "monitor statu" \(did you mean status\?\)/],
    [['export', 'grafan'], /unknown subcommand "export grafan" \(did you mean grafana\?\)/],
  ];
  for (const [args, message] of cases) {
    const r = ponte(dir, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
