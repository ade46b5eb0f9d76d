// The data watcher's wire: where its socket lives for a repository, the JSON-lines protocol,
// and the client `data status` uses. Kept free of the repository and state-cache code so that
// asking a running watcher costs a connect, not a load of the state log.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { PonteError } from '../errors';
import type { DataStatusEntry } from './status';

export type WatchRequest =
  | {
      op: 'status';
      /** Absolute data paths (or `.dvc` files); all when empty. */
      paths?: string[];
      /** The asker's directory: messages name paths relative to it, as without a watcher. */
      cwd?: string;
      /** The repository root as the asker spells it (it may reach it through a symbolic link). */
      root?: string;
    }
  | { op: 'ping' }
  | { op: 'stop' };

export interface WatchInfo {
  pid: number;
  root: string;
  startedAt: string;
  /** Tracked outputs and directories under watch. */
  outs: number;
  directories: number;
  /** Requests answered, and how many of them re-read the workspace for at least one output. */
  requests: number;
  rescans: number;
}

export interface WireError {
  code: string;
  message: string;
  file?: string;
  line?: number;
  hint?: string;
}

export type WatchResponse =
  | { ok: true; entries: DataStatusEntry[] }
  | { ok: true; info: WatchInfo }
  | { ok: false; error: WireError };

/** While it works on a request, the watcher sends an empty line this often: "still here". */
export const HEARTBEAT_MS = 1000;

/** The private directory (0700) that holds this user's watcher sockets. */
function socketDir(): string {
  const base = process.env.XDG_RUNTIME_DIR && process.platform !== 'win32' ? process.env.XDG_RUNTIME_DIR : tmpdir();
  let user = 'user';
  try {
    user = String(userInfo().uid >= 0 ? userInfo().uid : userInfo().username);
  } catch {
    // No passwd entry (containers): the shared name still lives in a 0700 directory.
  }
  return path.join(base, `ponte-${user}`);
}

/**
 * The socket of the watcher for `root`. Named by a hash of the real path, outside the
 * repository: a Unix socket path must stay under ~100 bytes, and `.dvc/tmp` may be deep.
 */
export function watchSocketPath(root: string, create = false): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // A vanished root still names a socket; connecting to it just fails.
  }
  const id = createHash('sha256').update(real).digest('hex').slice(0, 20);
  if (process.platform === 'win32') return `\\\\.\\pipe\\ponte-watch-${id}`;
  const dir = socketDir();
  if (create) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Not followed: a link planted there would send our sockets (and the chmod below) elsewhere.
    const st = lstatSync(dir);
    const owner = typeof process.getuid === 'function' && st.uid !== process.getuid() ? 'belongs to another user' : undefined;
    if (owner || !st.isDirectory()) {
      throw new PonteError('data.watch_unsafe_dir', `${dir} ${owner ?? 'is not a directory (a symbolic link?)'}`, {
        file: dir,
        hint: 'set XDG_RUNTIME_DIR to a directory only you can write',
      });
    }
    // Ours but open to others (made by hand, or by an older version): close it.
    if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  }
  return path.join(dir, `watch-${id}.sock`);
}

/**
 * True when the socket can be believed: a socket of ours in a directory only we can write.
 * Anyone can make `/tmp/ponte-<uid>` before we do, and a watcher that lies makes status wrong.
 */
function trustedSocket(socket: string): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  try {
    const uid = process.getuid();
    const dir = lstatSync(path.dirname(socket));
    const sock = lstatSync(socket);
    return dir.isDirectory() && dir.uid === uid && (dir.mode & 0o077) === 0 && sock.uid === uid && sock.isSocket();
  } catch {
    return false;
  }
}

export function toWireError(e: unknown): WireError {
  if (e instanceof PonteError) return { code: e.code, message: e.message, file: e.file, line: e.line, hint: e.hint };
  return { code: 'data.watch_internal', message: e instanceof Error ? e.message : String(e) };
}

export function fromWireError(w: WireError): PonteError {
  return new PonteError(w.code, w.message, { file: w.file, line: w.line, hint: w.hint });
}

export interface QueryOptions {
  signal?: AbortSignal;
  /** How long to wait for a connection; a watcher that does not answer in time is treated as absent. */
  connectTimeoutMs?: number;
  /**
   * How long a connected watcher may stay silent (no answer, no heartbeat) before it is treated
   * as absent: a stopped (SIGSTOP) or wedged watcher must not hang `data status`.
   */
  silenceTimeoutMs?: number;
}

/**
 * Sends one request to the watcher of `root`. Resolves undefined when no watcher listens (no
 * socket, refused, or a stale socket file), so callers fall back to reading the workspace.
 */
export function queryWatcher(root: string, request: WatchRequest, options: QueryOptions = {}): Promise<WatchResponse | undefined> {
  const socket = watchSocketPath(root);
  if (options.signal?.aborted) return Promise.reject(new PonteError('data.cancelled', 'the operation was cancelled', { hint: 'run it again to finish' }));
  if (!trustedSocket(socket)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let buffer = '';
    let done = false;
    const conn = createConnection(socket);
    const finish = (value: WatchResponse | undefined, error?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      conn.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = (): void => finish(undefined, new PonteError('data.cancelled', 'the operation was cancelled', { hint: 'run it again to finish' }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // First the connection, then each answer or heartbeat, must come within its bound.
    let timer = setTimeout(() => finish(undefined), options.connectTimeoutMs ?? 1000);
    const silence = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(undefined), options.silenceTimeoutMs ?? 5 * HEARTBEAT_MS);
    };
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      silence();
      conn.write(`${JSON.stringify(request)}\n`);
    });
    conn.on('data', (chunk: string) => {
      silence();
      buffer += chunk;
      // Empty lines are heartbeats.
      buffer = buffer.replace(/^\n+/, '');
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      try {
        finish(JSON.parse(buffer.slice(0, nl)) as WatchResponse);
      } catch (e) {
        finish(undefined, new PonteError('data.watch_protocol', `the data watcher at ${socket} sent an unreadable answer`, { file: socket, hint: "restart it: 'ponte data watch --stop', then 'ponte data watch --detach'", cause: e }));
      }
    });
    conn.on('error', () => finish(undefined));
    conn.on('close', () => {
      // Closed without an answer: a watcher that died mid-request. Reading the workspace is still right.
      finish(undefined);
    });
  });
}

/** The status entries from a running watcher, or undefined when none answers. */
export async function statusFromWatcher(
  root: string,
  paths: string[] | undefined,
  options: QueryOptions & { cwd?: string } = {},
): Promise<DataStatusEntry[] | undefined> {
  const r = await queryWatcher(root, { op: 'status', paths, cwd: options.cwd, root: path.resolve(root) }, options);
  if (!r) return undefined;
  // A watcher on its way out is no watcher: read the workspace instead.
  if (!r.ok && r.error.code === 'data.watch_stopped') return undefined;
  if (!r.ok) throw fromWireError(r.error);
  return 'entries' in r ? r.entries : undefined;
}
