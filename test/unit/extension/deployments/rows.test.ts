// The Deployments view's rows as data: a declared deployment not deployed yet, one running in the
// blue slot with its version, uptime and rate, a failed one, one the backend knows that ponte.yaml
// does not declare; a live row's container and history children; run rows with their aliases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ModelVersion, Run } from '../../../../src/core/api';
import { deploymentChildRows, historyRows, liveRow, uptimeText } from '../../../../src/extension/deployments/rows';
import { registrations, runRow } from '../../../../src/extension/pipeline/run-rows';

const declared = { id: 'deployment:/p:production', kind: 'ponte.deployment', label: 'production', description: 'docker · blue-green', icon: 'server', tooltip: 'declared in ponte.yaml:40', data: { root: '/p', deployment: { name: 'production' } } };
const now = Date.parse('2026-12-06T12:00:00Z');
const live = (over: Partial<Deployment>): Deployment => ({
  name: 'production', target: 'docker', status: 'running', modelName: 'churn', modelVersion: 3, image: 'churn-model:3', url: 'http://127.0.0.1:49153', slot: 'blue',
  config: { container: 'abcdef0123456789', port: 49153, startedAt: '2026-12-06T11:00:00Z' }, createdAt: '', updatedAt: '', ...over,
});

test('declared, not deployed: the declaration with "not deployed", no children', () => {
  const r = liveRow(declared, 'production', undefined, now, '/p');
  assert.equal(r.description, 'docker · blue-green · not deployed');
  assert.equal(r.children, undefined);
  assert.equal(r.icon, 'server');
});

test('running in blue: version, slot, uptime and rate; the slot colours the icon; children are the container and the history', () => {
  const r = liveRow(declared, 'production', { deployment: live({}), rate: 2.25 }, now, '/p');
  assert.equal(r.id, declared.id, 'the same id as the declared row keeps selection and expansion');
  assert.equal(r.description, 'v3 · blue · up 1h · 2.3 req/s');
  assert.deepEqual([r.icon, r.iconColor, r.children], ['vm-running', 'charts.blue', 'collapsed']);
  const children = deploymentChildRows(r);
  assert.deepEqual(children.map((c) => [c.kind, c.label]), [['ponte.deploymentContainer', 'abcdef012345'], ['ponte.deploymentHistory', 'History']]);
  assert.match(children[0].description!, /blue · churn-model:3 · 127\.0\.0\.1:49153/);
});

test('failed: the status instead of the slot, a red icon, only the history under it', () => {
  const r = liveRow(declared, 'production', { deployment: live({ status: 'failed' }) }, now, '/p');
  assert.equal(r.description, 'v3 · failed');
  assert.deepEqual([r.icon, r.iconColor], ['error', 'testing.iconFailed']);
  assert.deepEqual(deploymentChildRows(r).map((c) => c.label), ['History']);
});

test('a deployment only the backend knows still shows; history rows read newest first', () => {
  const r = liveRow(undefined, 'canary', { deployment: live({ name: 'canary', slot: 'main' }) }, now);
  assert.equal(r.label, 'canary');
  assert.equal(r.iconColor, 'testing.iconPassed');
  const h = historyRows(r, [{ id: 2, deployment: 'canary', action: 'updated', state: live({ modelVersion: 2, slot: 'green' }), timestamp: '2026-12-06T11:00:00.000Z' }]);
  assert.deepEqual(h.map((x) => [x.label, x.description]), [['running v2 (green)', '2026-12-06 11:00:00']]);
  assert.equal(historyRows(r, [])[0].label, 'no changes recorded');
  assert.deepEqual(['59s', '2m', '1.5h', '3d'], [59, 100, 5400, 259200].map(uptimeText));
});

test('run rows show the versions registered from them and the alias they hold', () => {
  const run = { id: 'r1aaaaaaaaaa', project: 'churn', name: null, status: 'finished', gitCommit: null, gitDirty: null, params: {}, metrics: { accuracy: 0.9 }, dataHashes: {}, durations: {}, gates: { passed: true }, tags: {}, createdAt: '2026-12-06T10:00:00Z', updatedAt: '', endedAt: null } as Run;
  const versions = [{ name: 'churn', version: 2, runId: 'r1aaaaaaaaaa', aliases: ['production'] }, { name: 'churn', version: 1, runId: 'r0', aliases: [] }] as unknown as ModelVersion[];
  const row = runRow(run, [], registrations(versions).get(run.id));
  assert.match(row.description!, /^production v2 · finished · gates passed/);
  assert.deepEqual([row.icon, row.iconColor], ['rocket', 'charts.green']);
  assert.equal(runRow(run).icon, 'pass');
});
