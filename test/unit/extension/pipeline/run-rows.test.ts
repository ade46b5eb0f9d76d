import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeApi, fakeRun } from './fake-runs';
import { RunList, runChildRows, runKinds, runPageRows, runRow, RUNS_PAGE_SIZE } from '../../../../src/extension/pipeline/run-rows';

test('a run row: status, gate verdict and the gated metrics first', () => {
  const row = runRow(fakeRun(3, { gates: { passed: false } }), ['f1']);
  assert.equal(row.kind, runKinds.run);
  assert.equal(row.description, 'finished · gates failed · f1 0.7 · accuracy 0.83 · roc_auc 0.9');
  assert.equal(row.icon, 'warning');
  assert.match(row.tooltip!, /gates: failed/);
  const children = runChildRows(row);
  assert.deepEqual(children.map((c) => c.label), ['Params', 'Metrics']);
  assert.deepEqual(runChildRows(children[1]).map((c) => `${c.label}=${c.description}`), ['accuracy=0.83', 'f1=0.7', 'roc_auc=0.9']);
});

test('runs are paged: the first page, then "Older runs" rows that fetch the next page when opened', async () => {
  const { api, calls } = fakeApi(250);
  const list = new RunList('churn', async () => api);
  const first = await runPageRows(list);
  assert.equal(first.length, RUNS_PAGE_SIZE + 1);
  assert.equal(first[0].id, `run:${fakeRun(250).id}`, 'newest first');
  const more = first[RUNS_PAGE_SIZE];
  assert.equal(more.kind, runKinds.more);
  const callsBefore = calls.length;
  const second = await runPageRows(list, (more.data as { offset: number }).offset);
  assert.ok(calls.length > callsBefore);
  assert.equal(second.length, RUNS_PAGE_SIZE + 1);
  const third = await runPageRows(list, 200);
  assert.equal(third.length, 50, 'the last page has no "Older runs" row');
  assert.ok(third.every((r) => r.kind === runKinds.run));
});

test('no runs: one row saying how to get one; a refresh keeps as many runs as were loaded', async () => {
  const empty = new RunList('churn', async () => fakeApi(0).api);
  assert.deepEqual((await runPageRows(empty)).map((r) => r.kind), [runKinds.notice]);
  const { api } = fakeApi(300);
  const list = new RunList('churn', async () => api);
  await runPageRows(list, 100);
  const loaded = list.runs.length;
  await list.reload();
  assert.equal(list.runs.length, loaded);
});
