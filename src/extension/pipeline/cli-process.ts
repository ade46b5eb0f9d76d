// How the editor runs the `ponte` CLI: the bundled dist/cli.js (or `ponte.cliPath`) with the
// editor's own runtime as plain Node, in a project folder, talking to the same backend as the
// editor (local server or `ponte.backend.url` with its token). No vscode import.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
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

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end; cancelling sends SIGINT, which the CLI turns into killing its stages. */
export function runCli(inv: CliInvocation, args: string[], options: { cwd: string; signal?: AbortSignal; onOutput?: (text: string) => void }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(inv.command, [...inv.prefix, ...args], { cwd: options.cwd, env: { ...process.env, ...inv.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onOutput?.(d);
    });
    const onAbort = () => child.kill('SIGINT');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new PonteError('cli.spawn_failed', `cannot start the ponte CLI: ${e.message}`, { hint: 'check the ponte.cliPath setting', cause: e }));
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The error the CLI printed (`error[code]: where: message` + hint), as a PonteError to show. */
export function cliError(r: CliResult, what: string): PonteError {
  const m = /^error\[([\w.]+)\]: (.*)$/m.exec(r.stderr);
  const hint = /^ {2}hint: (.*)$/m.exec(r.stderr)?.[1];
  if (m) return new PonteError(m[1], m[2], { hint });
  return new PonteError('cli.failed', `${what} failed (exit code ${r.code})`, { hint: r.stderr.trim().split('\n').slice(-3).join(' ') || undefined });
}
