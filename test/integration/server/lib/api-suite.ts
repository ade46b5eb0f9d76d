// The API behaviour every backend owes, written once against PonteApi and run against the
// embedded store and the HTTP server over PGlite and over PostgreSQL (api.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { PonteApi, PonteEvent, PredictionInput } from '../../../../src/core/api';
import { PonteError } from '../../../../src/core/errors';
import { compareTables, tableFromRecords } from '../../../../src/core/drift';

export interface SuiteTarget {
  name: string;
  api: () => PonteApi;
  /** Subscribes and resolves once events will be delivered (the SSE stream is connected). */
  listen(listener: (e: PonteEvent) => void): Promise<() => void>;
}

const unique = (p: string) => `${p}-${randomBytes(4).toString('hex')}`;

async function rejectsWith(p: Promise<unknown>, code: string, text?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof PonteError, `expected a PonteError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (text) assert.match(e.message, text);
    return true;
  });
}

function waitFor(events: PonteEvent[], pred: (e: PonteEvent) => boolean): Promise<PonteEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const hit = events.find(pred);
      if (hit) return resolve(hit);
      // A bound on waiting, not a timing assertion: the event either comes or the test fails.
      if (Date.now() - started > 10_000) return reject(new Error('event never arrived'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export function apiSuite(t: SuiteTarget): void {
  const api = () => t.api();

  test(`${t.name}: health`, async () => {
    const h = await api().health();
    assert.equal(h.status, 'ok');
  });

  test(`${t.name}: runs keep params, metrics with history, status and hashes`, async () => {
    const project = unique('proj');
    const run = await api().createRun({ project, name: 'train', gitCommit: 'abc123', gitDirty: true, params: { lr: 0.1, model: 'rf' }, dataHashes: { 'data/train.csv': 'd41d8cd98f00b204e9800998ecf8427e' }, tags: { who: 'ci' } });
    assert.equal(run.status, 'running');
    assert.equal(run.project, project);
    assert.equal(run.gitDirty, true);
    assert.equal(run.endedAt, null);
    await api().logParams(run.id, { depth: 5, lr: 0.2 });
    await api().logMetrics(run.id, [
      { key: 'loss', value: 0.9, step: 1 },
      { key: 'loss', value: 0.5, step: 2 },
      { key: 'acc', value: 0.8 },
    ]);
    await api().logMetrics(run.id, [{ key: 'loss', value: 0.7, step: 0 }]);
    const updated = await api().updateRun(run.id, { status: 'finished', durations: { train: 1200 }, gates: { passed: true, rules: [] }, tags: { branch: 'main' } });
    assert.equal(updated.status, 'finished');
    assert.ok(updated.endedAt);
    const got = await api().getRun(run.id);
    assert.deepEqual(got.params, { lr: 0.2, model: 'rf', depth: 5 });
    // latest = highest step, not last written
    assert.deepEqual(got.metrics, { loss: 0.5, acc: 0.8 });
    assert.deepEqual(got.metricHistory.loss.map((p) => [p.step, p.value]), [[0, 0.7], [1, 0.9], [2, 0.5]]);
    assert.deepEqual(got.durations, { train: 1200 });
    assert.deepEqual(got.gates, { passed: true, rules: [] });
    assert.deepEqual(got.tags, { who: 'ci', branch: 'main' });
    assert.deepEqual(got.dataHashes, { 'data/train.csv': 'd41d8cd98f00b204e9800998ecf8427e' });
    await api().deleteRun(run.id);
    await rejectsWith(api().getRun(run.id), 'api.not_found');
    await rejectsWith(api().deleteRun(run.id), 'api.not_found');
  });

  test(`${t.name}: a run keeps its plot files, replaced by path, gone with the run`, async () => {
    const run = await api().createRun({ project: unique('plots') });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64');
    await api().putRunPlots(run.id, [
      { path: 'eval/roc.json', format: 'json', content: '{"roc":[{"fpr":0,"tpr":0}]}' },
      { path: 'eval/cm.png', format: 'png', content: png },
    ]);
    await api().putRunPlots(run.id, [{ path: 'eval/roc.json', format: 'json', content: '{"roc":[{"fpr":1,"tpr":1}]}' }]);
    const plots = await api().listRunPlots(run.id);
    assert.deepEqual(plots.map((p) => [p.path, p.format, p.content]), [
      ['eval/cm.png', 'png', png],
      ['eval/roc.json', 'json', '{"roc":[{"fpr":1,"tpr":1}]}'],
    ]);
    assert.ok(plots.every((p) => p.runId === run.id && p.createdAt));
    await rejectsWith(api().putRunPlots(run.id, [{ path: '../secret.csv', format: 'csv', content: 'a' }]), 'api.invalid', /plots\[0\]\.path/);
    await rejectsWith(api().putRunPlots(run.id, [{ path: 'x.gif', format: 'gif' as never, content: 'a' }]), 'api.invalid', /plots\[0\]\.format/);
    await rejectsWith(api().putRunPlots('no-such-run', []), 'api.not_found');
    await api().deleteRun(run.id);
    await rejectsWith(api().listRunPlots(run.id), 'api.not_found');
  });

  test(`${t.name}: drift reports are kept, listed newest first by project, announced, and refused when broken`, async () => {
    const project = unique('drift');
    const rows = (shift: number) => Array.from({ length: 200 }, (_, i) => ({ age: 20 + (i % 40) + shift, plan: i % 3 ? 'basic' : 'pro' }));
    const report = JSON.parse(JSON.stringify(compareTables(tableFromRecords('ref.csv', rows(0)), tableFromRecords('cur.csv', rows(15))))) as Record<string, never>;
    const events: PonteEvent[] = [];
    const stop = await t.listen((e) => events.push(e));
    try {
      const first = await api().addDriftReport({ project, title: 'ref.csv → cur.csv', report });
      const second = await api().addDriftReport({ project, title: 'second', report });
      await api().addDriftReport({ project: unique('other'), title: 'elsewhere', report });
      assert.match(first.id, /^[0-9a-f]{32}$/);
      assert.equal(first.project, project);
      assert.ok(first.createdAt);
      const listed = await api().listDriftReports({ project });
      assert.deepEqual(listed.map((r) => r.title), ['second', 'ref.csv → cur.csv']);
      assert.deepEqual(listed[1].report, report);
      assert.deepEqual((await api().listDriftReports({ project, limit: 1 })).map((r) => r.id), [second.id]);
      const hit = await waitFor(events, (e) => e.type === 'drift.recorded' && e.id === first.id);
      assert.deepEqual(hit, { type: 'drift.recorded', id: first.id, project, title: 'ref.csv → cur.csv' });
    } finally {
      stop();
    }
    const column = (report.columns as unknown as Record<string, unknown>[])[0];
    const broken = (patch: Record<string, unknown>) => ({ ...report, ...patch }) as never;
    await rejectsWith(api().addDriftReport({ project, title: '', report }), 'api.invalid', /driftReport\.title: must not be empty/);
    await rejectsWith(api().addDriftReport({ project, title: 't', report: broken({ summary: { ...(report.summary as object), share: 'half' } }) }), 'api.invalid', /driftReport\.report\.summary\.share: expected a number/);
    await rejectsWith(api().addDriftReport({ project, title: 't', report: broken({ columns: [{ ...column, statistic: 'high' }] }) }), 'api.invalid', /driftReport\.report\.columns\[0\]\.statistic: expected a number or null/);
    await rejectsWith(api().addDriftReport({ project, title: 't', report: broken({ columns: [{ ...column, histogram: { kind: 'numeric', edges: 'x' } }] }) }), 'api.invalid', /driftReport\.report\.columns\[0\]\.histogram/);
    await rejectsWith(api().addDriftReport({ project, title: 't', report: broken({ columns: undefined }) }), 'api.invalid', /driftReport\.report\.columns: is required/);
    await rejectsWith(api().addDriftReport({ project: 'no spaces', title: 't', report }), 'api.invalid', /driftReport\.project/);
    await rejectsWith(api().listDriftReports({ limit: 1000 }), 'api.invalid', /limit: must be at most 100/);
    assert.equal((await api().listDriftReports({ project })).length, 2);
  });

  test(`${t.name}: bad run input is refused with the field named`, async () => {
    await rejectsWith(api().createRun({ project: '' }), 'api.invalid', /project/);
    await rejectsWith(api().createRun({ project: 'p', params: { a: [1] as never } }), 'api.invalid', /params\.a/);
    await rejectsWith(api().createRun({ project: 'p', status: 'done' as never }), 'api.invalid', /status/);
    await rejectsWith(api().createRun({ project: 'p', extra: 1 } as never), 'api.invalid', /extra/);
    await rejectsWith(api().logMetrics('nope', [{ key: 'a', value: 1 }]), 'api.not_found');
    await rejectsWith(api().logMetrics('nope', [{ key: 'a', value: 'x' as never }]), 'api.invalid', /metrics\[0\]\.value/);
    await rejectsWith(api().updateRun('no-such-run', { status: 'failed' }), 'api.not_found');
  });

  test(`${t.name}: run search filters, sorts and pages with a cursor`, async () => {
    const project = unique('search');
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) {
      const r = await api().createRun({ project, params: { lr: i / 100, opt: i % 2 ? 'adam' : 'sgd' }, status: i === 7 ? 'failed' : 'finished' });
      await api().logMetrics(r.id, [{ key: 'acc', value: i / 10 }]);
      ids.push(r.id);
    }
    const noMetric = await api().createRun({ project });
    const ge = await api().searchRuns({ project, filter: 'metrics.acc >= 0.5 and status = finished' });
    assert.equal(ge.items.length, 2);
    assert.ok(ge.items.every((r) => r.metrics.acc >= 0.5 && r.status === 'finished'));
    const structured = await api().searchRuns({ project, filter: [{ field: 'params.opt', op: '=', value: 'sgd' }] });
    assert.equal(structured.items.length, 3);
    const numericParam = await api().searchRuns({ project, filter: 'params.lr > 0.045' });
    assert.equal(numericParam.items.length, 3);
    // page through everything, ordered by the metric, two at a time
    const seen: string[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await api().searchRuns({ project, orderBy: { field: 'metrics.acc', direction: 'desc' }, limit: 2, pageToken: token });
      seen.push(...page.items.map((r) => r.id));
      token = page.nextPageToken;
      if (!token) break;
    }
    assert.deepEqual(seen, [...[...ids].reverse(), noMetric.id]);
    const asc = await api().searchRuns({ project, orderBy: { field: 'createdAt', direction: 'asc' }, limit: 3 });
    assert.deepEqual(asc.items.map((r) => r.id), [ids[0], ids[1], ids[2]]);
    await rejectsWith(api().searchRuns({ project, filter: 'nosuch = 1' }), 'api.invalid', /not a run field/);
    await rejectsWith(api().searchRuns({ project, filter: 'metrics.acc >' }), 'api.invalid', /expected a value/);
    await rejectsWith(api().searchRuns({ project, filter: 'metrics.acc > high' }), 'api.invalid', /compares numbers/);
    await rejectsWith(api().searchRuns({ project, pageToken: 'bm9wZQ' }), 'api.invalid', /pageToken/);
    await rejectsWith(api().searchRuns({ project, limit: 1001 }), 'api.invalid', /limit/);
  });

  test(`${t.name}: model versions number themselves and aliases move`, async () => {
    const name = unique('model');
    const v1 = await api().registerModelVersion({ name, uri: 'models/model.pkl', metrics: { acc: 0.8 }, dataHash: 'abc' });
    const v2 = await api().registerModelVersion({ name, uri: 'models/model.pkl', metrics: { acc: 0.9 } });
    assert.deepEqual([v1.version, v2.version], [1, 2]);
    assert.equal(await api().getAlias(name, 'production'), undefined);
    const set = await api().setAlias(name, 'production', 1);
    assert.deepEqual(set.aliases, ['production']);
    await api().setAlias(name, 'staging', 2);
    await api().setAlias(name, 'production', 2);
    const prod = await api().getAlias(name, 'production');
    assert.equal(prod?.version, 2);
    assert.deepEqual(prod?.aliases, ['production', 'staging']);
    assert.deepEqual((await api().getModelVersion(name, 1)).aliases, []);
    assert.deepEqual((await api().listModelVersions(name)).map((m) => m.version), [2, 1]);
    await rejectsWith(api().setAlias(name, 'production', 9), 'api.not_found');
    await rejectsWith(api().getModelVersion(name, 9), 'api.not_found');
  });

  test(`${t.name}: dataset versions`, async () => {
    const name = unique('ds');
    await api().registerDatasetVersion({ name, hash: 'aaa', path: 'data/train.csv', size: 10, rows: 2 });
    const v2 = await api().registerDatasetVersion({ name, hash: 'bbb', path: 'data/train.csv', source: 'production-window' });
    assert.equal(v2.version, 2);
    assert.deepEqual((await api().listDatasetVersions(name)).map((d) => d.hash), ['bbb', 'aaa']);
  });

  test(`${t.name}: deployments keep their history`, async () => {
    const name = unique('dep');
    await api().upsertDeployment({ name, target: 'docker', modelName: 'm', modelVersion: 1, image: 'img:1' });
    const d = await api().upsertDeployment({ name, status: 'running', url: 'http://127.0.0.1:9000', slot: 'blue' });
    assert.equal(d.status, 'running');
    assert.equal(d.image, 'img:1');
    assert.equal((await api().getDeployment(name)).slot, 'blue');
    assert.ok((await api().listDeployments()).some((x) => x.name === name));
    const h = await api().deploymentHistory(name);
    assert.deepEqual(h.map((c) => c.action), ['updated', 'created']);
    assert.equal(h[1].state.status, 'pending');
    await rejectsWith(api().getDeployment(unique('none')), 'api.not_found');
  });

  test(`${t.name}: predictions are ingested once, listed in pages, labelled`, async () => {
    const deployment = unique('pred');
    const base = Date.parse('2026-01-01T00:00:00Z');
    const batch: PredictionInput[] = Array.from({ length: 2500 }, (_, i) => ({
      id: `${deployment}-${i}`,
      deployment,
      timestamp: new Date(base + i * 1000).toISOString(),
      features: { age: 20 + (i % 50), plan: i % 2 ? 'pro' : 'basic' },
      prediction: i % 3 === 0,
      latencyMs: 1 + (i % 7),
      status: i % 100 === 0 ? 500 : 200,
    }));
    assert.deepEqual(await api().ingestPredictions(batch), { accepted: 2500, duplicates: 0 });
    assert.deepEqual(await api().ingestPredictions(batch.slice(0, 10)), { accepted: 0, duplicates: 10 });
    // A resent batch mixing stored ids, new ones and an id twice: the new rows are stored once each.
    const extra = (i: number): PredictionInput => ({ ...batch[0], id: `${deployment}-extra-${i}`, timestamp: new Date(base + 10_000_000).toISOString() });
    assert.deepEqual(await api().ingestPredictions([...batch.slice(10, 13), extra(1), extra(2), extra(2)]), { accepted: 2, duplicates: 4 });
    assert.deepEqual(await api().ingestPredictions([extra(3), extra(3)]), { accepted: 1, duplicates: 1 });
    const ids: string[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await api().listPredictions({ deployment, limit: 1000, pageToken: token });
      ids.push(...page.items.map((p) => p.id));
      token = page.nextPageToken;
      if (!token) break;
    }
    assert.equal(ids.length, 2503);
    assert.equal(new Set(ids).size, 2503);
    assert.equal(ids[0], `${deployment}-0`);
    const window = await api().listPredictions({ deployment, since: new Date(base + 10_000).toISOString(), until: new Date(base + 20_000).toISOString() });
    assert.equal(window.items.length, 10);
    const fb = await api().addFeedback([
      { predictionId: `${deployment}-0`, label: false },
      { predictionId: `${deployment}-1`, label: true },
      { predictionId: 'unknown-id', label: true },
    ]);
    assert.deepEqual(fb, { accepted: 2, unknown: ['unknown-id'] });
    const first = await api().listPredictions({ deployment, limit: 2 });
    assert.deepEqual(first.items.map((p) => p.label), [false, true]);
    assert.deepEqual(first.items[0].features, { age: 20, plan: 'basic' });
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ ...batch[0], id: `x${i}` }));
    await rejectsWith(api().ingestPredictions(tooMany), 'api.invalid', /10000/);
    await rejectsWith(api().ingestPredictions([{ ...batch[0], id: 'bad id' }]), 'api.invalid', /predictions\[0\]\.id/);
    await rejectsWith(api().ingestPredictions([{ ...batch[0], id: 'nul', features: { a: 'x\u0000y' } }]), 'api.invalid', /NUL/);
  });

  test(`${t.name}: monitoring windows, alerts and acknowledgement`, async () => {
    const deployment = unique('mon');
    await api().recordWindow({ deployment, start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z', count: 100, stats: { p95: 12 } });
    await api().recordWindow({ deployment, start: '2026-01-01T01:00:00Z', end: '2026-01-01T02:00:00Z', count: 90, stats: { p95: 14, drift: { age: 0.3 } } });
    const windows = await api().listWindows(deployment);
    assert.deepEqual(windows.map((w) => w.count), [90, 100]);
    const alert = await api().fireAlert({ deployment, kind: 'drift', severity: 'critical', message: 'age drifted', details: { share: 0.6 } });
    assert.equal(alert.status, 'open');
    const open = await api().listAlerts({ deployment, status: 'open' });
    assert.deepEqual(open.items.map((a) => a.id), [alert.id]);
    const ack = await api().acknowledgeAlert(alert.id, 'alice');
    assert.equal(ack.status, 'acknowledged');
    assert.equal(ack.acknowledgedBy, 'alice');
    assert.equal((await api().listAlerts({ deployment, status: 'open' })).items.length, 0);
    await rejectsWith(api().acknowledgeAlert('nope'), 'api.not_found');
  });

  test(`${t.name}: monitoring settings replace config.monitor and keep the rest of the config`, async () => {
    const name = unique('watched');
    await api().upsertDeployment({ name, target: 'docker', config: { predict: '/predict', monitor: { window: { size: 10 } } } });
    const d = await api().setMonitorSettings(name, { window: { duration: '1h' }, alerts: [{ on: 'drift' }] });
    assert.deepEqual(d.config, { predict: '/predict', monitor: { window: { duration: '1h' }, alerts: [{ on: 'drift' }] } });
    assert.equal((await api().deploymentHistory(name))[0].action, 'monitor');
    await rejectsWith(api().setMonitorSettings(unique('nowhere'), {}), 'api.not_found');
    if (t.name.startsWith('http')) {
      // the server reads them as the window closer will, and names a bad field
      await rejectsWith(api().setMonitorSettings(name, { window: { size: 0 } }), 'api.invalid', /^body\.monitor\.window\.size is 0$/);
      await rejectsWith(api().setMonitorSettings(name, { alerts: [{ on: 'drift', cooldown: 'soon' }] }), 'api.invalid', /body\.monitor\.alerts\[0\]\.cooldown must be a duration/);
    }
  });

  test(`${t.name}: reference profiles are stored once per dataset version`, async () => {
    const dataset = unique('ref');
    assert.equal(await api().getReferenceProfile(dataset, 'abc123'), undefined);
    const first = await api().putReferenceProfile(dataset, 'abc123', { format: 'ponte-drift-profile', rows: 10 });
    assert.deepEqual(first.profile, { format: 'ponte-drift-profile', rows: 10 });
    const again = await api().putReferenceProfile(dataset, 'abc123', { rows: 11 });
    assert.deepEqual(again.profile, first.profile, 'a version is profiled once');
    assert.deepEqual((await api().getReferenceProfile(dataset, 'abc123'))?.profile, first.profile);
    await rejectsWith(api().putReferenceProfile(dataset, 'abc123', [] as never), 'api.invalid', /profile/);
  });

  test(`${t.name}: the audit log pages newest first`, async () => {
    const target = unique('audit');
    for (let i = 0; i < 5; i++) await api().appendAudit({ actor: 'retrain', action: `step${i}`, target, details: { i } });
    const p1 = await api().listAudit({ target, limit: 3 });
    assert.deepEqual(p1.items.map((e) => e.action), ['step4', 'step3', 'step2']);
    const p2 = await api().listAudit({ target, limit: 3, pageToken: p1.nextPageToken });
    assert.deepEqual(p2.items.map((e) => e.action), ['step1', 'step0']);
    assert.equal(p2.nextPageToken, undefined);
  });

  test(`${t.name}: changes arrive as events`, async () => {
    const events: PonteEvent[] = [];
    const stop = await t.listen((e) => events.push(e));
    try {
      const run = await api().createRun({ project: unique('ev') });
      await waitFor(events, (e) => e.type === 'run.created' && e.run.id === run.id);
      const alert = await api().fireAlert({ kind: 'latency', message: 'slow' });
      await waitFor(events, (e) => e.type === 'alert.fired' && e.alert.id === alert.id);
      const name = unique('evdep');
      await api().upsertDeployment({ name });
      await waitFor(events, (e) => e.type === 'deployment.changed' && e.deployment.name === name);
      await api().ingestPredictions([{ id: unique('evp'), deployment: name, features: {}, prediction: 1, latencyMs: 1 }]);
      await waitFor(events, (e) => e.type === 'predictions.ingested' && e.counts[name] === 1);
    } finally {
      stop();
    }
  });
}
