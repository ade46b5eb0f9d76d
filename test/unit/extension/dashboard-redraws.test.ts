// Redraws (src/extension/dashboard/redraws.ts): a burst of events redraws once; events during a
// redraw bring exactly one more; later events never push a pending redraw back. Counted, not timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redraws } from '../../../src/extension/dashboard/redraws';

function counter() {
  let runs = 0;
  let release: (() => void) | undefined;
  let started: (() => void) | undefined;
  const redraws = new Redraws({
    delayMs: 5,
    run: () => {
      runs++;
      started?.();
      return new Promise<void>((r) => (release = r));
    },
    onError: (e) => assert.fail(String(e)),
  });
  return {
    redraws,
    runs: () => runs,
    nextStart: () => new Promise<void>((r) => (started = r)),
    finish: () => release?.(),
  };
}

test('1,000 events at once redraw once; events during that redraw bring exactly one more', async () => {
  const c = counter();
  let started = c.nextStart();
  for (let i = 0; i < 1000; i++) c.redraws.ask();
  await started;
  assert.equal(c.runs(), 1);
  started = c.nextStart();
  for (let i = 0; i < 1000; i++) c.redraws.ask();
  c.finish();
  await started;
  assert.equal(c.runs(), 2);
  c.finish();
  c.redraws.dispose();
});

test('a pending redraw is not pushed back by later events', { timeout: 10_000 }, async () => {
  const c = counter();
  const started = c.nextStart();
  c.redraws.ask();
  // Asks keep coming faster than the delay; the first ask's redraw still starts.
  const more = setInterval(() => c.redraws.ask(), 1);
  await started;
  clearInterval(more);
  assert.equal(c.runs(), 1);
  c.finish();
  c.redraws.dispose();
});
