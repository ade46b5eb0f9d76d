// The frame of a command that talks to the backend: parse its arguments (--help prints and
// exits 0), resolve the backend, run the body, print any error as the CLI does, and close the
// backend whatever happened. The body returns the exit code.
import type { ParseArgsConfig } from 'node:util';
import { PonteError } from '../core/errors';
import type { PonteApi } from '../core/api';
import { exitCodeFor, parseCommandArgs, type Options } from './command';
import { backendOptions, resolveBackend } from './backend-options';
import { renderError } from './output';

type Parsed<T extends Options> = NonNullable<ReturnType<typeof parseCommandArgs<T & typeof backendOptions>>>;

export async function runWithBackend<T extends Options>(
  name: string,
  argv: string[],
  options: T & typeof backendOptions,
  help: string,
  body: (args: Parsed<T>, connect: () => Promise<PonteApi>) => Promise<number>,
): Promise<number> {
  let api: PonteApi | undefined;
  try {
    const args = parseCommandArgs(name, argv, options as ParseArgsConfig['options'] & T & typeof backendOptions, help);
    if (!args) return 0;
    const values = args.values as { backend?: string; token?: string };
    return await body(args as Parsed<T>, async () => (api = (await resolveBackend({ backend: values.backend, token: values.token })).api));
  } catch (e) {
    process.stderr.write(renderError(e));
    return exitCodeFor(e);
  } finally {
    await api?.close().catch(() => undefined);
  }
}

/** `--limit N`: a whole number from 1 to 1000, `fallback` when absent. */
export function limitOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new PonteError('usage.bad_arguments', `--limit must be a whole number from 1 to 1000, not "${value}"`);
  return n;
}
