// One fs.watch per directory, shared by the outputs that care about it, and knowing when a
// watch went deaf: inotify follows an inode, so a directory replaced at the same path needs a
// new watch. Used by the data watcher (watch.ts).
import { statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';

export type Listener = (event: string, name: string | null, dir: string) => void;

/** A directory's identity: a watch follows the inode it was set on, not the path. */
export function identityOf(dir: string): string | undefined {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? `${st.dev}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One fs.watch per directory, shared by every output that cares about it. inotify watches an
 * inode: a directory deleted and made again, or renamed away with another put in its place,
 * leaves the old watch on the old inode, deaf to the new directory. So each watch remembers the
 * identity it was set on, and `add` and `current` compare it with what the path holds now. The
 * file system reuses inode numbers at once, so a watch whose directory was deleted or moved
 * (libuv reports that as a 'rename' naming the directory itself) counts as gone too.
 */
export class DirWatchers {
  private readonly byDir = new Map<string, { watcher: FSWatcher; listeners: Set<Listener>; id: string; gone: boolean }>();

  constructor(
    private readonly onFailure: (dir: string, e: unknown) => void,
    /** At most this many watches: inotify's limit is per user, and the editor needs its share. */
    private readonly limit = Infinity,
    private readonly onLimit: () => void = () => undefined,
  ) {}

  get size(): number {
    return this.byDir.size;
  }

  /**
   * Watches `dir` for `listener`: 'kept' when a watch on the directory there now already ran
   * (nothing was missed), 'new' when one was set just now (events before it were not seen), or
   * 'failed' when the directory cannot be watched (gone, or the system's watch limit reached).
   */
  add(dir: string, listener: Listener): 'kept' | 'new' | 'failed' {
    // The identity first, then the watch: a directory swapped in between is caught next time.
    const id = identityOf(dir);
    const known = this.byDir.get(dir);
    if (known && !known.gone && known.id === id) {
      known.listeners.add(listener);
      return 'kept';
    }
    const listeners = new Set(known?.listeners ?? []);
    if (known) {
      // Its watch is on a directory no longer there: whoever relied on it may have missed events.
      this.drop(dir);
      for (const l of listeners) if (l !== listener) l('error', null, dir);
    }
    listeners.add(listener);
    if (id === undefined) return 'failed';
    if (this.byDir.size >= this.limit) {
      this.onLimit();
      for (const l of listeners) if (l !== listener) l('error', null, dir);
      return 'failed';
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: true });
    } catch (e) {
      this.onFailure(dir, e);
      for (const l of listeners) if (l !== listener) l('error', null, dir);
      return 'failed';
    }
    const entry = { watcher, listeners, id, gone: false };
    const base = path.basename(dir);
    watcher.on('change', (event, name) => {
      const n = name === null ? null : String(name);
      if (event === 'rename') {
        // The directory itself deleted or moved away (or, rarely, an entry of the same name: then
        // the watch is merely set again).
        if (n === null || n === base) entry.gone = true;
        // A watched subdirectory deleted, moved or replaced. Its own watch may not say so under
        // its name: libuv names a directory's own events after the path it was first watched
        // by, and a directory renamed into place (out.tmp -> out) was first watched as another.
        const child = n === null ? undefined : this.byDir.get(path.join(dir, n));
        if (child) child.gone = true;
      }
      for (const l of entry.listeners) l(event, n, dir);
    });
    watcher.on('error', (e) => {
      // A watch that broke may have dropped events: everyone who relied on it reads again.
      for (const l of entry.listeners) l('error', null, dir);
      if (this.byDir.get(dir) === entry) this.drop(dir);
      this.onFailure(dir, e);
    });
    this.byDir.set(dir, entry);
    return 'new';
  }

  /** The device of the directory a watch is on (its identity's first half). */
  deviceOf(dir: string): string | undefined {
    return this.byDir.get(dir)?.id.split(':')[0];
  }

  /**
   * True while `dir` is watched and the watch is on the directory the path holds now. Once seen
   * otherwise the watch stays gone: a directory made again at once may get the old inode number
   * back before the old one's deletion event has even arrived.
   */
  current(dir: string): boolean {
    const entry = this.byDir.get(dir);
    if (entry === undefined) return false;
    if (!entry.gone && entry.id !== identityOf(dir)) entry.gone = true;
    return !entry.gone;
  }

  remove(dir: string, listener: Listener): void {
    const entry = this.byDir.get(dir);
    if (!entry) return;
    entry.listeners.delete(listener);
    if (entry.listeners.size === 0) this.drop(dir);
  }

  private drop(dir: string): void {
    this.byDir.get(dir)?.watcher.close();
    this.byDir.delete(dir);
  }

  closeAll(): void {
    for (const dir of [...this.byDir.keys()]) this.drop(dir);
  }
}
