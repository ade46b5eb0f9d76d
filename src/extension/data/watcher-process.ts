// Runs `ponte data watch` for each DVC workspace folder while the window is open (setting
// `ponte.data.watcher`), so data status stays instant on big datasets: in the Datasets view and
// decorations, and for `ponte data status` in the integrated terminal. A watcher the user
// started already is used as it is; ours stops with the window.
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { queryWatcher } from '../../core/data/watch-client';
import type { PonteContext } from '../context';
import { cliInvocation } from '../pipeline/cli-process';

export class DataWatcherProcesses implements vscode.Disposable {
  private readonly children = new Map<string, ChildProcess>();
  private readonly starting = new Set<string>();

  constructor(private readonly ctx: PonteContext) {}

  private enabled(root: string): boolean {
    return this.ctx.isTrusted() && vscode.workspace.getConfiguration('ponte', vscode.Uri.file(root)).get<boolean>('data.watcher', true);
  }

  /** Starts a watcher for `root` unless one runs; never waits for it (status falls back meanwhile). */
  async ensure(root: string): Promise<void> {
    if (this.children.has(root) || this.starting.has(root) || !this.enabled(root)) return;
    this.starting.add(root);
    try {
      if (await queryWatcher(root, { op: 'ping' }, { connectTimeoutMs: 300 })) return;
      // Only the bundled CLI: a `ponte.cliPath` of another version might speak another protocol.
      const inv = cliInvocation({ extensionPath: this.ctx.extension.extensionPath });
      const child = spawn(inv.command, [...inv.prefix, 'data', 'watch'], { cwd: root, env: { ...process.env, ...inv.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.set(root, child);
      const log = (d: string) => {
        for (const line of d.split('\n')) if (line.trim()) this.ctx.log.info(`data watch (${root}): ${line}`);
      };
      child.stdout?.setEncoding('utf8').on('data', log);
      child.stderr?.setEncoding('utf8').on('data', log);
      child.on('error', (e) => log(`cannot start: ${e.message}`));
      child.on('exit', () => {
        // It stops on its own when the repository goes, or when another watcher got there first.
        if (this.children.get(root) === child) this.children.delete(root);
      });
    } finally {
      this.starting.delete(root);
    }
  }

  dispose(): void {
    for (const child of this.children.values()) child.kill('SIGTERM');
    this.children.clear();
  }
}
