// Diagnostics as you type: each document re-checks once typing pauses, documents do not delay
// each other, and closing a document cancels its pending check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedDebounce } from '../../../src/extension/keyed-debounce';

test('a burst on one key runs once, with the last request', async () => {
  const d = new KeyedDebounce();
  const ran: number[] = [];
  for (let i = 0; i < 10; i++) d.schedule('a', 5, () => ran.push(i));
  await sleep(30);
  assert.deepEqual(ran, [9]);
  d.dispose();
});

test('keys are independent', async () => {
  const d = new KeyedDebounce();
  const ran: string[] = [];
  d.schedule('a', 5, () => ran.push('a'));
  d.schedule('b', 5, () => ran.push('b'));
  d.schedule('a', 5, () => ran.push('a2'));
  await sleep(30);
  assert.deepEqual(ran.sort(), ['a2', 'b']);
  assert.equal(d.pending(), 0);
});

test('cancel and dispose drop pending runs', async () => {
  const d = new KeyedDebounce();
  const ran: string[] = [];
  d.schedule('a', 5, () => ran.push('a'));
  d.schedule('b', 5, () => ran.push('b'));
  d.cancel('a');
  d.schedule('c', 5, () => ran.push('c'));
  d.dispose();
  await sleep(30);
  assert.deepEqual(ran, []);
});
