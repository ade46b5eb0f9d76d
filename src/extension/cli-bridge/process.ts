// The editor's side of the CLI, without the editor: which program runs `ponte` and with what
// environment, the one spawn of it, cancellation (SIGTERM, then SIGKILL), and reading its
// `--json` answer: the result, or the error object the CLI prints instead. No vscode import.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { CliErrorJson, CliErrorOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';

export interface CliInvocation {
  /** The runtime: the editor's (Electron as Node) for the bundled CLI, or `ponte.cliPath` itself. */
  command: string;
  /** Arguments that come before the CLI's own. */
  prefix: string[];
  env: Record<string, string>;
}

export interface CliEnvironment {
  extensionPath: string;
  /** `ponte.cliPath`; empty: the bundled CLI. */
  cliPath?: string;
  /** `ponte.pythonPath`; its directory goes first on PATH so stages find that interpreter. */
  pythonPath?: string;
  backendUrl?: string;
  backendToken?: string;
}

export function cliInvocation(e: CliEnvironment): CliInvocation {
  const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1', PONTE_DEBUG: '' };
  if (e.backendUrl) env.PONTE_BACKEND = e.backendUrl;
  if (e.backendToken) env.PONTE_TOKEN = e.backendToken;
  if (e.pythonPath) env.PATH = `${path.dirname(e.pythonPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  if (e.cliPath) return { command: e.cliPath, prefix: [], env };
  return { command: process.execPath, prefix: [path.join(e.extensionPath, 'dist', 'cli.js')], env };
}

/** The one spawn of the CLI; arguments as an array, never through a shell. */
export function spawnCli(inv: CliInvocation, args: string[], options: { cwd: string; stdin?: 'pipe' | 'ignore' }): ChildProcess {
  return spawn(inv.command, [...inv.prefix, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...inv.env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
}

export interface CliExit {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The caller cancelled it (whatever it printed afterwards). */
  cancelled: boolean;
  durationMs: number;
}

export interface RunCliOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Each piece of stderr as it comes: the CLI's progress and the stages' output. */
  onStderr?: (text: string) => void;
  /** How long a cancelled CLI has to stop its own children after SIGTERM before SIGKILL. */
  killAfterMs?: number;
}

/** Runs the CLI to its end. Cancelling sends SIGTERM (the CLI stops what it started), then SIGKILL. */
export function runCliProcess(inv: CliInvocation, args: string[], options: RunCliOptions): Promise<CliExit> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({ code: null, signal: null, stdout: '', stderr: '', cancelled: true, durationMs: 0 });
      return;
    }
    const child = spawnCli(inv, args, { cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(d);
    });
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 5000);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
    };
    child.on('error', (e) => {
      settle();
      reject(new PonteError('cli.spawn_failed', `cannot start the ponte CLI (${inv.command}): ${e.message}`, { hint: 'check the ponte.cliPath setting', cause: e }));
    });
    // 'close', not 'exit': both pipes are drained by then.
    child.on('close', (code, signal) => {
      settle();
      resolve({ code, signal, stdout, stderr, cancelled: options.signal?.aborted === true, durationMs: Date.now() - started });
    });
  });
}

export interface CliAnswer<T> {
  value: T;
  /** The command's own verdict: 1 for a failed gate or test, a stale data path. */
  exitCode: number;
}

/**
 * The `--json` answer of a finished CLI: its result, or the PonteError it reported. A cancelled
 * CLI is the `cancelled` error; output that is not JSON (a crash, a truncated write) is
 * `cli.bad_output` naming the command, with the end of its stderr as the hint.
 */
export function readCliJson<T>(exit: CliExit, what: string, cwd: string): CliAnswer<T> {
  if (exit.cancelled) throw new PonteError('cancelled', `${what}: cancelled`);
  const text = exit.stdout.trim();
  const ended = exit.code === null ? `was ended by ${exit.signal ?? 'a signal'}` : `exited with code ${exit.code}`;
  const tail = exit.stderr.trim().split('\n').slice(-3).join(' ').trim();
  if (!text) {
    throw new PonteError('cli.no_output', `${what} ${ended} without printing a result`, { hint: tail || 'see the Ponte output for its log' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PonteError('cli.bad_output', `${what} ${ended} and printed output that is not JSON (${(e as Error).message})`, {
      hint: tail || 'ponte.cliPath may name a CLI that does not understand --json',
      cause: e,
    });
  }
  if (isErrorOutput(value)) throw cliError(value.error, cwd);
  return { value: value as T, exitCode: exit.code ?? 1 };
}

/** Exactly `{"error": {code, message, ...}}`: a result that merely holds an `error` field is a result. */
function isErrorOutput(v: unknown): v is CliErrorOutput {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const error = (v as { error?: unknown }).error as Partial<CliErrorJson> | undefined;
  return keys.length === 1 && keys[0] === 'error' && typeof error?.code === 'string' && typeof error.message === 'string';
}

/** The CLI's error object as the PonteError the editor shows; its file made absolute against the CLI's folder. */
export function cliError(j: CliErrorJson, cwd: string): PonteError {
  return new PonteError(j.code, j.message, {
    file: j.file ? path.resolve(cwd, j.file) : undefined,
    line: j.line ?? undefined,
    column: j.column ?? undefined,
    hint: j.hint ?? undefined,
  });
}
