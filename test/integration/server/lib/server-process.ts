// A real server process (`node dist/cli.js serve ...`) for the tests that kill, restart or refuse it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliJs } from './backends';

export interface ServerProc {
  proc: ChildProcess;
  url: string;
  pid: number;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts `ponte serve` and resolves on its "listening" line; rejects with its stderr if it exits first. */
export function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProc> {
  const proc = spawn(process.execPath, [cliJs, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    proc.stderr.on('data', (d) => (err += d));
    proc.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) {
        const info = JSON.parse(line) as { url: string; pid: number };
        resolve({ proc, url: info.url, pid: info.pid, stderr: () => err, exited });
      }
    });
    void exited.then((code) => reject(new Error(`ponte serve exited (${code}) before listening:\n${err}`)));
  });
}

/** Runs `ponte serve` expecting it to refuse to start; returns its exit code and stderr. */
export async function serveRefusal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | string; stderr: string; stdout: string }> {
  const proc = spawn(process.execPath, [cliJs, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | string>((resolve) => proc.on('exit', (c, s) => resolve(c ?? s ?? -1)));
  return { code, stderr: err, stdout: out };
}
