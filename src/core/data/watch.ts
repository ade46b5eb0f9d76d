// The data watcher behind `ponte data watch`: a long-lived process that keeps each tracked
// output's workspace hash and learns from file-system events (inotify through fs.watch) which
// outputs changed, so `data status` over an unchanged 100,000-file dataset costs no stat at all.
// Like git's fsmonitor daemon, each request first writes a cookie file and waits for its event:
// every change made before the request was asked has then been seen. When events cannot be
// trusted (no watch could be set, a cookie never arrived) the output is read again, as without
// a watcher: a watcher may make status faster, never wrong.
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { PonteError } from '../errors';
import { findObject } from './cache';
import { DirWatchers, identityOf, type Listener } from './dir-watchers';
import { ALWAYS_IGNORED } from './dvcignore';
import { defaultWatchLimit, eventsSeeAllChanges } from './fs-events';
import type { HashKind } from './hash';
import { hashPath, type PathHash } from './hash-path';
import { openDataRepo, type DataRepo } from './repo';
import { outInCache, statusEntry, type DataStatusEntry } from './status';
import { listTracked, type TrackedOut } from './tracked';
import { HEARTBEAT_MS, queryWatcher, toWireError, watchSocketPath, type WatchInfo, type WatchRequest, type WatchResponse, type WireError } from './watch-client';

/** What the watcher knows of one tracked output. */
interface OutState {
  abs: string;
  kind: HashKind;
  /** True until the workspace has been read since the last event under the output. */
  dirty: boolean;
  /** The workspace's hash when last read; null when the output was missing. */
  hash?: PathHash | null;
  /** The cache verdict for `hash`, valid while the cache generation stays `cacheGen`. */
  inCache?: { md5: string; gen: number; value: boolean };
  /** The `.dvcignore` files above the output, as last seen: their rules change its hash. */
  ignoreSignature?: string;
  /** Directories watched for this output, and the listener they call. */
  dirs: Set<string>;
  listener: Listener;
  /** Set when some directory could not be watched: read it on every request. */
  unwatched: boolean;
  /** Set when a file in it has another hard link outside the cache: writes there give no event here. */
  linked?: boolean;
}

export interface WatchServiceOptions {
  /** Called with one line per notable event (start, failures); the CLI prints them. */
  log?: (line: string) => void;
  /** How long a request waits for its cookie before it stops trusting events (ms); 0 never trusts them. */
  cookieTimeoutMs?: number;
  /** Listen on the repository's socket (default); false serves only in-process `status()` calls. */
  listen?: boolean;
  /** How long a client may take to send its request line before it is hung up on (ms). */
  requestTimeoutMs?: number;
  /** How often it checks that its repository and its socket file are still there (ms). */
  checkIntervalMs?: number;
  /** The most directories it watches (default: half of fs.inotify.max_user_watches). */
  maxWatches?: number;
}

