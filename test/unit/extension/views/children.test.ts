// A view's rows from several contributors: a slow one never holds back the others; when it
// answers, one redraw shows its rows without asking anyone again; a refresh asks everyone anew;
// a failing one costs only its own rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildrenCache, type Contributor } from '../../../../src/extension/views/children';

type N = { id: string };
const noError = (e: unknown) => assert.fail(String(e));
const rows = (...ids: string[]): N[] => ids.map((id) => ({ id }));

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('answers in time are gathered in contributor order, and cached until invalidated', async () => {
  let calls = 0;
  const a: Contributor<N> = () => (calls++, rows('a1', 'a2'));
  const b: Contributor<N> = async () => rows('b1');
  const cache = new ChildrenCache<N>({ patienceMs: 1000, onLate: () => assert.fail('nothing is late'), onError: noError });
  assert.deepEqual(await cache.gather([a, b], undefined), rows('a1', 'a2', 'b1'));
  await cache.gather([a, b], undefined);
  assert.equal(calls, 1);
  cache.invalidate();
  await cache.gather([a, b], undefined);
  assert.equal(calls, 2);
});

test('a slow contributor does not hold the others back; its rows come with one redraw', async () => {
  const slow = deferred<N[]>();
  let slowCalls = 0;
  const late = deferred<void>();
  const fast: Contributor<N> = () => rows('spec');
  const store: Contributor<N> = () => (slowCalls++, slow.promise);
  const cache = new ChildrenCache<N>({ patienceMs: 0, onLate: () => late.resolve(), onError: noError });
  assert.deepEqual(await cache.gather([fast, store], undefined), rows('spec'));
  // Asked again while it is still working: no second call.
  assert.deepEqual(await cache.gather([fast, store], undefined), rows('spec'));
  slow.resolve(rows('run1'));
  await late.promise;
  assert.deepEqual(await cache.gather([fast, store], undefined), rows('spec', 'run1'));
  assert.equal(slowCalls, 1);
});

test('after a refresh a slow contributor shows its previous rows until it answers again', async () => {
  let answer = deferred<N[]>();
  const store: Contributor<N> = () => answer.promise;
  const cache = new ChildrenCache<N>({ patienceMs: 0, onLate: () => {}, onError: noError });
  answer.resolve(rows('old'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(await cache.gather([store], undefined), rows('old'));
  cache.invalidate();
  answer = deferred<N[]>();
  assert.deepEqual(await cache.gather([store], undefined), rows('old'));
  answer.resolve(rows('new'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(await cache.gather([store], undefined), rows('new'));
});

test('children are kept per parent', async () => {
  const byParent: Contributor<N> = (p) => (p ? rows(`${p.id}/child`) : rows('top'));
  const cache = new ChildrenCache<N>({ patienceMs: 1000, onLate: () => {}, onError: noError });
  assert.deepEqual(await cache.gather([byParent], undefined), rows('top'));
  assert.deepEqual(await cache.gather([byParent], { id: 'top' }), rows('top/child'));
});

test('a failing contributor is reported and gives no rows; the others still show', async () => {
  const errors: unknown[] = [];
  const broken: Contributor<N> = () => {
    throw new Error('boom');
  };
  const cache = new ChildrenCache<N>({ patienceMs: 1000, onLate: () => {}, onError: (e) => errors.push(e) });
  assert.deepEqual(await cache.gather([broken, () => rows('ok')], undefined), rows('ok'));
  assert.equal(errors.length, 1);
});
