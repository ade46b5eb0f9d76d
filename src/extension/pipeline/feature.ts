// The pipeline feature's one owner of state: the "Ponte Pipeline" output channel, the folders
// whose pipeline runs now, the runs tree and the status bar. Registered on `ctx.pipeline`;
// the commands reach everything through it.
import * as vscode from 'vscode';
import type { RunOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import { cliError } from '../cli-bridge';
import type { PonteContext } from '../context';
import type { PonteNode } from '../views/node';
import { RunsTree } from './runs-tree';
import { PipelineStatusBar } from './status-bar';

export class PipelineFeature implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Ponte Pipeline');
  private readonly running = new Set<string>();
  readonly runs: RunsTree;
  readonly status: PipelineStatusBar;

  constructor(private readonly ctx: PonteContext) {
    this.runs = new RunsTree(ctx);
    this.status = new PipelineStatusBar(ctx, this.running);
  }

  /** The folder a command works in: the row's, else the first with a pipeline, else the first open. */
  root(node?: PonteNode): string {
    const fromNode = (node?.data as { root?: string } | undefined)?.root;
    if (fromNode) return fromNode;
    const withPipeline = this.ctx.project.models().filter((m) => m.dvcFiles.length > 0);
    const root = withPipeline[0]?.root ?? this.ctx.roots()[0];
    if (!root) throw new PonteError('pipeline.no_folder', 'open the folder of a project with a dvc.yaml first');
    return root;
  }

  /** `ponte run [stages]` with its output in the channel and a cancellable progress; undefined when cancelled. */
  async run(root: string, stages: string[] = [], force = false): Promise<RunOutput | undefined> {
    const ctx = this.ctx;
    ctx.requireTrust('Running the pipeline');
    if (this.running.has(root)) throw new PonteError('pipeline.busy', 'the pipeline of this folder is already running', { hint: 'cancel it from its notification first' });
    this.channel.show(true);
    this.channel.appendLine(`$ ponte run ${stages.join(' ')}${force ? ' --force' : ''}   (in ${root})`);
    this.running.add(root);
    void this.status.update();
    try {
      const title = stages.length ? `Running stage ${stages.join(', ')}` : 'Running the pipeline';
      const { value: out, exitCode } = await ctx.withProgress(title, (signal) =>
        ctx.cli.json<RunOutput>(['run', '--json', ...(force ? ['--force'] : []), ...stages], { cwd: root, cancel: signal, backend: true, onOutput: (t) => this.channel.append(t) }),
      );
      const failed = out.stages.find((s) => s.error && s.outcome !== 'cancelled')?.error ?? out.error;
      if (exitCode !== 0) {
        this.channel.appendLine('failed');
        if (failed) throw cliError(failed, root);
        throw new PonteError('pipeline.failed', `ponte run failed (exit code ${exitCode})`, { hint: 'see the Ponte Pipeline output' });
      }
      const ran = out.stages.filter((x) => x.ran).map((x) => x.name);
      this.channel.appendLine(ran.length ? `done: ran ${ran.join(', ')}${out.run_id ? `; run ${out.run_id}` : ''}` : 'done: everything was up to date');
      void vscode.window.showInformationMessage(ran.length ? `Pipeline finished: ran ${ran.join(', ')}.` : 'Pipeline is up to date: nothing to run.');
      return out;
    } catch (e) {
      if (e instanceof PonteError && e.code === 'cancelled') {
        this.channel.appendLine('cancelled');
        return undefined;
      }
      throw e;
    } finally {
      this.running.delete(root);
      void this.runs.reload();
      this.status.request();
    }
  }

  dispose(): void {
    this.status.dispose();
    this.channel.dispose();
  }
}
