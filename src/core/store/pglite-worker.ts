// Worker-thread entry (bundled as dist/pglite-worker.js): the embedded store's PGlite, off the
// server's event loop. PGlite runs each statement synchronously in WebAssembly, so in the
// server's own thread a 1,000-row ingest would stall every request being forwarded meanwhile.
// Messages are answered in any order, by id; a transaction stays open until its `end` arrives.
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteDriver } from './pglite-driver';
import type { SqlExecutor } from './sql';
import type { ThreadReply, ThreadRequest } from './pglite-thread-protocol';

/** Thrown inside PGlite's transaction to roll it back; never leaves this thread. */
const ROLLBACK = new Error('rolled back by the caller');

async function main(): Promise<void> {
  const port = parentPort!;
  const reply = (m: ThreadReply) => port.postMessage(m);
  let db: Awaited<ReturnType<typeof openPgliteDriver>>;
  try {
    db = await openPgliteDriver((workerData as { dataDir: string }).dataDir);
  } catch (e) {
    reply({ id: 0, error: errorFields(e) });
    return;
  }
  reply({ id: 0, rows: [] });
  const open = new Map<number, { tx?: SqlExecutor; end: (commit: boolean) => void; done: Promise<unknown> }>();
  let nextTx = 1;

  port.on('message', (m: ThreadRequest) => {
    void handle(m).then(
      (rows) => reply({ id: m.id, rows }),
      (e) => reply({ id: m.id, error: errorFields(e) }),
    );
  });

  async function handle(m: ThreadRequest): Promise<unknown[]> {
    switch (m.op) {
      case 'query': {
        const on = m.tx ? open.get(m.tx)?.tx : db;
        if (!on) throw new Error(`transaction ${m.tx} is not open`);
        return on.query(m.sql, m.params);
      }
      case 'exec':
        await db.exec(m.sql);
        return [];
      case 'begin': {
        const tx = nextTx++;
        let end!: (commit: boolean) => void;
        const decided = new Promise<boolean>((r) => (end = r));
        let started!: () => void;
        const ready = new Promise<void>((r) => (started = r));
        const entry = { end, done: Promise.resolve() as Promise<unknown>, tx: undefined as SqlExecutor | undefined };
        open.set(tx, entry);
        // The driver's transaction() holds PGlite's transaction lock and syncs after COMMIT.
        entry.done = db.transaction(async (t) => {
          entry.tx = t;
          started();
          if (!(await decided)) throw ROLLBACK;
        });
        // A BEGIN that fails settles `done` before the callback runs.
        await Promise.race([ready, entry.done]).catch((e) => {
          open.delete(tx);
          throw e;
        });
        return [tx];
      }
      case 'end': {
        const entry = open.get(m.tx);
        if (!entry) throw new Error(`transaction ${m.tx} is not open`);
        open.delete(m.tx);
        entry.end(m.commit);
        try {
          await entry.done;
        } catch (e) {
          if (e !== ROLLBACK) throw e;
        }
        return [];
      }
      case 'close':
        // The driver terminates the thread once this is answered.
        await db.close();
        return [];
    }
  }
}

/** What survives postMessage of an error: its message and its own plain fields (code, detail...). */
function errorFields(e: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { message: e instanceof Error ? e.message : String(e) };
  if (e && typeof e === 'object') {
    for (const [k, v] of Object.entries(e)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  }
  return out;
}

void main();
