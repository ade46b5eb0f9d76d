// The pipeline's status bar item: up to date, N stale, running, or Restricted Mode, from
// `ponte status --json` after saves (debounced and queued). Clicking it lists the stale stages.
import * as vscode from 'vscode';
import type { StatusOutput } from '../../core/cli-json';
import type { PonteContext } from '../context';
import { describeError } from '../error-message';
import { RefreshQueue } from '../refresh-queue';

export class PipelineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ponte.pipeline', vscode.StatusBarAlignment.Left, 9);
  private readonly queue: RefreshQueue;
  /** The last answer of `ponte status`, for the details quick pick. */
  last: ({ root: string } & StatusOutput) | undefined;

  constructor(
    private readonly ctx: PonteContext,
    /** Roots whose pipeline runs now. */
    private readonly running: ReadonlySet<string>,
  ) {
    this.item.name = 'Ponte Pipeline';
    this.item.command = 'ponte.pipelineStatus';
    this.queue = new RefreshQueue({ delayMs: 1500, run: () => this.update(), onError: (e) => ctx.log.warn(`pipeline status: ${String((e as Error)?.message ?? e)}`) });
    this.show(ctx.isTrusted() ? '$(beaker) Pipeline' : '$(shield) Pipeline', ctx.isTrusted() ? 'Ponte: pipeline state (click for details)' : 'Ponte runs nothing in Restricted Mode');
    this.item.show();
  }

  private show(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  /** Asks for an update soon (debounced, queued). */
  request(): void {
    void this.queue.request();
  }

  /** Reads `ponte status --json` now. */
  async update(): Promise<void> {
    if (!this.ctx.isTrusted()) return this.show('$(shield) Pipeline', 'Ponte runs nothing in Restricted Mode');
    if (this.running.size > 0) return this.show('$(sync~spin) Pipeline running', 'Ponte: the pipeline is running (cancel it from its notification)');
    const root = this.ctx.project.models().find((m) => m.dvcFiles.length > 0)?.root;
    if (!root) return this.show('$(beaker) Pipeline', 'No dvc.yaml in this workspace');
    try {
      // No backend: `ponte status` only compares the workspace with dvc.lock.
      const { value } = await this.ctx.cli.json<StatusOutput>(['status', '--json'], { cwd: root });
      this.last = { root, ...value };
      if (value.stale === 0) this.show('$(check) Pipeline up to date', 'Every stage is up to date with dvc.lock');
      else this.show(`$(warning) Pipeline: ${value.stale} stale`, value.stages.filter((x) => x.stale).map((x) => `${x.name}: ${x.reasons.join('; ')}`).join('\n'));
    } catch (e) {
      this.last = undefined;
      this.show('$(error) Pipeline', describeError(e, (f) => vscode.workspace.asRelativePath(f)));
    }
  }

  dispose(): void {
    this.queue.dispose();
    this.item.dispose();
  }
}
