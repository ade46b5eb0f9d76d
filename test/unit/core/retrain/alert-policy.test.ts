// What an alert offers: a retrain started by itself (mode auto, its rule listed in retrain.on),
// one offered with a question (ask, or a rule auto does not list), or none (no retrain block,
// another deployment); and the evidence line a person reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertEvidence, retrainOffer } from '../../../../src/core/retrain/alert-policy';
import type { PonteConfig } from '../../../../src/core/project';

const config = (mode: 'ask' | 'auto'): Pick<PonteConfig, 'retrain' | 'monitor' | 'deployments'> => ({
  retrain: { on: ['drift'], mode, promote: 'production', range: undefined!, at: {} },
  monitor: { deployment: 'production' } as PonteConfig['monitor'],
  deployments: [],
});
const alert = { deployment: 'production', rule: 'drift', kind: 'drift' };

test('auto starts a retrain only for a rule it lists', () => {
  assert.equal(retrainOffer(alert, config('auto')), 'auto');
  assert.equal(retrainOffer({ ...alert, rule: 'latency', kind: 'latency' }, config('auto')), 'ask');
});

test('ask asks; no retrain block or another deployment offers nothing', () => {
  assert.equal(retrainOffer(alert, config('ask')), 'ask');
  assert.equal(retrainOffer(alert, { ...config('ask'), retrain: undefined }), 'none');
  assert.equal(retrainOffer(alert, undefined), 'none');
  assert.equal(retrainOffer({ ...alert, deployment: 'staging' }, config('auto')), 'none');
  assert.equal(retrainOffer({ ...alert, deployment: null }, config('auto')), 'none');
});

test('the evidence names the rule, the deployment, the window, the reason and the time', () => {
  const text = alertEvidence({ ...alert, message: 'drift in 3 of 6 features (income psi 0.41)', windowId: '0123456789abcdef', firedAt: '2026-12-06T23:50:01.123Z', severity: 'warning' });
  assert.equal(text, 'drift alert on production (window 01234567): drift in 3 of 6 features (income psi 0.41). Fired 2026-12-06 23:50:01 UTC.');
});
