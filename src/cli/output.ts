// How the CLI shows errors and tables: `error[code]: message` and the hint on stderr, or under
// --json the error object on stdout. Unknown errors still get one line, never a stack, unless
// PONTE_DEBUG is set (and never in the JSON).
import type { CliErrorJson, CliErrorOutput } from '../core/cli-json';
import { isPonteError } from '../core/errors';

const INTERNAL_HINT = 'this is a bug in Ponte; run with PONTE_DEBUG=1 for details and report it';
/**
 * A reader that went away (`ponte validate FILE | head -1`) ends every command quietly, the way
 * a pipe's writer ends on SIGPIPE: exit 141, no message (nothing more can be shown). Another
 * error on the output (a full disk) is reported once on stderr, exit 1.
 */
export function endQuietlyOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (isClosedPipe(e)) process.exit(CLOSED_PIPE_EXIT);
      if (stream === process.stdout) process.stderr.write(renderError(e));
      process.exit(1);
    });
  }
}

/** For a service (the data watcher): its output going away must not end it; writes are dropped. */
export function keepRunningOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.removeAllListeners('error');
    stream.on('error', () => undefined);
  }
}

/** 128 + SIGPIPE, what a shell reports for a writer that a closed pipe ended. */
export const CLOSED_PIPE_EXIT = 141;

export function isClosedPipe(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

export function renderError(e: unknown): string {
  if (isPonteError(e)) {
    const where = e.where();
    let s = `error[${e.code}]: ${where ? `${where}: ` : ''}${e.message}\n`;
    if (e.hint) s += `  hint: ${e.hint}\n`;
    return s;
  }
  const msg = e instanceof Error ? e.message : String(e);
  let s = `error[internal]: ${msg}\n  hint: ${INTERNAL_HINT}\n`;
  if (process.env.PONTE_DEBUG && e instanceof Error && e.stack) s += `${e.stack}\n`;
  return s;
}

/** Pads columns to their widest cell; the first row is the header. */
export function formatTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

/** A thrown value as the `--json` error object: a PonteError's fields, anything else as `internal`, never a stack. */
export function errorJson(e: unknown): CliErrorJson {
  if (isPonteError(e)) {
    return { code: e.code, message: e.message, file: e.file ?? null, line: e.line ?? null, column: e.column ?? null, hint: e.hint ?? null };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message, file: null, line: null, column: null, hint: INTERNAL_HINT };
}

/** What stdout holds when a command under --json fails: `{"error": {...}}` on one line. */
export function renderErrorJson(e: unknown): string {
  const out: CliErrorOutput = { error: errorJson(e) };
  return `${JSON.stringify(out)}\n`;
}

/** A `--json` result, pretty-printed as every command prints it. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
