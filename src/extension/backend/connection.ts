// The editor's one connection to the backend. Local (ponte.backend.url empty): reuse the
// workspace's running server or fork dist/server.js, and stop only what this window started.
// Remote: the URL with its token from SecretStorage. Opened lazily, on the first api() call.
// An outage shows one message with Retry, not one per failing call; the SSE stream feeds
// `onEvent` so trees and other features refresh.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HttpClient, type PonteApi, type PonteEvent } from '../../core/api';
import { PonteError, isPonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import { describeError } from '../error-message';
import { findRunningServer, forkLocalServer, stopForkedServer, type LocalServer } from './local-server';
import type { BackendState } from './state';

export const TOKEN_SECRET = 'ponte.backend.token';

export class BackendConnection implements vscode.Disposable {
  private readonly stateEmitter = new vscode.EventEmitter<BackendState>();
  private readonly eventEmitter = new vscode.EventEmitter<PonteEvent>();
  /** Fires on every state change (off, starting, ready, unreachable). */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Every event of the backend's stream (run.created, alert.fired, deployment.changed, ...). */
  readonly onEvent = this.eventEmitter.event;
  private current: BackendState = { kind: 'off', mode: 'local' };
  private client?: HttpClient;
  private token?: string;
  private server?: LocalServer;
  private unsubscribe?: () => void;
  private connecting?: Promise<PonteApi>;
  private outageShown = false;
  private stopping = false;

  constructor(private readonly ctx: PonteContext) {
    this.current = { kind: 'off', mode: this.remoteUrl() ? 'remote' : 'local', url: this.remoteUrl() || undefined };
  }

  get state(): BackendState {
    return this.current;
  }

  private set(state: BackendState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }

  private remoteUrl(): string {
    return vscode.workspace.getConfiguration('ponte').get<string>('backend.url', '').trim();
  }

  /** Where the backend answers and its token (for the CLI's environment and the proxy's URLs), connecting first. */
  async endpoint(): Promise<{ url: string; token?: string }> {
    const client = (await this.api()) as HttpClient;
    return { url: client.url, token: this.token };
  }

  /** The API, connecting (and starting the local server) on first use. */
  api(): Promise<PonteApi> {
    if (this.current.kind === 'ready' && this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<PonteApi> {
    const url = this.remoteUrl();
    const mode = url ? 'remote' : 'local';
    this.ctx.requireTrust(mode === 'local' ? 'Starting the Ponte backend' : 'Connecting to the Ponte backend');
    this.set({ kind: 'starting', mode, url: url || undefined });
    try {
      let client: HttpClient;
      if (url) {
        this.token = (await this.ctx.extension.secrets.get(TOKEN_SECRET)) || undefined;
        client = new HttpClient({ url, token: this.token });
      } else {
        const root = this.ctx.roots()[0];
        if (!root) throw new PonteError('backend.no_folder', 'the local Ponte backend needs an open folder', { hint: 'open the folder of your project, or set ponte.backend.url' });
        this.server = (await findRunningServer(root)) ?? (await this.fork(root));
        this.token = this.server.token;
        client = new HttpClient({ url: this.server.url, token: this.token });
      }
      const health = await client.health();
      this.client = client;
      this.follow(client);
      this.outageShown = false;
      this.ctx.log.info(`backend ready: ${client.url} (${health.store}${this.server ? `, pid ${this.server.pid}${this.server.startedHere ? ', started here' : ', reused'}` : ''})`);
      this.set({ kind: 'ready', mode, url: client.url, pid: this.server?.pid, startedHere: this.server?.startedHere, store: health.store });
      return client;
    } catch (e) {
      if (isPonteError(e) && e.code === 'trust.required') throw e;
      // The client's hint speaks of CLI flags; in the editor the setting is what to check.
      const hint = mode === 'remote' ? 'check ponte.backend.url and that the server runs there' : 'see the Ponte output for the server log';
      throw this.outage(isPonteError(e) && e.code === 'backend.unreachable' ? new PonteError(e.code, e.message, { hint, cause: e }) : e, mode, url);
    }
  }

  private async fork(root: string): Promise<LocalServer> {
    this.ctx.log.info(`starting the local backend for ${root}`);
    const server = await forkLocalServer({
      serverJs: path.join(this.ctx.extension.extensionPath, 'dist', 'server.js'),
      root,
      onLog: (line) => this.ctx.log.debug(`[server] ${line}`),
    });
    server.child?.once('exit', (code) => {
      if (this.stopping || this.server !== server) return;
      this.ctx.log.warn(`the local backend (pid ${server.pid}) exited with code ${code}`);
      this.client?.close().catch((e: unknown) => this.ctx.log.warn(`closing the backend client: ${String(e)}`));
      this.client = undefined;
      this.server = undefined;
      this.outage(new PonteError('backend.exited', `the local Ponte backend stopped (exit code ${code})`), 'local', undefined);
    });
    return server;
  }

  /** Follows the event stream; a drop while ready turns the state to unreachable, a reconnect back to ready. */
  private follow(client: HttpClient): void {
    this.unsubscribe?.();
    this.unsubscribe = client.subscribe(
      (event) => this.eventEmitter.fire(event),
      (connected) => {
        if (this.client !== client) return;
        if (connected && this.current.kind === 'unreachable') {
          this.outageShown = false;
          this.set({ ...this.current, kind: 'ready', error: undefined });
        } else if (!connected && this.current.kind === 'ready') {
          void client.health().catch((e) => this.outage(e, this.current.mode, this.current.mode === 'remote' ? this.current.url : undefined));
        }
      },
    );
  }

  /** Sets the state to unreachable and shows one message with Retry for the whole outage. */
  private outage(e: unknown, mode: 'local' | 'remote', url: string | undefined): PonteError {
    const text = describeError(e);
    this.ctx.log.error(`backend unreachable: ${text}`);
    this.set({ kind: 'unreachable', mode, url: url || this.current.url, error: text });
    if (!this.outageShown) {
      this.outageShown = true;
      void vscode.window.showErrorMessage(`Ponte backend unreachable: ${text}`, 'Retry', 'Show Output').then((choice) => {
        if (choice === 'Retry') void this.retry();
        if (choice === 'Show Output') this.ctx.log.show(true);
      });
    }
    // Callers get this code, which the command wrapper does not show again.
    return new PonteError('backend.unreachable', `Ponte backend unreachable: ${text}`, { cause: e });
  }

  /** Drops the connection and connects again; a new failure shows its message again. */
  async retry(): Promise<void> {
    this.outageShown = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.client?.close();
    this.client = undefined;
    if (this.current.kind !== 'off') this.set({ ...this.current, kind: 'off' });
    await this.api().catch(() => undefined);
  }

  /** Stops the local server if this window started it; a reused or remote one is only let go. */
  async stop(): Promise<void> {
    this.stopping = true;
    try {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      await this.client?.close();
      this.client = undefined;
      const server = this.server;
      this.server = undefined;
      if (server?.startedHere) {
        this.ctx.log.info(`stopping the local backend (pid ${server.pid})`);
        await stopForkedServer(server);
      }
      const url = this.remoteUrl();
      this.set({ kind: 'off', mode: url ? 'remote' : 'local', url: url || undefined });
    } finally {
      this.stopping = false;
    }
  }

  dispose(): void {
    this.stopping = true;
    this.unsubscribe?.();
    void this.client?.close();
    // Disconnecting the IPC channel is synchronous and makes the server shut down cleanly on its
    // own (server.json and the lock removed), even as the extension host goes away.
    if (this.server?.startedHere && this.server.child?.connected) this.server.child.disconnect();
    this.stateEmitter.dispose();
    this.eventEmitter.dispose();
  }
}
