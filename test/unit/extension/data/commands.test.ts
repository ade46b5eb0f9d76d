// The message a Push Data / Pull Data shows when it is done.
import '../fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transferSummary } from '../../../../src/extension/data/commands';

test('push and pull summaries count objects in the singular and the plural', () => {
  assert.equal(transferSummary('push', { remote: 'local', transferred: 1, skipped: 0, missing: [] }), "Ponte: pushed 1 object to 'local', 0 already there");
  assert.equal(transferSummary('pull', { remote: 'local', transferred: 2, skipped: 1, missing: ['x'] }), "Ponte: fetched 2 objects from 'local', 1 already cached; 1 not on the remote");
});