function statFile(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function socketIdentity(socket: string): string | undefined {
  try {
    const st = lstatSync(socket);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * What small files (`.dvc/config`, `.dvcignore`) hold, as one string: their bytes' digest, not
 * their mtime, which coarse kernel timestamps leave unchanged by a same-size rewrite a few ms
 * later. `seen` shares the reads between the outputs of one request.
 */
function signatureOf(files: string[], seen = new Map<string, string>()): string {
  return files
    .map((f) => {
      let sig = seen.get(f);
      if (sig === undefined) {
        try {
          sig = createHash('sha1').update(readFileSync(f)).digest('hex');
        } catch (e) {
          sig = (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? '-' : `error ${(e as NodeJS.ErrnoException).code}`;
        }
        seen.set(f, sig);
      }
      return sig;
    })
    .join('|');
}

/** Paths between an asker's spelling of the repository root and the watcher's. */
class RootView {
  constructor(
    private readonly theirs: string | undefined,
    private readonly ours: string,
  ) {}

  readonly toOurs = (p: string): string => {
    const { theirs, ours } = this;
    if (!theirs || theirs === ours || (p !== theirs && !p.startsWith(theirs + path.sep))) return p;
    return path.join(ours, path.relative(theirs, p));
  };

  errorToTheirs(e: WireError): WireError {
    const { theirs, ours } = this;
    if (!theirs || theirs === ours) return e;
    const swap = (t: string | undefined) => t?.split(ours).join(theirs);
    return { ...e, message: swap(e.message)!, file: swap(e.file), hint: swap(e.hint) };
  }
}

export class DataWatchService {
  private readonly outs = new Map<string, OutState>();
  private readonly dirs: DirWatchers;
  private readonly cacheDirs = new Set<string>();
  private cacheGen = 0;
  private cacheSyncedGen = -1;
  private cacheWatched = false;
  private readonly cookieDir: string;
  private readonly cookieWaiters = new Map<string, () => void>();
  private cookieSeq = 0;
  // Unique per service: another watcher's cookie of the same name must not count as ours.
  private readonly cookiePrefix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private queue: Promise<unknown> = Promise.resolve();
  private server?: Server;
  /** The inode of the socket file it made, to notice when that file is gone or replaced. */
  private socketId?: string;
  /** Open connections, and whether each has sent its request (the others are idle). */
  private readonly conns = new Map<Socket, { requested: boolean }>();
  private socketPath?: string;
  private configSignature: string;
  private readonly startedAt = new Date().toISOString();
  private requests = 0;
  private rescans = 0;
  private closed = false;
  private readonly repoCheck: NodeJS.Timeout;
  private resolveDone!: (reason: string) => void;
  /** Resolves with the reason once the watcher stops (asked to, or its repository vanished). */
  readonly done = new Promise<string>((resolve) => (this.resolveDone = resolve));

  private constructor(
    private repo: DataRepo,
    private readonly options: WatchServiceOptions,
  ) {
    const limit = options.maxWatches ?? defaultWatchLimit();
    let limitLogged = false;
    this.dirs = new DirWatchers(
      (dir, e) => this.log(`cannot watch ${dir}: ${(e as Error).message ?? e}; it will be read on every request`),
      limit,
      () => {
        if (!limitLogged) this.log(`watching ${limit} directories already (half the system's fs.inotify.max_user_watches): what does not fit is read on every request`);
        limitLogged = true;
      },
    );
    this.cookieDir = path.join(repo.dvcDir, 'tmp', 'ponte-watch');
    this.configSignature = this.readConfigSignature();
    this.repoCheck = setInterval(() => {
      if (!existsSync(this.repo.dvcDir)) void this.close(`${this.repo.dvcDir} is gone`);
      // Unreachable without its socket file (deleted, or taken over by a watcher that started
      // at the same moment): nobody can ask it or stop it, so it stops itself.
      else if (this.socketPath && this.socketId !== socketIdentity(this.socketPath)) void this.close(`its socket ${this.socketPath} was removed or taken over`);
    }, options.checkIntervalMs ?? 5000);
    this.repoCheck.unref();
  }

  /** Starts watching the repository at or above `cwd`; with `listen`, serves its socket too. */
  static async start(cwd: string, options: WatchServiceOptions = {}): Promise<DataWatchService> {
    const repo = await openDataRepo(cwd);
    const service = new DataWatchService(repo, options);
    try {
      service.watchCookies();
      if (options.listen !== false) await service.listen();
    } catch (e) {
      await service.close('failed to start');
      throw e;
    }
    return service;
  }

  get root(): string {
    return this.repo.root;
  }

  get socket(): string | undefined {
    return this.socketPath;
  }

  info(): WatchInfo {
    return {
      pid: process.pid,
      root: this.repo.root,
      startedAt: this.startedAt,
      outs: this.outs.size,
      directories: this.dirs.size,
      requests: this.requests,
      rescans: this.rescans,
    };
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private readConfigSignature(): string {
    return signatureOf([path.join(this.repo.dvcDir, 'config'), path.join(this.repo.dvcDir, 'config.local')]);
  }

  private readonly onCookieEvent: Listener = (_event, name) => {
    if (name) this.cookieWaiters.get(name)?.();
  };

  /** Watches the cookie directory, again when it was deleted or replaced (`rm -rf .dvc/tmp`). */
  private watchCookies(): void {
    if (this.dirs.current(this.cookieDir)) return;
    mkdirSync(this.cookieDir, { recursive: true });
    this.dirs.add(this.cookieDir, this.onCookieEvent);
  }

  /** Writes a cookie and waits for its event: then every earlier change has been delivered. */
  private async syncEvents(): Promise<boolean> {
    if (this.options.cookieTimeoutMs === 0) return false;
    const name = `cookie-${this.cookiePrefix}-${++this.cookieSeq}`;
    const file = path.join(this.cookieDir, name);
    const seen = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.cookieTimeoutMs ?? 2000);
      this.cookieWaiters.set(name, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      this.watchCookies();
      writeFileSync(file, '');
    } catch {
      this.cookieWaiters.delete(name);
      return false;
    }
    const ok = await seen;
    this.cookieWaiters.delete(name);
    try {
      unlinkSync(file);
    } catch {
      // Already gone: nothing to tidy.
    }
    if (!ok) this.log(`a request did not see its cookie event within ${this.options.cookieTimeoutMs ?? 2000} ms: reading every output again`);
    return ok;
  }

  private syncCacheWatchers(): void {
    const cache = this.repo.cacheDir;
    // A cache shared over a network file system (another machine adds and removes objects) is
    // not watched: its verdicts are asked every time.
    const device = identityOf(cache)?.split(':')[0];
    if (device === undefined || !this.localDevice(device, cache)) {
      for (const d of [...this.cacheDirs]) this.dirs.remove(d, this.onCacheEvent);
      this.cacheDirs.clear();
      this.cacheWatched = false;
      return;
    }
    // Objects live two levels down (files/md5/xx/… in DVC 3, xx/… in DVC 2's layout). Each
    // directory is watched before it is listed, so one made meanwhile shows as an event.
    const wanted = new Set<string>();
    let ok = true;
    const watchHere = (d: string): boolean => {
      if (!existsSync(d)) return false;
      wanted.add(d);
      const added = this.dirs.add(d, this.onCacheEvent);
      if (added === 'failed') ok = false;
      else this.cacheDirs.add(d);
      // What happened there before this watch was set was not seen: no kept verdict holds.
      if (added !== 'kept') this.cacheGen++;
      return added !== 'failed';
    };
    const watchPrefixes = (dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // Gone meanwhile: its parent's events say so.
      }
      for (const e of entries) if (e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)) watchHere(path.join(dir, e.name));
    };
    if (watchHere(cache)) {
      watchPrefixes(cache);
      if (watchHere(path.join(cache, 'files')) && watchHere(path.join(cache, 'files', 'md5'))) watchPrefixes(path.join(cache, 'files', 'md5'));
    }
    for (const d of [...this.cacheDirs]) {
      if (!wanted.has(d)) {
        this.dirs.remove(d, this.onCacheEvent);
        this.cacheDirs.delete(d);
      }
    }
    this.cacheWatched = ok;
  }

  private readonly onCacheEvent: Listener = () => {
    this.cacheGen++;
  };

  private stateFor(t: TrackedOut): OutState {
    const key = `${t.abs}\0${t.kind}`;
    let s = this.outs.get(key);
    if (!s) {
      const state: OutState = { abs: t.abs, kind: t.kind, dirty: true, dirs: new Set(), unwatched: false, listener: () => undefined };
      const base = path.basename(t.abs);
      const parent = path.dirname(t.abs);
      state.listener = (event, name, dir) => {
        // The parent's events concern the output only when they name it.
        if (event !== 'error' && name !== null && dir === parent && name !== base) return;
        state.dirty = true;
      };
      s = state;
      this.outs.set(key, s);
    }
    return s;
  }

  private watchDir(s: OutState, dir: string): boolean {
    if (this.dirs.add(dir, s.listener) === 'failed') return false;
    s.dirs.add(dir);
    return true;
  }

  private unwatchDir(s: OutState, dir: string): void {
    this.dirs.remove(dir, s.listener);
    s.dirs.delete(dir);
  }

  private forget(key: string, s: OutState): void {
    for (const d of [...s.dirs]) this.unwatchDir(s, d);
    this.outs.delete(key);
  }

  /**
   * Watches the output's parent and, for a directory, every directory below it; each one is
   * watched before it is listed, so a subdirectory made meanwhile shows as an event. A symbolic
   * link anywhere (its target can change without an event here) leaves the output unwatched:
   * read on every request.
   */
  private syncOutWatchers(s: OutState): void {
    const wanted = new Set<string>();
    // `links`: a symbolic link inside (read every time, the watches kept: cheap to keep in sync);
    // `release`: it cannot be watched at all (no watch left, or a network file system): its
    // watches go, so they do not use up the user's inotify watches for nothing.
    let links = false;
    let release = false;
    const local = (d: string): boolean => {
      const dev = identityOf(d)?.split(':')[0];
      return dev === undefined || this.localDevice(dev, d);
    };
    const watchHere = (d: string): void => {
      wanted.add(d);
      if (!this.watchDir(s, d)) release = true;
    };
    const visit = (d: string, parentDev: string | undefined): void => {
      if (release) return;
      watchHere(d);
      // A mount point inside the output: its file system must deliver events too.
      const dev = this.dirs.deviceOf(d);
      if (dev !== undefined && dev !== parentDev && !this.localDevice(dev, d)) release = true;
      let entries;
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch {
        release = true;
        return;
      }
      for (const e of entries) {
        if (e.isSymbolicLink()) links = true;
        // Never part of a hash (DVC leaves them out), and busy: a nested repository's .git.
        else if (e.isDirectory() && !ALWAYS_IGNORED.has(e.name)) visit(path.join(d, e.name), dev);
      }
    };
    const parent = path.dirname(s.abs);
    if (!local(parent)) release = true;
    else watchHere(parent);
    try {
      const st = lstatSync(s.abs);
      if (st.isSymbolicLink()) links = true;
      else if (st.isDirectory()) visit(s.abs, this.dirs.deviceOf(parent));
    } catch {
      // Missing: only the parent can say when it comes back.
    }
    for (const d of [...s.dirs]) if (release || !wanted.has(d)) this.unwatchDir(s, d);
    s.unwatched = links || release;
  }

  private readonly localDevices = new Map<string, boolean>();

  private localDevice(dev: string, dir: string): boolean {
    let local = this.localDevices.get(dev);
    if (local === undefined) {
      if (typeof statfsSync !== 'function') return true; // Node < 18.15: as before, trusted
      try {
        local = eventsSeeAllChanges(statfsSync(dir).type);
      } catch {
        return false; // gone meanwhile: read this time, ask again next time
      }
      this.localDevices.set(dev, local);
      if (!local) this.log(`${dir} is on a network or FUSE file system, whose events can miss changes: its outputs are read on every request`);
    }
    return local;
  }

  private ignoreFilesAbove(abs: string): string[] {
    const files: string[] = [];
    for (let d = path.dirname(abs); ; d = path.dirname(d)) {
      files.push(path.join(d, '.dvcignore'));
      if (d === this.repo.root || path.dirname(d) === d) break;
    }
    return files;
  }

  private async refresh(t: TrackedOut, s: OutState, ignoreFiles: Map<string, string>): Promise<void> {
    const ignoreSignature = signatureOf(this.ignoreFilesAbove(t.abs), ignoreFiles);
    // The parent's watch is what sees the output replaced; a replaced parent needs a new one.
    if (!this.dirs.current(path.dirname(t.abs))) s.dirty = true;
    if (!s.dirty && !s.unwatched && !s.linked && s.hash && s.ignoreSignature === ignoreSignature) return;
    // Clean first, then watch, then read: an event during the read marks it dirty again.
    s.dirty = false;
    s.ignoreSignature = ignoreSignature;
    s.inCache = undefined;
    this.syncOutWatchers(s);
    this.rescans++;
    try {
      s.hash = existsSync(t.abs)
        ? await hashPath(t.abs, { root: this.repo.root, ignore: this.repo.ignore(), state: this.repo.state, kind: t.kind })
        : null;
      s.linked = s.hash ? this.linkedElsewhere(t, s.hash) : false;
      // Kept for the next requests: the md5 and the manifest (the cache check), not every file's
      // stat (tens of MB for 100,000 files).
      if (s.hash) s.hash = { ...s.hash, files: undefined };
    } catch (e) {
      // A read that failed (unreadable, a link loop) knows nothing: the next request reads again.
      s.dirty = true;
      s.hash = undefined;
      throw e;
    }
  }

  /**
   * True when a file of the output has a hard link that is not its own cache object (DVC's
   * `cache.type = hardlink` makes exactly that pair, and the object is read-only): a write
   * through the other name changes the file without an event in any directory watched here.
   */
  private linkedElsewhere(t: TrackedOut, hash: PathHash): boolean {
    const files = hash.files ?? [];
    const single = hash.isDir ? undefined : statFile(t.abs);
    const candidates = single ? [{ md5: hash.md5, stats: single }] : files;
    for (const f of candidates) {
      if (f.stats.nlink <= 1) continue;
      const object = findObject(this.repo.cacheDir, f.md5, t.kind);
      const o = object ? statFile(object) : undefined;
      if (!(f.stats.nlink === 2 && o && o.ino === f.stats.ino && o.dev === f.stats.dev)) return true;
    }
    return false;
  }

  private inCache(t: TrackedOut, s: OutState): boolean {
    const hash = s.hash!;
    if (this.cacheWatched && s.inCache && s.inCache.md5 === hash.md5 && s.inCache.gen === this.cacheGen) return s.inCache.value;
    const gen = this.cacheGen;
    const value = outInCache(this.repo, hash.md5, t.kind, hash.dir?.entries);
    s.inCache = { md5: hash.md5, gen, value };
    return value;
  }

  private async reopenIfConfigChanged(): Promise<void> {
    const sig = this.readConfigSignature();
    if (sig === this.configSignature) return;
    // The cache may have moved: start over with a fresh view of the repository. A config that
    // cannot be read fails this request and the next ones, as without a watcher, until fixed.
    await this.repo.state.flush();
    const repo = await openDataRepo(this.repo.root);
    this.log('.dvc/config changed: re-reading the repository');
    this.configSignature = sig;
    for (const [key, s] of [...this.outs]) this.forget(key, s);
    for (const d of [...this.cacheDirs]) this.dirs.remove(d, this.onCacheEvent);
    this.cacheDirs.clear();
    this.cacheSyncedGen = -1;
    this.repo = repo;
  }

  /** `data status` as the watcher sees it; requests run one at a time. `cwd`: the asker's, for messages. */
  status(paths?: string[], cwd?: string): Promise<DataStatusEntry[]> {
    const run = this.queue.then(() => this.statusNow(paths, cwd));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async statusNow(paths?: string[], cwd?: string): Promise<DataStatusEntry[]> {
    if (this.closed) throw new PonteError('data.watch_stopped', 'the data watcher is stopping', { hint: 'run the command again' });
    this.requests++;
    await this.reopenIfConfigChanged();
    if (!(await this.syncEvents())) for (const s of this.outs.values()) s.dirty = true;
    if (this.cacheGen !== this.cacheSyncedGen || !this.cacheWatched || !this.dirs.current(this.repo.cacheDir)) {
      this.syncCacheWatchers();
      this.cacheSyncedGen = this.cacheGen;
    }
    const tracked = await listTracked(this.repo, { cwd: cwd ?? this.repo.root, paths });
    const result: DataStatusEntry[] = [];
    const ignoreFiles = new Map<string, string>();
    for (const t of tracked) {
      const s = this.stateFor(t);
      await this.refresh(t, s, ignoreFiles);
      result.push(statusEntry(t, s.hash ?? undefined, () => this.inCache(t, s)));
    }
    if (!paths?.length) {
      const live = new Set(tracked.map((t) => `${t.abs}\0${t.kind}`));
      for (const [key, s] of [...this.outs]) if (!live.has(key)) this.forget(key, s);
    }
    await this.repo.state.flush();
    return result;
  }

  private async answer(request: WatchRequest): Promise<WatchResponse> {
    try {
      if (request.op === 'ping') return { ok: true, info: this.info() };
      if (request.op === 'stop') {
        setImmediate(() => void this.close('asked to stop'));
        return { ok: true, info: this.info() };
      }
      if (request.op === 'status') {
        if (request.paths !== undefined && (!Array.isArray(request.paths) || request.paths.some((p) => typeof p !== 'string'))) {
          throw new PonteError('data.watch_bad_request', 'paths must be a list of strings', { hint: 'send {"op":"status","paths":["data/train.csv"]}' });
        }
        for (const key of ['cwd', 'root'] as const) {
          const v = request[key];
          if (v !== undefined && (typeof v !== 'string' || !path.isAbsolute(v))) {
            throw new PonteError('data.watch_bad_request', `${key} must be an absolute path`, { hint: `send {"op":"status","${key}":"/path/to/repo"}` });
          }
        }
        // The asker may reach the repository by another path (a symbolic link): its paths are
        // read as ours, and paths in an error are given back as it knows them.
        const view = new RootView(request.root, this.repo.root);
        try {
          return { ok: true, entries: await this.status(request.paths?.map(view.toOurs), request.cwd && view.toOurs(request.cwd)) };
        } catch (e) {
          return { ok: false, error: view.errorToTheirs(toWireError(e)) };
        }
      }
      throw new PonteError('data.watch_bad_request', `unknown op ${JSON.stringify((request as { op?: unknown }).op)}`, { hint: 'ops: status, ping, stop' });
    } catch (e) {
      return { ok: false, error: toWireError(e) };
    }
  }

  /**
   * One request per connection: one JSON line in, one JSON line out, then the connection ends.
   * While the answer is worked on, an empty line goes out every HEARTBEAT_MS so the client can
   * tell a busy watcher from a stopped one; a client that sends nothing is hung up on.
   */
  private handle(conn: Socket): void {
    const state = { requested: false };
    this.conns.set(conn, state);
    let buffer = '';
    conn.setEncoding('utf8');
    conn.setTimeout(this.options.requestTimeoutMs ?? 10_000, () => {
      if (!state.requested) conn.destroy();
    });
    conn.on('error', () => conn.destroy());
    conn.on('close', () => this.conns.delete(conn));
    // The answer, then the connection is closed: input left unread (a second line, the rest of
    // an oversized request) must not keep it open.
    const reply = (r: WatchResponse): void => {
      if (!conn.destroyed && conn.writable) conn.end(`${JSON.stringify(r)}\n`, () => conn.destroy());
      else conn.destroy();
    };
    const onData = (chunk: string): void => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0 && buffer.length <= 1 << 20) return;
      // One request only: whatever follows it is not read.
      state.requested = true;
      conn.off('data', onData);
      conn.pause();
      if (nl < 0 || nl > 1 << 20) {
        reply({ ok: false, error: { code: 'data.watch_bad_request', message: 'request too large', hint: 'a request is one JSON object on one line, under 1 MiB' } });
        return;
      }
      let request: WatchRequest;
      try {
        request = JSON.parse(buffer.slice(0, nl)) as WatchRequest;
        if (!request || typeof request !== 'object') throw new Error('not an object');
      } catch {
        reply({ ok: false, error: { code: 'data.watch_bad_request', message: 'a request is one JSON object on one line', hint: '{"op":"status"}' } });
        return;
      }
      const heartbeat = setInterval(() => {
        if (!conn.destroyed && conn.writable) conn.write('\n');
      }, HEARTBEAT_MS);
      void this.answer(request).then((r) => {
        clearInterval(heartbeat);
        reply(r);
      });
    };
    conn.on('data', onData);
  }

  /**
   * Listens on the repository's socket. The socket is bound under a name of its own, then
   * hard-linked to the shared name: the link fails when the name is taken, so of two watchers
   * starting together one wins. A taken name whose watcher does not answer (killed with -9) is
   * removed, if it is still the same file, and the link tried once more. Should two watchers
   * still both get there, the one whose file was replaced notices within a check interval and
   * stops (and, the file not being its own, leaves it alone).
   */
  private async listen(): Promise<void> {
    const socket = watchSocketPath(this.repo.root, true);
    const staging = `${socket}.${randomBytes(3).toString('hex')}`; // short: a socket path must stay under 108 bytes
    if (process.platform !== 'win32' && Buffer.byteLength(staging) > 107) {
      throw new PonteError('data.watch_listen', `cannot listen on ${socket}: a socket path must be under 108 bytes`, {
        file: socket,
        hint: 'set XDG_RUNTIME_DIR (or TMPDIR) to a shorter directory',
      });
    }
    const server = createServer((conn) => this.handle(conn));
    const cannot = (e: unknown) =>
      new PonteError('data.watch_listen', `cannot listen on ${socket}: ${(e as Error).message}`, { file: socket, hint: 'check that the directory is writable', cause: e });
    const running = async (): Promise<PonteError | undefined> => {
      const other = await queryWatcher(this.repo.root, { op: 'ping' }, { connectTimeoutMs: 1000 });
      if (!other?.ok || !('info' in other)) return undefined;
      return new PonteError('data.watch_running', `a data watcher already runs for ${this.repo.root} (pid ${other.info.pid})`, {
        file: socket,
        hint: "use it as it is, or stop it first with 'ponte data watch --stop'",
      });
    };
    const claim = (): boolean => {
      try {
        linkSync(staging, socket);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw cannot(e);
      }
    };
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(cannot(e)));
      server.listen(staging, () => resolve());
    });
    try {
      if (!claim()) {
        const seen = socketIdentity(socket);
        const other = await running();
        if (other) throw other;
        if (socketIdentity(socket) === seen) rmSync(socket, { force: true });
        if (!claim()) {
          throw (
            (await running()) ??
            new PonteError('data.watch_running', `another data watcher is starting for ${this.repo.root}`, { file: socket, hint: "see it with 'ponte data watch --status'" })
          );
        }
      }
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw e;
    } finally {
      // The server answers through the shared name now (or not at all); its own name goes.
      rmSync(staging, { force: true });
    }
    this.server = server;
    this.socketPath = socket;
    this.socketId = socketIdentity(socket);
  }

  /** Stops watching and serving; safe to call twice. */
  async close(reason = 'closed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.repoCheck);
    await this.queue.catch(() => undefined);
    this.dirs.closeAll();
    for (const resolve of this.cookieWaiters.values()) resolve();
    if (this.server) {
      // Its socket file goes first (new clients read the workspace themselves), unless another
      // watcher's file has taken its place.
      if (this.socketPath && socketIdentity(this.socketPath) === this.socketId) rmSync(this.socketPath, { force: true });
      const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
      // Connections that never sent a request would keep the server open for ever; answered
      // ones get a moment to be read (a client that never reads would hold it too).
      for (const [conn, state] of this.conns) if (!state.requested) conn.destroy();
      await Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      for (const conn of this.conns.keys()) conn.destroy();
      await closed;
      // A crash leaves the socket file; the next start finds nobody answering there and takes it.
    }
    await this.repo.state.flush().catch(() => undefined);
    this.resolveDone(reason);
  }
}
