// The argument parsing every command shares (src/cli/command.ts): an option the command does not
// declare is bad usage that names it, guesses the option meant, and gives the usage line; a
// mistyped sub-command gets the same guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError } from '../../../src/core/errors';
import { exitCodeFor, parseCommandArgs, unknownSubcommand } from '../../../src/cli/command';

const HELP = 'Usage: ponte deploy NAME [--model VERSION | --alias ALIAS] [--json]\n\nRuns a model.\n';
const options = { model: { type: 'string' }, alias: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string', short: 'o' }, force: { type: 'boolean', short: 'f' } } as const;

function refusal(argv: string[]): PonteError {
  try {
    parseCommandArgs('deploy', argv, options, HELP);
  } catch (e) {
    assert.ok(e instanceof PonteError, String(e));
    return e;
  }
  assert.fail(`${argv.join(' ')} was accepted`);
}

test('--modle: unknown option with the option meant and the usage line, exit 2', () => {
  const e = refusal(['churn', '--modle', '2']);
  assert.equal(e.code, 'usage.bad_arguments');
  assert.equal(e.message, 'ponte deploy: unknown option --modle (did you mean --model?)');
  assert.equal(e.hint, "Usage: ponte deploy NAME [--model VERSION | --alias ALIAS] [--json]; run 'ponte deploy --help' for every option");
  assert.equal(exitCodeFor(e), 2);
});

test('the forms parseArgs reads: --x=v, a one-dash long option, short clusters, --help itself', () => {
  assert.equal(refusal(['--jsno=1']).message, 'ponte deploy: unknown option --jsno (did you mean --json?)');
  assert.equal(refusal(['-modle']).message, 'ponte deploy: unknown option -m (did you mean --model?)');
  assert.equal(refusal(['-fx']).message, 'ponte deploy: unknown option -x');
  assert.equal(refusal(['--hlep']).message, 'ponte deploy: unknown option --hlep (did you mean --help?)');
  assert.equal(refusal(['--zzzzzz']).message, 'ponte deploy: unknown option --zzzzzz');
});

test('what follows -- is not an option; declared options, clusters and --x=v still parse', () => {
  const r = parseCommandArgs('deploy', ['churn', '--model=2', '-fo', 'y', '--', '--modle'], options, HELP);
  assert.ok(r);
  assert.deepEqual({ ...r.values }, { model: '2', out: 'y', force: true });
  assert.deepEqual(r.positionals, ['churn', '--modle']);
});

test('a mistyped sub-command gets the closest names; none at all says one is needed', () => {
  const e = unknownSubcommand('model', 'promot', ['register', 'list', 'show', 'promote'], { hint: 'register, list, show or promote' });
  assert.equal(e.message, 'unknown subcommand "model promot" (did you mean promote?)');
  assert.equal(exitCodeFor(e), 2);
  assert.equal(unknownSubcommand('model', undefined, ['list'], { hint: 'list' }).message, 'ponte model needs a subcommand');
  assert.equal(unknownSubcommand('data', 'zzz', ['add'], { hint: 'add', code: 'usage.unknown_command' }).code, 'usage.unknown_command');
});
