// Runs one stage command through the user's shell, by design (DVC's `cmd` is shell text), in
// the stage's working directory, streaming its output. Cancellation kills the whole process
// tree: the shell starts its own process group (detached) and the group gets the signal.
import { spawn } from 'node:child_process';

export interface CommandOutcome {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  cancelled: boolean;
  /** The last lines of output, for error messages. */
  tail: string;
}

export interface ExecuteOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  /** After SIGTERM, how long the tree has before SIGKILL. */
  killAfterMs?: number;
}

const TAIL_CHARS = 4000;

export function executeCommand(cmd: string, options: ExecuteOptions): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({ code: null, signal: null, cancelled: true, tail: '' });
      return;
    }
    const win = process.platform === 'win32';
    const child = win
      ? spawn(cmd, { cwd: options.cwd, env: options.env ?? process.env, shell: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
      : spawn('/bin/sh', ['-c', cmd], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const keep = (text: string) => {
      tail = (tail + text).slice(-TAIL_CHARS);
    };
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      keep(text);
      options.onOutput?.(text, stream);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    const killTree = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (win) child.kill(sig);
        else process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      cancelled = true;
      killTree('SIGTERM');
      killTimer = setTimeout(() => killTree('SIGKILL'), options.killAfterMs ?? 3000);
      killTimer.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      // Children the command left behind in its group go with it.
      if (!win && cancelled) killTree('SIGKILL');
      resolve({ code, signal, cancelled, tail });
    });
  });
}
