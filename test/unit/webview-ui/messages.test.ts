// The page's message handler: everything passes parseToWebview; malformed or unknown messages are
// logged once each and dropped, never thrown; a handler that fails is logged the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMessageHandler, type Handlers } from '../../../webview-ui/messages';
import type { ToWebview } from '../../../src/shared/webview-protocol';

function recorder(overrides: Partial<Handlers> = {}) {
  const seen: ToWebview[] = [];
  const logs: string[] = [];
  const push = (m: ToWebview) => { seen.push(m); };
  const handlers: Handlers = { init: push, data: push, connection: push, compare: push, driftReport: push, ...overrides };
  return { seen, logs, handle: createMessageHandler(handlers, (l) => logs.push(l)) };
}

/** 1,000 malformed messages of many shapes, from a fixed seed. */
function malformed(n: number): unknown[] {
  const shapes: ((i: number) => unknown)[] = [
    () => null, () => undefined, (i) => i, (i) => `text ${i}`, () => [], () => ({}), (i) => ({ type: i }),
    (i) => ({ type: `unknown-${i}` }), () => ({ type: 'init' }), () => ({ type: 'init', state: { panel: 'nope' } }),
    () => ({ type: 'init', state: { panel: 'dashboard', tab: 'nope' } }), () => ({ type: 'init', state: { panel: 'dashboard', runs: [1] } }),
    () => ({ type: 'data' }), () => ({ type: 'data', data: { runs: 'x' } }), () => ({ type: 'connection', status: 'maybe' }),
    () => ({ type: 'compare', runs: [] }), () => ({ type: 'driftReport', report: { features: [] } }),
    () => ({ type: 'data', data: null }), () => Object.create(null) as unknown, () => ({ type: 'x'.repeat(10_000) }),
  ];
  return Array.from({ length: n }, (_, i) => shapes[i % shapes.length](i));
}

test('1,000 malformed messages: none throws, none reaches a handler, each is logged exactly once', () => {
  const { seen, logs, handle } = recorder();
  const messages = malformed(1000);
  for (const m of messages) assert.doesNotThrow(() => handle(m));
  assert.equal(seen.length, 0);
  assert.equal(logs.length, 1000);
  assert.ok(logs.every((l) => l.startsWith('ponte dashboard: ignored ') && l.length < 200), 'a log line is short: never the whole payload');
});

test('well-formed messages reach their handler, unchanged', () => {
  const { seen, logs, handle } = recorder();
  const msgs: ToWebview[] = [
    { type: 'init', state: { panel: 'dashboard', tab: 'drift', runs: ['a'] } },
    { type: 'connection', status: 'down', message: 'ECONNREFUSED' },
    { type: 'data', data: { backend: { url: 'u', kind: 'local' }, runs: [], histories: [], plots: [], windows: [], driftReports: [], alerts: [], deployments: [], events: [], datasets: [] } },
  ];
  for (const m of msgs) handle(m);
  assert.deepEqual(seen, msgs);
  assert.deepEqual(logs, []);
});

test('a handler that throws is logged with the message type, not thrown to the page', () => {
  const { logs, handle } = recorder({ data: () => { throw new TypeError('windows is not iterable'); } });
  assert.doesNotThrow(() => handle({ type: 'data', data: { runs: [] } }));
  assert.deepEqual(logs, ['ponte dashboard: a "data" message could not be shown: windows is not iterable']);
});
