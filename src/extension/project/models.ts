// The parsed pipeline files of each workspace root, re-read (debounced, queued) when a pipeline
// file is created, changed or deleted. Trees and later features read `models()` and listen to
// `onDidChange`; nobody else reads the pipeline files from disk.
import * as vscode from 'vscode';
import { RefreshQueue } from '../refresh-queue';
import { readProjectModel, type ProjectModel } from '../spec';

/** Pipeline files by name, as the spec core's detectKind sees them: *ponte.yaml and *dvc.yaml (or .yml). */
export const pipelineFileGlob = '**/*{ponte,dvc}.{yaml,yml}';
/** DVC's default params file, in each format DVC reads. */
export const paramsFileGlob = '**/params.{yaml,yml,json,toml}';
export const ignoredFolderGlob = '**/{node_modules,.git,.dvc}/**';

export class ProjectModels implements vscode.Disposable {
  private current: ProjectModel[] = [];
  private readonly changed = new vscode.EventEmitter<ProjectModel[]>();
  readonly onDidChange = this.changed.event;
  private readonly queue: RefreshQueue;
  private readonly firstRead: Promise<void>;
  private markRead: () => void = () => {};

  constructor(
    private readonly options: { roots: () => string[]; log: vscode.LogOutputChannel; delayMs: number; onError: (e: unknown) => void },
  ) {
    this.queue = new RefreshQueue({ delayMs: options.delayMs, run: () => this.read(), onError: options.onError });
    this.firstRead = new Promise((resolve) => (this.markRead = resolve));
  }

  /** Resolves once the pipeline files have been read (or failed to be) the first time. */
  ready(): Promise<void> {
    return this.firstRead;
  }

  models(): readonly ProjectModel[] {
    return this.current;
  }

  /** Debounced re-read; resolves when a read started after this call has finished. */
  refresh(): Promise<void> {
    return this.queue.request();
  }

  /** Immediate re-read (the Refresh button). */
  refreshNow(): Promise<void> {
    return this.queue.now();
  }

  dispose(): void {
    this.markRead();
    this.queue.dispose();
    this.changed.dispose();
  }

  private async read(): Promise<void> {
    try {
      await this.readAll();
    } finally {
      this.markRead();
    }
  }

  private async readAll(): Promise<void> {
    const started = Date.now();
    const previous = new Map(this.current.map((m) => [m.root, m]));
    // One unreadable folder must not blank the others: it keeps its last good model.
    this.current = await Promise.all(
      this.options.roots().map((root) =>
        readProjectModel(root).catch((e: unknown) => {
          this.options.onError(e);
          return previous.get(root) ?? { root, dvcFiles: [], datasets: [], stages: [], deployments: [], diagnostics: [] };
        }),
      ),
    );
    const counts = this.current.map((m) => `${m.root}: ${m.datasets.length} datasets, ${m.stages.length} stages, ${m.deployments.length} deployments`);
    this.options.log.info(`read pipeline files in ${Date.now() - started} ms (${counts.join('; ') || 'no folder open'})`);
    void vscode.commands.executeCommand('setContext', 'ponte.hasPonteFile', this.current.some((m) => m.ponteFile !== undefined));
    this.changed.fire(this.current);
  }
}
