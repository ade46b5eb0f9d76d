// When a dashboard panel re-posts its data: on request, at most once per `delayMs` however many
// events arrive (a burst redraws once; a steady stream still redraws every `delayMs`, where a
// plain debounce would wait for a quiet moment that never comes), one load at a time.
import { RefreshQueue } from '../refresh-queue';

export class Redraws {
  private readonly queue: RefreshQueue;
  /** A redraw is asked for and not started yet: later asks join it instead of pushing it back. */
  private asked = false;

  constructor(options: { delayMs: number; run: () => Promise<void>; onError: (e: unknown) => void }) {
    this.queue = new RefreshQueue({
      delayMs: options.delayMs,
      run: () => {
        this.asked = false;
        return options.run();
      },
      onError: options.onError,
    });
  }

  /** An event: redraw soon. */
  ask(): void {
    if (this.asked) return;
    this.asked = true;
    void this.queue.request();
  }

  /** The page is ready, or Retry: redraw now; resolves when done. */
  now(): Promise<void> {
    return this.queue.now();
  }

  dispose(): void {
    this.queue.dispose();
  }
}
