// What the editor knows of each tracked path: its status (unchanged, modified, missing, not in
// the cache) and whether the remote has it. Refreshed in the background, debounced and queued,
// when tracked files change; the tree and the file decorations read it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isPushed, listTracked, localRemoteDir, openDataRepo, statusOfTracked, type DataStatusEntry, type DataStatusKind, type TrackedOut } from '../../core/data/index';
import { statusFromWatcher } from '../../core/data/watch-client';
import { isPonteError } from '../../core/errors';
import type { PonteContext } from '../context';
import { RefreshQueue } from '../refresh-queue';
import type { DataWatcherProcesses } from './watcher-process';

export interface TrackedState {
  root: string;
  /** Repository-relative, `/`-separated. */
  rel: string;
  abs: string;
  dvcFile: string;
  status: DataStatusKind;
  /** undefined when no remote is configured. */
  pushed?: boolean;
  isDir: boolean;
}

export class DataModel implements vscode.Disposable {
  private states = new Map<string, TrackedState>();
  private readonly changed = new vscode.EventEmitter<string[]>();
  /** Fires with the absolute paths whose state changed. */
  readonly onDidChange = this.changed.event;
  private readonly queue: RefreshQueue;
  private loaded = false;

  constructor(
    private readonly ctx: PonteContext,
    private readonly watchers?: DataWatcherProcesses,
  ) {
    this.queue = new RefreshQueue({ delayMs: 300, run: () => this.read(), onError: (e) => ctx.showError(e) });
  }

  /** Starts the first read; cheap to call again (used on first view or decoration request). */
  ensureLoaded(): void {
    if (this.loaded) return;
    this.loaded = true;
    void this.queue.request();
  }

  refresh(): Promise<void> {
    this.loaded = true;
    return this.queue.request();
  }

  now(): Promise<void> {
    this.loaded = true;
    return this.queue.now();
  }

  /** The running data watcher's verdicts in `tracked`'s order, or undefined when none answers for all. */
  private async fromWatcher(root: string, tracked: TrackedOut[]): Promise<DataStatusEntry[] | undefined> {
    if (!this.watchers || !this.ctx.isTrusted()) return undefined;
    const entries = await statusFromWatcher(root, undefined).catch(() => undefined);
    if (!entries) return undefined;
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const ordered = tracked.map((t) => byPath.get(t.rel));
    return ordered.every((e) => e !== undefined) ? ordered : undefined;
  }

  get(abs: string): TrackedState | undefined {
    return this.states.get(abs);
  }

  all(): TrackedState[] {
    return [...this.states.values()];
  }

  /** True when `abs` is a tracked path, lies inside one, or is a `.dvc` file. */
  concerns(abs: string): boolean {
    if (abs.endsWith('.dvc') || abs.includes(`${path.sep}.dvc${path.sep}`)) return true;
    for (const s of this.states.values()) if (abs === s.abs || abs.startsWith(s.abs + path.sep)) return true;
    return false;
  }

  private async read(): Promise<void> {
    const next = new Map<string, TrackedState>();
    for (const root of this.ctx.roots()) {
      let repo;
      try {
        repo = await openDataRepo(root);
      } catch (e) {
        // Not a DVC repository (yet) is normal; a broken .dvc/config must say so, not hide the data.
        if (!isPonteError(e) || e.code !== 'data.not_a_repo') this.ctx.showError(e);
        continue;
      }
      try {
        const tracked = await listTracked(repo, { cwd: root });
        void this.watchers?.ensure(root);
        const statuses = (await this.fromWatcher(repo.root, tracked)) ?? (await statusOfTracked(repo, tracked));
        let remote = true;
        try {
          localRemoteDir(repo);
        } catch {
          remote = false;
        }
        tracked.forEach((t, i) => {
          next.set(t.abs, {
            root,
            rel: t.rel,
            abs: t.abs,
            dvcFile: t.dvcFile,
            status: statuses[i].status,
            pushed: remote ? isPushed(repo, t) : undefined,
            isDir: Boolean(t.out.md5?.endsWith('.dir')),
          });
        });
      } catch (e) {
        this.ctx.showError(e);
      }
    }
    const changed = new Set<string>();
    for (const [abs, s] of next) {
      const old = this.states.get(abs);
      if (!old || old.status !== s.status || old.pushed !== s.pushed) changed.add(abs);
    }
    for (const abs of this.states.keys()) if (!next.has(abs)) changed.add(abs);
    this.states = next;
    if (changed.size) this.changed.fire([...changed]);
  }

  dispose(): void {
    this.queue.dispose();
    this.changed.dispose();
  }
}
