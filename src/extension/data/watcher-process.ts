// Runs `ponte data watch` for each DVC repository of the workspace folders while the window is
// open (setting `ponte.data.watcher`), so data status stays instant on big datasets: in the
// Datasets view and decorations, and for `ponte data status` in the integrated terminal. A
// watcher the user started already is used as it is; ours stops with the window, and with the
// extension host even when that is killed (it watches its standard input, a pipe from us).
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { findRepoRoot } from '../../core/data';
import { queryWatcher } from '../../core/data/watch-client';
import { spawnCliService } from '../cli-bridge';
import type { PonteContext } from '../context';

/** A watcher that failed (a broken .dvc/config, a socket directory it refuses) is tried again after this. */
const RETRY_AFTER_MS = 60_000;

export class DataWatcherProcesses implements vscode.Disposable {
  /** By repository root: two folders of one repository share one watcher. */
  private readonly children = new Map<string, ChildProcess>();
  private readonly starting = new Set<string>();
  /** When each repository's watcher last failed: not started again on every refresh, only after a pause. */
  private readonly failedAt = new Map<string, number>();
  private disposed = false;

  constructor(private readonly ctx: PonteContext) {}

  private enabled(folder: string): boolean {
    return !this.disposed && this.ctx.isTrusted() && vscode.workspace.getConfiguration('ponte', vscode.Uri.file(folder)).get<boolean>('data.watcher', true);
  }

  /** The watcher started for the repository at or above `folder`, if it runs. */
  child(folder: string): ChildProcess | undefined {
    return this.children.get(findRepoRoot(folder) ?? folder);
  }

  /** Starts a watcher for the repository of `folder` unless one runs; never waits for it (status falls back meanwhile). */
  async ensure(folder: string): Promise<void> {
    const root = findRepoRoot(folder) ?? folder;
    if (!this.enabled(folder)) {
      // Turned off (ponte.data.watcher) since it started: ours stops; one the user runs stays.
      this.stop(root);
      return;
    }
    if (this.children.has(root) || this.starting.has(root) || Date.now() - (this.failedAt.get(root) ?? -Infinity) < RETRY_AFTER_MS) return;
    this.starting.add(root);
    try {
      if (await queryWatcher(root, { op: 'ping' }, { connectTimeoutMs: 300 })) return;
      if (this.disposed) return;
      const child = spawnCliService(this.ctx, ['data', 'watch', '--stop-with-stdin'], root);
      this.children.set(root, child);
      const log = (d: string) => {
        for (const line of d.split('\n')) if (line.trim()) this.ctx.log.info(`data watch (${root}): ${line}`);
      };
      child.stdin?.on('error', () => undefined);
      child.stdout?.setEncoding('utf8').on('data', log);
      child.stderr?.setEncoding('utf8').on('data', log);
      child.on('error', (e) => log(`cannot start: ${e.message}`));
      child.on('exit', (code) => {
        // It stops on its own when the repository goes, or when another watcher got there first.
        if (this.children.get(root) === child) this.children.delete(root);
        if (code !== 0 && !this.disposed) {
          this.failedAt.set(root, Date.now());
          log(`exited with ${code ?? 'a signal'}; not started again for ${RETRY_AFTER_MS / 1000} s (data status reads the workspace meanwhile)`);
        }
      });
    } finally {
      this.starting.delete(root);
    }
  }

  private stop(root: string): void {
    const child = this.children.get(root);
    if (!child) return;
    this.children.delete(root);
    child.stdin?.end();
    child.kill('SIGTERM');
  }

  dispose(): void {
    this.disposed = true;
    for (const root of [...this.children.keys()]) this.stop(root);
  }
}
