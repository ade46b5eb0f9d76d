// How the status bar words each backend state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusText } from '../../../../src/extension/backend/state';

test('each state has its text and a tooltip that says what to do', () => {
  assert.match(statusText({ kind: 'off', mode: 'local' }).text, /Ponte: off/);
  assert.match(statusText({ kind: 'off', mode: 'local' }).tooltip, /Click to start/);
  assert.match(statusText({ kind: 'starting', mode: 'local' }).text, /sync~spin/);
  const ready = statusText({ kind: 'ready', mode: 'local', url: 'http://127.0.0.1:5', pid: 42, startedHere: true, store: 'pglite' });
  assert.match(ready.text, /Ponte: ready/);
  assert.match(ready.tooltip, /http:\/\/127\.0\.0\.1:5 \(pglite\), pid 42, started by this window/);
  const down = statusText({ kind: 'unreachable', mode: 'remote', url: 'https://ponte.example.org', error: 'refused' });
  assert.match(down.text, /unreachable/);
  assert.match(down.tooltip, /remote backend https:\/\/ponte\.example\.org: unreachable: refused\. Click to retry/);
});
