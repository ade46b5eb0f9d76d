// The shape of one CLI command, and argument parsing shared by all of them.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PonteError } from '../core/errors';

export interface CliCommand {
  /** One line for `ponte --help`. */
  summary: string;
  /** Returns the exit code: 0 ok, 1 a finding (errors, failed gate), 2 bad usage. */
  run(argv: string[]): Promise<number>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with usage errors turned into a PonteError (exit 2 via `usageError`). */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, help: string) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    return undefined;
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new PonteError('usage.bad_arguments', `ponte ${command}: ${(e as Error).message}`, {
      hint: `run 'ponte ${command} --help'`,
    });
  }
}

/** Exit code for a PonteError whose code starts with `usage.`. */
export function exitCodeFor(e: unknown): number {
  return e instanceof PonteError && e.code.startsWith('usage.') ? 2 : 1;
}
