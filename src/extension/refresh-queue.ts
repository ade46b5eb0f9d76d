// A debounced, queued refresh: bursts of requests collapse into one run after `delayMs`, and
// a request that arrives while a run is in flight schedules exactly one more run after it.
// Free of `vscode` so its timing rules are unit-tested directly.

export interface RefreshQueueOptions {
  delayMs: number;
  run: () => Promise<void>;
  /** Called with whatever `run` throws; the queue keeps working afterwards. */
  onError?: (e: unknown) => void;
}

export class RefreshQueue {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: RefreshQueueOptions) {}

  /** Asks for a refresh; resolves once a run that started after this request has finished. */
  request(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.running) {
      this.again = true;
    } else {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.start(), this.options.delayMs);
    }
    return done;
  }

  /** Runs now, skipping the debounce (an explicit "Refresh" click). */
  now(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.running) this.again = true;
    else this.start();
    return done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.release();
  }

  private start(): void {
    this.timer = undefined;
    const waiting = this.waiters;
    this.waiters = [];
    this.running = this.options
      .run()
      .catch((e) => this.options.onError?.(e))
      .finally(() => {
        this.running = undefined;
        for (const w of waiting) w();
        if (this.again && !this.disposed) {
          this.again = false;
          this.start();
        } else if (this.disposed) {
          this.release();
        }
      });
  }

  private release(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
