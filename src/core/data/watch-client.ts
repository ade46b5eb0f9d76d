// The data watcher's wire: where its socket lives for a repository, the JSON-lines protocol,
// and the client `data status` uses. Kept free of the repository and state-cache code so that
// asking a running watcher costs a connect, not a load of the state log.
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { PonteError } from '../errors';
import type { DataStatusEntry } from './status';

export type WatchRequest =
  | { op: 'status'; /** Absolute data paths (or `.dvc` files); all when empty. */ paths?: string[] }
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
    const st = statSync(dir);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
      throw new PonteError('data.watch_unsafe_dir', `${dir} belongs to another user`, {
        file: dir,
        hint: 'set XDG_RUNTIME_DIR to a directory only you can write',
      });
    }
  }
  return path.join(dir, `watch-${id}.sock`);
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
}

/**
 * Sends one request to the watcher of `root`. Resolves undefined when no watcher listens (no
 * socket, refused, or a stale socket file), so callers fall back to reading the workspace.
 */
export function queryWatcher(root: string, request: WatchRequest, options: QueryOptions = {}): Promise<WatchResponse | undefined> {
  const socket = watchSocketPath(root);
  return new Promise((resolve, reject) => {
    let connected = false;
    let buffer = '';
    const conn = createConnection(socket);
    const finish = (value: WatchResponse | undefined, error?: unknown): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      conn.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = (): void => finish(undefined, new PonteError('data.cancelled', 'the operation was cancelled', { hint: 'run it again to finish' }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      if (!connected) finish(undefined);
    }, options.connectTimeoutMs ?? 1000);
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      connected = true;
      conn.write(`${JSON.stringify(request)}\n`);
    });
    conn.on('data', (chunk: string) => {
      buffer += chunk;
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
export async function statusFromWatcher(root: string, paths: string[] | undefined, options: QueryOptions = {}): Promise<DataStatusEntry[] | undefined> {
  const r = await queryWatcher(root, { op: 'status', paths }, options);
  if (!r) return undefined;
  if (!r.ok) throw fromWireError(r.error);
  return 'entries' in r ? r.entries : undefined;
}
