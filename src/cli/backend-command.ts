// The frame of a command that talks to the backend: parse its arguments (--help prints and
// exits 0), resolve the backend on first use, run the body, and close the backend whatever
// happened. What the body throws is rendered by the CLI's one wrapper (`guarded`).
import type { ParseArgsConfig } from 'node:util';
import { PonteError } from '../core/errors';
import type { PonteApi } from '../core/api';
import { parseCommandArgs, type Options } from './command';
import { backendOptions, resolveBackend } from './backend-options';

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
    return await body(args, async () => (api ??= (await resolveBackend({ backend: values.backend, token: values.token })).api));
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
