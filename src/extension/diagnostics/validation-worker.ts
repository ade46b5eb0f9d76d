// Runs validation in a worker thread (dist/validate-worker.js), so no file, however large or
// pathological, can block the extension host: one job at a time per worker, a newer version of a
// document replaces its queued or running job (a running one is cut off by ending the worker),
// and a hard timeout or a crash ends the worker and answers one "validation stopped" diagnostic.
// Free of `vscode`, so a unit test drives it with the real worker bundle.
import { Worker } from 'node:worker_threads';
import type { Diagnostic, SpecKind } from '../spec';

export interface ValidateRequest {
  text: string;
  /** The document's path: diagnostics name it, and neighbours are read next to it. */
  file: string;
  kind: SpecKind;
  /** Unsaved text of open editors by absolute path, read before the disk. */
  open: Record<string, string>;
}

export type ValidateOutcome =
  | { kind: 'done'; diagnostics: Diagnostic[] }
  /** A newer version of the document arrived (or the worker was disposed): publish nothing. */
  | { kind: 'superseded' }
  /** Timed out or crashed: one diagnostic that says so. */
  | { kind: 'stopped'; diagnostics: Diagnostic[] };

export interface ValidationWorkerOptions {
  /** The worker bundle. */
  script: string;
  /** Past this, the worker is ended and the document gets one "validation stopped" diagnostic. */
  timeoutMs: number;
  /** The worker's heap: a file that would need more ends the worker, never the extension host. */
  maxHeapMb?: number;
  /** Told when a job is stopped (for the log). */
  onStopped?: (file: string, message: string) => void;
}

interface Job {
  key: string;
  request: ValidateRequest;
  resolve: (o: ValidateOutcome) => void;
}

interface Running extends Job {
  id: number;
  timer: ReturnType<typeof setTimeout>;
}

export class ValidationWorker {
  private worker: Worker | undefined;
  private readonly queue = new Map<string, Job>();
  private running: Running | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: ValidationWorkerOptions) {}

  /** Validates a document version; `key` identifies the document (its URI). */
  validate(key: string, request: ValidateRequest): Promise<ValidateOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'superseded' });
    return new Promise((resolve) => {
      this.queue.get(key)?.resolve({ kind: 'superseded' });
      this.queue.delete(key);
      if (this.running?.key === key) this.finish({ kind: 'superseded' }, true);
      this.queue.set(key, { key, request, resolve });
      this.pump();
    });
  }

  /** Drops any queued or running job of a document (closed, deleted, validation turned off). */
  cancel(key: string): void {
    this.queue.get(key)?.resolve({ kind: 'superseded' });
    this.queue.delete(key);
    if (this.running?.key === key) {
      this.finish({ kind: 'superseded' }, true);
      this.pump();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.values()) job.resolve({ kind: 'superseded' });
    this.queue.clear();
    if (this.running) this.finish({ kind: 'superseded' }, true);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.values().next();
    if (next.done) return;
    const job = next.value;
    this.queue.delete(job.key);
    const id = this.nextId++;
    const timer = setTimeout(() => {
      const seconds = this.options.timeoutMs / 1000;
      this.finish(this.stopped(job.request.file, `checking this file took more than ${seconds} s, so it was stopped (a pipeline file takes milliseconds); it is checked again when it changes`), true);
      this.pump();
    }, this.options.timeoutMs);
    this.running = { ...job, id, timer };
    try {
      this.ensureWorker().postMessage({ id, ...job.request });
    } catch (e) {
      // No bundle next to the extension (a broken install) or a text that cannot be sent.
      this.finish(this.stopped(job.request.file, `the checker could not start (${(e as Error).message}); reinstall Ponte if this persists`), true);
      this.pump();
    }
  }

  /** Answers the running job; `endWorker` when the worker may still be busy with it. */
  private finish(outcome: ValidateOutcome, endWorker: boolean): void {
    const job = this.running;
    if (!job) return;
    clearTimeout(job.timer);
    this.running = undefined;
    if (endWorker && this.worker) {
      const w = this.worker;
      this.worker = undefined;
      w.removeAllListeners();
      // An error after this point belongs to a worker nobody listens to any more.
      w.on('error', () => undefined);
      void w.terminate();
    }
    job.resolve(outcome);
  }

  private stopped(file: string, why: string): ValidateOutcome {
    const outcome = stoppedOutcome(file, why);
    this.options.onStopped?.(file, why);
    return outcome;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.script, { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 } });
    // The worker must not keep the host's process alive (the CLI and tests end when idle).
    worker.unref();
    worker.on('message', (m: { id: number; diagnostics: Diagnostic[] }) => {
      if (this.running?.id !== m.id) return;
      this.finish({ kind: 'done', diagnostics: m.diagnostics }, false);
      this.pump();
    });
    const failed = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const file = this.running?.request.file;
      if (file) this.finish(this.stopped(file, `the checker failed (${why}); it is checked again when the file changes`), false);
      this.pump();
    };
    worker.on('error', (e) => failed(e.message));
    worker.on('exit', (code) => failed(`it exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}

function stoppedOutcome(file: string, why: string): ValidateOutcome {
  const zero = { line: 0, character: 0 };
  return { kind: 'stopped', diagnostics: [{ file, range: { start: zero, end: zero }, severity: 'warning', code: 'validation.stopped', message: `validation stopped: ${why}` }] };
}
