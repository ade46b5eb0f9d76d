// The model registry on a real embedded store (PGlite): a run whose gates passed is registered
// once (again: the same version), failed or unchecked runs are refused unless forced, aliases
// move only to versions that passed, and every change is in the audit log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PonteApi, Run } from '../../../../src/core/api';
import { PonteError } from '../../../../src/core/errors';
import { chooseModelVersion, promoteModel, registerModel, resolveModelVersion, versionChoice } from '../../../../src/core/registry';
import { openStore } from '../../../../src/core/store';

let dir: string;
let api: PonteApi;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ponte-registry-'));
  api = await openStore({ dataDir: join(dir, 'db') });
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const MODEL_MD5 = 'a'.repeat(32);

async function finishedRun(gates: { passed: boolean } | null, metrics: Record<string, number> = { accuracy: 0.9 }): Promise<Run> {
  const run = await api.createRun({
    project: 'churn',
    status: 'finished',
    gitCommit: 'c0ffee',
    gitDirty: false,
    dataHashes: { 'models/model.pkl': MODEL_MD5, 'data/train.csv': 'b'.repeat(32) },
  });
  await api.logMetrics(run.id, Object.entries(metrics).map(([key, value]) => ({ key, value })));
  if (gates) await api.updateRun(run.id, { gates: { passed: gates.passed, rules: [] } });
  return api.getRun(run.id);
}

const opts = { project: 'churn', modelName: 'churn', modelPath: 'models/model.pkl' };
const code = (c: string) => (e: unknown) => e instanceof PonteError && e.code === c && !!e.hint;

test('a run whose gates passed is registered with its md5, run, metrics and commit; again gives the same version', async () => {
  const run = await finishedRun({ passed: true });
  const first = await registerModel({ api, ...opts, runId: run.id });
  assert.equal(first.existing, false);
  assert.equal(first.version.version, 1);
  assert.equal(first.version.runId, run.id);
  assert.equal(first.version.uri, `dvc-md5:${MODEL_MD5}`);
  assert.deepEqual(first.version.metrics, { accuracy: 0.9 });
  assert.equal(first.version.tags['model.md5'], MODEL_MD5);
  assert.equal(first.version.tags['git.commit'], 'c0ffee');
  assert.equal(first.version.tags.gates, 'passed');
  const again = await registerModel({ api, ...opts, runId: run.id });
  assert.equal(again.existing, true);
  assert.equal(again.version.version, 1);
  assert.equal((await api.listModelVersions('churn')).length, 1);
});

test('without --run the latest finished run is taken', async () => {
  const run = await finishedRun({ passed: true }, { accuracy: 0.91 });
  const r = await registerModel({ api, ...opts });
  assert.equal(r.version.runId, run.id);
  assert.equal(r.version.version, 2);
});

test('failed and unchecked gates are refused unless forced; a model the run did not record is refused', async () => {
  const failed = await finishedRun({ passed: false });
  await assert.rejects(registerModel({ api, ...opts, runId: failed.id }), code('registry.gates_failed'));
  const unchecked = await finishedRun(null);
  await assert.rejects(registerModel({ api, ...opts, runId: unchecked.id }), code('registry.gates_unchecked'));
  const forced = await registerModel({ api, ...opts, runId: failed.id, force: true });
  assert.equal(forced.version.tags.gates, 'failed');
  await assert.rejects(registerModel({ api, ...opts, modelPath: 'models/other.pkl', runId: unchecked.id, force: true }), code('registry.model_not_recorded'));
  await assert.rejects(registerModel({ api, ...opts, runId: unchecked.id, force: true, inCache: () => false }), code('registry.model_not_in_cache'));
});

test('promote moves an alias, keeps the previous holder in the audit log, and refuses forced versions and unknown aliases', async () => {
  const p1 = await promoteModel({ api, name: 'churn', version: 1, to: 'production', actor: 'test' });
  assert.equal(p1.previous, undefined);
  assert.deepEqual(p1.version.aliases, ['production']);
  const p2 = await promoteModel({ api, name: 'churn', version: 2, to: 'production', actor: 'test' });
  assert.equal(p2.previous, 1);
  assert.equal((await resolveModelVersion(api, 'churn', 'production')).version, 2);
  assert.equal((await resolveModelVersion(api, 'churn', 'v1')).version, 1);
  await assert.rejects(resolveModelVersion(api, 'churn', 'staging'), code('registry.alias_unset'));
  await assert.rejects(promoteModel({ api, name: 'churn', version: 3, to: 'production' }), code('registry.gates_not_passed'));
  await assert.rejects(promoteModel({ api, name: 'churn', version: 1, to: 'prod' }), code('registry.bad_alias'));
  const audit = (await api.listAudit({ target: 'model:churn' })).items.map((a) => `${a.action} ${JSON.stringify(a.details)}`);
  assert.ok(audit.some((a) => a.startsWith('model.promote') && a.includes('"previous":1') && a.includes('"version":2')), audit.join('\n'));
  assert.equal(audit.filter((a) => a.startsWith('model.register')).length, 3);
});

test('chooseModelVersion: a number, an alias, or the newest; an unset alias and an empty registry say what to do', async () => {
  const byNumber = await chooseModelVersion(api, 'churn', versionChoice({ model: '1', deployment: 'canary' }));
  assert.equal(byNumber.version, 1);
  const newest = await chooseModelVersion(api, 'churn', versionChoice({ deployment: 'canary' }));
  assert.equal(newest.version, Math.max(...(await api.listModelVersions('churn')).map((v) => v.version)));
  const production = await api.getAlias('churn', 'production');
  if (production) assert.equal((await chooseModelVersion(api, 'churn', versionChoice({ deployment: 'production' }))).version, production.version);
  await assert.rejects(chooseModelVersion(api, 'churn', versionChoice({ alias: 'nowhere', deployment: 'canary' })), code('registry.alias_unset'));
  await assert.rejects(chooseModelVersion(api, 'nobody', versionChoice({ deployment: 'canary' })), code('registry.no_version'));
});
