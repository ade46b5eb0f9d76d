// The refresh rules trees and the project model rely on: a burst collapses into one run, a
// request during a run queues exactly one more, runs never overlap, and a failing run is survived.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshQueue } from '../../../src/extension/refresh-queue';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

test('a burst of requests runs once', async () => {
  let runs = 0;
  const q = new RefreshQueue({ delayMs: 5, run: async () => void runs++ });
  await Promise.all(Array.from({ length: 20 }, () => q.request()));
  assert.equal(runs, 1);
  q.dispose();
});

test('requests during a run queue exactly one more run, and runs never overlap', async () => {
  let runs = 0;
  let active = 0;
  let maxActive = 0;
  const first = gate();
  const q = new RefreshQueue({
    delayMs: 0,
    run: async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      if (runs === 1) await first.opened;
      active--;
    },
  });
  const a = q.now();
  const later = [q.request(), q.request(), q.now(), q.request()];
  first.open();
  await Promise.all([a, ...later]);
  assert.equal(runs, 2);
  assert.equal(maxActive, 1);
  q.dispose();
});

test('a request resolves only after a run that started after it', async () => {
  const seen: number[] = [];
  let value = 0;
  const first = gate();
  let runs = 0;
  const q = new RefreshQueue({
    delayMs: 0,
    run: async () => {
      runs++;
      const v = value;
      if (runs === 1) await first.opened;
      seen.push(v);
    },
  });
  const a = q.now();
  value = 1;
  const b = q.request();
  first.open();
  await b;
  assert.deepEqual(seen, [0, 1]);
  await a;
  q.dispose();
});

test('a failing run is reported and the queue keeps working', async () => {
  const errors: unknown[] = [];
  let runs = 0;
  const q = new RefreshQueue({
    delayMs: 0,
    run: async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
    },
    onError: (e) => errors.push(e),
  });
  await q.now();
  await q.now();
  assert.equal(runs, 2);
  assert.equal(errors.length, 1);
  q.dispose();
});

test('dispose releases waiters and stops scheduled runs', async () => {
  let runs = 0;
  const q = new RefreshQueue({ delayMs: 10_000, run: async () => void runs++ });
  const pending = q.request();
  q.dispose();
  await pending;
  await q.request();
  assert.equal(runs, 0);
});
