// Steps 2 to 6 of a retrain are the commands a person would type (`ponte run`, `test`, `gate`,
// `model register`, `build`, `deploy`), run as child processes with --json: the same code path,
// each its own process (the pipeline's process group, the build's stream), and each one's JSON
// result is what the audit log records as the step's outputs.
import { spawn } from 'node:child_process';
import type { CliErrorJson } from '../cli-json';

/** How to start the ponte CLI: an executable and the arguments before the command's own. */
export interface PonteCli {
  command: string;
  args: string[];
  /** Environment of every child on top of this process's (the backend URL and token). */
  env?: Record<string, string>;
}

export interface CliStepResult<T> {
  code: number;
  /** The parsed --json output; undefined when stdout was not JSON. */
  value?: T;
  error?: CliErrorJson;
  /** The last lines the command wrote to stderr: the stage or build output that says why. */
  tail: string[];
}

const TAIL = 20;

export function runCli<T>(cli: PonteCli, cwd: string, args: string[], o: { onLog?: (line: string) => void; signal?: AbortSignal } = {}): Promise<CliStepResult<T>> {
  return new Promise((resolve, reject) => {
    o.signal?.throwIfAborted();
    const child = spawn(cli.command, [...cli.args, ...args, '--json'], { cwd, env: { ...process.env, ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let partial = '';
    const tail: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        o.onLog?.(line);
        tail.push(line);
        if (tail.length > TAIL) tail.shift();
      }
    });
    // SIGINT is what each command cancels on: the pipeline stops its stage, the build leaves no tag.
    const cancel = () => child.kill('SIGINT');
    o.signal?.addEventListener('abort', cancel, { once: true });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      o.signal?.removeEventListener('abort', cancel);
      if (partial) tail.push(partial);
      let value: unknown;
      try {
        value = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        value = undefined;
      }
      // Under --json a failed command prints `{"error": {...}}` and nothing else.
      const error = value && typeof value === 'object' && Object.keys(value).length === 1 && 'error' in value ? (value as { error: CliErrorJson }).error : undefined;
      resolve({ code: code ?? (signal ? 130 : 1), value: error ? undefined : (value as T), error, tail });
    });
  });
}
