// The local backend as the extension sees it: reuse the server a workspace already runs (found
// through .ponte/server.json and answering), or fork dist/server.js with the editor's own
// runtime and wait for its "listening" line. A forked server gets a random token through its
// environment (not argv, which `ps` shows), so no other local process or web page can use it
// without reading .ponte/server.json. No vscode import: the integration tests drive it.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { HttpClient } from '../../core/api';
import { readServerFile } from '../../core/workspace';
import { PonteError } from '../../core/errors';

export interface LocalServer {
  url: string;
  token?: string;
  pid: number;
  /** True when this process forked it; only then may it stop it. */
  startedHere: boolean;
  child?: ChildProcess;
}

/** The server recorded in `<root>/.ponte/server.json`, when its process lives and it answers. */
export async function findRunningServer(root: string, token?: string): Promise<LocalServer | undefined> {
  const info = await readServerFile(root);
  if (!info) return undefined;
  try {
    await new HttpClient({ url: info.url, token: token ?? info.token }).health();
  } catch {
    return undefined;
  }
  return { url: info.url, token: token ?? info.token, pid: info.pid, startedHere: false };
}

export interface ForkOptions {
  serverJs: string;
  root: string;
  /** Lines the server logs (JSON), for the output channel. */
  onLog?: (line: string) => void;
  /** Bound on waiting for the first "listening" line; the first open of a new store takes seconds. */
  timeoutMs?: number;
  execPath?: string;
  /** More server options (tests). */
  extraArgs?: string[];
}

/** Forks dist/server.js for `root` on loopback with a fresh token, and resolves once it listens. */
export function forkLocalServer(options: ForkOptions): Promise<LocalServer> {
  const token = randomBytes(32).toString('base64url');
  const child = fork(options.serverJs, ['--root', options.root, '--host', '127.0.0.1', '--port', '0', ...(options.extraArgs ?? [])], {
    cwd: options.root,
    execPath: options.execPath ?? process.execPath,
    // Not the editor's own flags (inspector ports, loaders): the server is a plain script.
    execArgv: [],
    // The editor's runtime is Electron in desktop VS Code: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', PONTE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new Promise<LocalServer>((resolve, reject) => {
    let out = '';
    let err = '';
    let failure: { message?: string; hint?: string; code?: string } | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new PonteError('backend.start_timeout', 'the local Ponte backend did not start in time', { hint: 'see the Ponte output for its log' }));
    }, options.timeoutMs ?? 120_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      let nl: number;
      while ((nl = err.indexOf('\n')) >= 0) {
        const line = err.slice(0, nl);
        err = err.slice(nl + 1);
        options.onLog?.(line);
        try {
          const j = JSON.parse(line) as { event?: string; message?: string; hint?: string; code?: string };
          if (j.event === 'server.failed') failure = j;
        } catch {
          // not a JSON line: logged as it is
        }
      }
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; pid: number };
      resolve({ url: info.url, pid: info.pid, token, startedHere: true, child });
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new PonteError('backend.start_failed', `cannot start the local Ponte backend: ${e.message}`, { cause: e }));
    });
    // 'close', not 'exit': it comes after stderr is drained, so the failure line has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      const reason = failure?.message ?? `it exited with code ${code}`;
      reject(new PonteError(failure?.code ?? 'backend.start_failed', `the local Ponte backend did not start: ${reason}`, { hint: failure?.hint ?? 'see the Ponte output for its log' }));
    });
  });
}

/** Stops a server this process forked: disconnecting makes it shut down cleanly; SIGTERM if it lingers. */
export function stopForkedServer(server: LocalServer, graceMs = 5000): Promise<void> {
  const child = server.child;
  if (!server.startedHere || !child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  });
}
