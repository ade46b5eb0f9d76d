// The shape of one CLI command, argument parsing shared by all of them, and the one wrapper
// that renders whatever a command throws: `error[code]` on stderr, and under --json the error
// object on stdout as well, with the command's exit code either way.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PonteError } from '../core/errors';
import { closestNames } from '../core/project';
import { renderError, renderErrorJson } from './output';

export interface CliCommand {
  /** One line for `ponte --help`. */
  summary: string;
  /** Returns the exit code: 0 ok, 1 a finding (errors, failed gate), 2 bad usage. */
  run(argv: string[]): Promise<number>;
  /** The exit code for any error the command throws; default `exitCodeFor` (2 usage, else 1). */
  errorExitCode?: number;
  /** What it accepts, for checks of `ponte` lines written by hand (CI files): the objects it parses with. */
  grammar?: CommandGrammar;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandGrammar {
  options: Options;
  /** Sub-commands (the first positional), each accepting `options` plus its own. */
  subcommands?: Record<string, { options?: Options }>;
  /** What its positional arguments name, when a file declares them (checked against it). */
  positionals?: 'stages';
}

/** node:util parseArgs, with usage errors turned into a PonteError (exit 2 via `usageError`). */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, help: string) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    return undefined;
  }
  const unknown = unknownOption(argv, options);
  if (unknown) {
    throw new PonteError('usage.bad_arguments', `ponte ${command}: unknown option ${unknown.given}${didYouMeanOf(unknown.near)}`, { hint: usageHint(command, help) });
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new PonteError('usage.bad_arguments', `ponte ${command}: ${(e as Error).message}`, {
      hint: `run 'ponte ${command} --help'`,
    });
  }
  // parseArgs keeps the last of a repeated value option: `--out a --out b` would drop `a` unsaid.
  const seen = new Map<string, string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || options[t.name]?.type !== 'string' || options[t.name]?.multiple) continue;
    const before = seen.get(t.name);
    if (before !== undefined) {
      throw new PonteError('usage.bad_arguments', `ponte ${command}: --${t.name} given twice (${before}, ${t.value ?? ''})`, { hint: `give --${t.name} once` });
    }
    seen.set(t.name, t.value ?? '');
  }
  const { tokens: _tokens, ...result } = parsed;
  return result;
}

/**
 * The first option `argv` gives that `options` lacks, read the way parseArgs reads them (a string
 * option takes the next word; `--` ends the options), with the declared ones it is closest to:
 * parseArgs names it too, but without a guess and with advice about `--` that misleads here.
 */
function unknownOption(argv: string[], options: Options): { given: string; near: string[] } | undefined {
  const longs = [...Object.keys(options), 'help'];
  const nearLong = (word: string) => closestNames(word, longs).map((n) => `--${n}`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      const spec = Object.hasOwn(options, name) ? options[name] : undefined;
      if (!spec && name !== 'help') return { given: `--${name}`, near: nearLong(name) };
      if (spec?.type === 'string' && !a.includes('=')) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const spec = Object.values(options).find((o) => o.short === a[j]);
        // `-modle`: a long option written with one dash reads as a cluster of short ones.
        if (!spec) return a[j] === 'h' ? undefined : { given: `-${a[j]}`, near: a.length > 2 ? nearLong(a.slice(1)) : [] };
        if (spec.type === 'string') {
          if (j === a.length - 1) i++;
          break;
        }
      }
    }
  }
  return undefined;
}

/** ` (did you mean --model?)`, or "". */
export function didYouMeanOf(names: string[]): string {
  return names.length ? ` (did you mean ${names.join(' or ')}?)` : '';
}

/** The help's `Usage:` line, and where the rest is. */
function usageHint(command: string, help: string): string {
  const line = help.split('\n').find((l) => l.trim().startsWith('Usage:'))?.trim();
  return `${line ? `${line}; ` : ''}run 'ponte ${command} --help' for every option`;
}

/** A sub-command that is not one of `names` (or none at all): bad usage, with the closest names. */
export function unknownSubcommand(command: string, sub: string | undefined, names: string[], o: { hint: string; code?: string }): PonteError {
  const message = sub === undefined ? `ponte ${command} needs a subcommand` : `unknown subcommand "${command} ${sub}"${didYouMeanOf(closestNames(sub, names))}`;
  return new PonteError(o.code ?? 'usage.bad_subcommand', message, { hint: o.hint });
}

/** Exit code for a PonteError whose code starts with `usage.`. */
export function exitCodeFor(e: unknown): number {
  return e instanceof PonteError && e.code.startsWith('usage.') ? 2 : 1;
}

/** True when `--json` is among the options (not after a `--`), even where the parse fails. */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** The command, with what it throws rendered once (see the top of this file); never a stack trace. */
export function guarded(command: CliCommand): CliCommand {
  return {
    ...command,
    async run(argv) {
      try {
        return await command.run(argv);
      } catch (e) {
        // stderr too: `ponte test --json > results.json` still tells the person at the terminal.
        if (wantsJson(argv)) process.stdout.write(renderErrorJson(e));
        process.stderr.write(renderError(e));
        return command.errorExitCode ?? exitCodeFor(e);
      }
    },
  };
}

/** Ctrl-C and SIGTERM abort this signal until `dispose()`: how a long command cancels its work. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}
