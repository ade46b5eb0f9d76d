// "Open in Dashboard" on a tree row (src/extension/dashboard/index.ts stateForRow): a run opens
// Experiments with it selected, a dataset opens Data, a deployment (a declared row or a live
// one) opens Monitoring; any other row opens the dashboard as it is. Which events redraw, and
// which failures mean the backend is gone.
import './fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stateForRow } from '../../../src/extension/dashboard/index';
import { PonteError } from '../../../src/core/errors';
import { isConnectionError, redrawsOn } from '../../../src/extension/dashboard/panels';

test('each row kind opens its tab with its selection', () => {
  const row = (kind: string, data: unknown) => ({ id: kind, kind, label: kind, data });
  assert.deepEqual(stateForRow(row('ponte.run', { run: { id: 'r1' } })), { panel: 'dashboard', tab: 'experiments', runs: ['r1'] });
  assert.deepEqual(stateForRow(row('ponte.dataset', { root: '/p', dataset: { name: 'train' } })), { panel: 'dashboard', tab: 'data', dataset: 'train' });
  assert.deepEqual(stateForRow(row('ponte.deployment', { root: '/p', deployment: { name: 'production' } })), { panel: 'dashboard', tab: 'monitoring', deployment: 'production' });
  assert.deepEqual(stateForRow(row('ponte.deployment', { root: '/p', name: 'staging' })), { panel: 'dashboard', tab: 'monitoring', deployment: 'staging' });
  assert.equal(stateForRow(row('ponte.stage', { stage: { name: 'train' } })), undefined);
  assert.equal(stateForRow(undefined), undefined);
});

test('the dashboard redraws on runs, windows, alerts, deployments and drift reports, not on each ingested batch', () => {
  assert.equal(redrawsOn({ type: 'run.deleted', id: 'x' }), true);
  assert.equal(redrawsOn({ type: 'drift.recorded', id: 'x', project: 'churn', title: 'a → b' }), true);
  assert.equal(redrawsOn({ type: 'predictions.ingested', counts: { production: 10 } }), false);
  assert.equal(redrawsOn({ type: 'feedback.added', accepted: 1, windows: [] }), false);
});

test('only a missing backend turns into the banner; a run not found or a bad request is an error shown as such', () => {
  assert.equal(isConnectionError(new PonteError('backend.unreachable', 'gone')), true);
  assert.equal(isConnectionError(new PonteError('backend.exited', 'stopped')), true);
  assert.equal(isConnectionError(new PonteError('api.not_found', "run 'x' does not exist")), false);
  assert.equal(isConnectionError(new Error('a bug')), false);
});
