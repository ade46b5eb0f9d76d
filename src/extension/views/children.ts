// Gathers a tree node's children from several contributors without letting the slowest hold
// the rest back: a contributor that has not answered within `patienceMs` shows its previous rows
// (or none) and, when it answers, the view is redrawn with its rows. Results are kept per refresh
// generation, so that redraw asks nobody again. Free of `vscode`; unit-tested.

export type Contributor<N> = (parent: N | undefined) => N[] | Promise<N[]>;

interface Entry<N> {
  result?: N[];
  resultGeneration: number;
  inflight?: Promise<N[]>;
  inflightGeneration: number;
}

export interface ChildrenCacheOptions {
  patienceMs: number;
  /** A late contributor answered: redraw the view (its rows are then served from the cache). */
  onLate: () => void;
  onError: (e: unknown) => void;
}

export class ChildrenCache<N extends { id: string }> {
  private generation = 0;
  private readonly entries = new Map<Contributor<N>, Map<string, Entry<N>>>();

  constructor(private readonly options: ChildrenCacheOptions) {}

  /** The data changed: the next gather asks every contributor again. */
  invalidate(): void {
    this.generation++;
  }

  forget(contributor: Contributor<N>): void {
    this.entries.delete(contributor);
  }

  async gather(contributors: readonly Contributor<N>[], parent: N | undefined): Promise<N[]> {
    const parts = await Promise.all(contributors.map((c) => Promise.resolve(this.ask(c, parent))));
    return parts.flat();
  }

  private ask(contributor: Contributor<N>, parent: N | undefined): Promise<N[]> | N[] {
    const key = parent?.id ?? '';
    let byParent = this.entries.get(contributor);
    if (!byParent) this.entries.set(contributor, (byParent = new Map<string, Entry<N>>()));
    let entry = byParent.get(key);
    if (!entry) byParent.set(key, (entry = { resultGeneration: -1, inflightGeneration: -1 }));
    const e = entry;
    const generation = this.generation;
    if (e.result && e.resultGeneration === generation) return e.result;
    if (e.inflight && e.inflightGeneration === generation) return e.result ?? [];

    const call = Promise.resolve()
      .then(async () => (await contributor(parent)) ?? [])
      .catch((err: unknown) => {
        // One failing contributor must not blank the rows of the others.
        this.options.onError(err);
        return [] as N[];
      });
    e.inflight = call;
    e.inflightGeneration = generation;
    let late = false;
    void call.then((rows) => {
      if (e.inflightGeneration !== generation) return;
      e.inflight = undefined;
      e.result = rows;
      e.resultGeneration = generation;
      if (late) this.options.onLate();
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const patience = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.options.patienceMs)));
    return Promise.race([call, patience]).then((rows) => {
      clearTimeout(timer);
      if (rows) return rows;
      late = true;
      return e.result ?? [];
    });
  }
}
