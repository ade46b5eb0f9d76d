// The one bridge from the editor to the `ponte` CLI: every process the extension starts of it
// goes through `ctx.cli`. The environment (runtime, settings, backend URL and token) is built
// here only; each process is logged with its duration; cancelling stops it; its `--json` answer
// comes back typed, or as the PonteError the CLI reported (code, file, line, hint).
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { cliInvocation, readCliJson, runCliProcess, spawnCli, type CliAnswer, type CliInvocation } from './process';

export { cliError, type CliAnswer } from './process';

export interface CliRunOptions {
  /** The folder it runs in; relative files in its errors are resolved against it. */
  cwd: string;
  /** Cancels the process: a progress notification's signal, or a test run's token. */
  cancel?: AbortSignal | vscode.CancellationToken;
  /** The CLI's stderr (progress, a stage's output) as it comes; by default into the Ponte log. */
  onOutput?: (text: string) => void;
  /** Point the CLI at the editor's backend, starting the local one if needed. */
  backend?: boolean;
}

export class CliBridge {
  constructor(private readonly ctx: PonteContext) {}

  /** Runs `ponte ARGS` (which must include --json) and reads its answer. */
  async json<T>(args: string[], options: CliRunOptions): Promise<CliAnswer<T>> {
    const inv = await this.invocation(options.backend === true);
    const what = `ponte ${args.filter((a) => a !== '--json').join(' ')}`;
    const { signal, dispose } = abortSignalOf(options.cancel);
    try {
      const exit = await runCliProcess(inv, args, { cwd: options.cwd, signal, onStderr: options.onOutput ?? ((t) => this.logLines(what, t)) });
      this.ctx.log.info(`${what} (in ${options.cwd}): ${exit.cancelled ? 'cancelled' : exit.code === null ? `ended by ${exit.signal}` : `exit ${exit.code}`} in ${exit.durationMs} ms`);
      return readCliJson<T>(exit, what, options.cwd);
    } finally {
      dispose();
    }
  }

  /** The program and environment, built here only. */
  private async invocation(withBackend: boolean): Promise<CliInvocation> {
    const config = vscode.workspace.getConfiguration('ponte');
    // Restricted Mode ignores a workspace's own values of these settings; Ponte runs nothing there anyway.
    const trusted = this.ctx.isTrusted();
    const backend = withBackend ? await this.backendEndpoint() : {};
    return cliInvocation({
      extensionPath: this.ctx.extension.extensionPath,
      cliPath: trusted ? config.get<string>('cliPath', '') : '',
      pythonPath: trusted ? config.get<string>('pythonPath', '') : '',
      backendUrl: backend.url,
      backendToken: backend.token,
    });
  }

  /** The backend the editor talks to: the remote one with its token, or the local server (started if needed). */
  private backendEndpoint(): Promise<{ url?: string; token?: string }> {
    return this.ctx.backend.endpoint();
  }

  private logLines(what: string, text: string): void {
    for (const line of text.split('\n')) if (line.trim()) this.ctx.log.info(`${what}: ${line}`);
  }
}

/**
 * A long-lived CLI (`ponte data watch`) with a stdin pipe, logged as it starts and ends. Only the
 * bundled CLI: a `ponte.cliPath` of another version might speak another protocol. Needs only the
 * extension's path and the log, so it runs before and without the rest of the context.
 */
export function spawnCliService(ctx: Pick<PonteContext, 'extension' | 'log'>, args: string[], cwd: string): ChildProcess {
  const inv = cliInvocation({ extensionPath: ctx.extension.extensionPath });
  const started = Date.now();
  const what = `ponte ${args.join(' ')} (in ${cwd})`;
  const child = spawnCli(inv, args, { cwd, stdin: 'pipe' });
  ctx.log.info(`${what}: started, pid ${child.pid ?? '?'}`);
  child.on('close', (code, signal) => ctx.log.info(`${what}: ${code === null ? `ended by ${signal}` : `exit ${code}`} after ${Date.now() - started} ms`));
  return child;
}

/** One AbortSignal whatever cancels: a progress notification's signal or a CancellationToken. */
function abortSignalOf(cancel: AbortSignal | vscode.CancellationToken | undefined): { signal?: AbortSignal; dispose: () => void } {
  if (!cancel || cancel instanceof AbortSignal) return { signal: cancel, dispose: () => undefined };
  const controller = new AbortController();
  if (cancel.isCancellationRequested) controller.abort();
  const sub = cancel.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => void sub.dispose() };
}

/** Puts the bridge on `ctx.cli`; it holds no process between calls, so nothing to dispose. */
export function registerCliBridge(ctx: PonteContext): void {
  ctx.cli = new CliBridge(ctx);
}
