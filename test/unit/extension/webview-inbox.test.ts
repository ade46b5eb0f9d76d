// The webview inbox (src/extension/webview/inbox.ts): 1,000 malformed or unknown messages go in,
// nothing throws, no handler runs, and each kind of bad message is logged exactly once; good
// messages still reach their handlers, and a handler that throws is logged, not thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInbox, messageKind } from '../../../src/extension/webview/inbox';

function malformed(i: number): unknown {
  const kinds: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => i,
    () => `ready ${i}`,
    () => [i, 'ready'],
    () => ({}),
    () => ({ type: 42 }),
    () => ({ type: null }),
    () => ({ type: 'unknown-kind' }),
    () => ({ type: 'state', state: { panel: 'nope' } }),
    () => ({ type: 'state', state: { panel: 'dashboard', tab: 'not-a-tab' } }),
    () => ({ type: 'select', runs: [1, 2] }),
    () => ({ type: 'command', command: 'rm -rf' }),
    () => ({ type: 'command', command: 'openRun', args: 'not-a-list' }),
    () => Object.defineProperty({}, 'type', { get: () => { throw new Error('a getter that throws'); }, enumerable: true }),
  ];
  return kinds[i % kinds.length]();
}

test('1,000 malformed messages: no throw, no handler called, each kind logged once', () => {
  const lines: string[] = [];
  let handled = 0;
  const inbox = createInbox(
    { ready: () => handled++, state: () => handled++, select: () => handled++, retry: () => handled++, command: () => handled++ },
    { log: (l) => lines.push(l) },
  );
  for (let i = 0; i < 1000; i++) assert.doesNotThrow(() => inbox(malformed(i)));
  assert.equal(handled, 0);
  assert.equal(new Set(lines).size, lines.length, `a line logged twice:\n${lines.join('\n')}`);
  // messages of the same type with different faults share a kind ('state', 'command')
  const kinds = ['null', 'a undefined', 'a number', 'a string', 'an array', 'an object without a type', 'an object whose type is a number',
    'an object whose type is a null', "type 'unknown-kind'", "type 'state'", "type 'select'", "type 'command'", 'an unreadable value'];
  assert.equal(lines.length, kinds.length, lines.join('\n'));
  for (const k of kinds) assert.ok(lines.some((l) => l.includes(`(${k})`)), `no line for ${k}:\n${lines.join('\n')}`);
});

test('good messages reach their handlers; a throwing or rejecting handler is logged, not thrown', async () => {
  const lines: string[] = [];
  const got: string[] = [];
  const inbox = createInbox(
    {
      ready: () => got.push('ready'),
      select: (m) => got.push(`select ${m.runs.join(',')}`),
      retry: () => {
        throw new Error('no backend');
      },
      command: () => Promise.reject(new Error('command failed')),
    },
    { log: (l) => lines.push(l) },
  );
  inbox({ type: 'ready' });
  inbox({ type: 'select', runs: ['a', 'b'] });
  assert.doesNotThrow(() => inbox({ type: 'retry' }));
  inbox({ type: 'command', command: 'runPipeline' });
  // no handler for 'state': accepted and ignored
  inbox({ type: 'state', state: { panel: 'dashboard', tab: 'drift' } });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ['ready', 'select a,b']);
  assert.deepEqual(lines, ["webview: handling 'retry' failed: no backend", "webview: handling 'command' failed: command failed"]);
});

test('a page inventing new types every time fills the log only up to a bound', () => {
  const lines: string[] = [];
  const inbox = createInbox({}, { log: (l) => lines.push(l), maxKinds: 10 });
  for (let i = 0; i < 1000; i++) inbox({ type: `kind-${i}` });
  assert.equal(lines.length, 11);
  assert.match(lines[10], /more kinds of malformed messages than 10/);
});

test('messageKind cuts a long type', () => {
  assert.equal(messageKind({ type: 'x'.repeat(500) }), `type '${'x'.repeat(60)}'`);
});
