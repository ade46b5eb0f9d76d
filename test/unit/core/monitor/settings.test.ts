// Reading what the backend stores: a deployment's monitoring settings (defaults, durations, the
// class threshold, hysteresis keys, a rule with no webhook or command) and a bad value named by
// its field; the labels CSV of `ponte feedback`, a bad line named by file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, Json } from '../../../../src/core/api';
import { monitorSettingsOf, parseLabelsCsv } from '../../../../src/core/monitor';
import { PonteError } from '../../../../src/core/errors';

const dep = (monitor: Json | undefined): Deployment => ({ name: 'prod', config: monitor === undefined ? {} : { monitor } } as unknown as Deployment);

test('settings: defaults, durations, threshold, hysteresis, editor-only rules', () => {
  assert.equal(monitorSettingsOf(dep(undefined)), undefined);
  const s = monitorSettingsOf(dep({ window: { duration: '15m' }, accuracy: { min: 0.8, threshold: 0.3 }, alerts: [{ on: 'drift' }, { on: 'accuracy', after: 3, resolve_after: 4, cooldown: '1h', command: 'notify' }] }))!;
  assert.deepEqual(s.window, { durationMs: 15 * 60_000 });
  assert.equal(s.threshold, 0.3);
  assert.deepEqual(s.thresholds.accuracy, { metric: 'accuracy', min: 0.8 });
  assert.deepEqual(s.rules.map((r) => [r.on, r.webhook, r.command, r.policy]), [
    ['drift', undefined, undefined, { fireAfter: 1, resolveAfter: 2, cooldownMs: 0 }],
    ['accuracy', undefined, 'notify', { fireAfter: 3, resolveAfter: 4, cooldownMs: 3_600_000 }],
  ]);
  assert.deepEqual(monitorSettingsOf(dep({}))!.window, { size: 1000 });
  assert.equal(monitorSettingsOf(dep({}))!.threshold, 0.5);
});

test('settings: a bad value names its field', () => {
  const bad = (monitor: Json, field: RegExp) =>
    assert.throws(() => monitorSettingsOf(dep(monitor)), (e: unknown) => e instanceof PonteError && e.code !== undefined && field.test(e.message) && e.hint !== undefined);
  bad({ window: { duration: 'soon' } }, /config\.monitor\.window\.duration must be a duration/);
  bad({ window: { size: 0 } }, /config\.monitor\.window\.size is 0/);
  bad({ accuracy: { min: 0.8, threshold: 2 } }, /accuracy\.threshold is 2/);
  bad({ alerts: [{ on: 'weather' }] }, /alerts\[0\]\.on is "weather"/);
  bad({ alerts: [{ on: 'drift', after: 1.5 }] }, /alerts\[0\]\.after is 1\.5/);
});

test('labels CSV: id/prediction_id and label, typed values, quotes; a bad line is named', () => {
  assert.deepEqual(parseLabelsCsv('prediction_id,label\np1,1\n"p,2",true\np3,churned\r\np4,\n\n', 'l.csv'), [
    { predictionId: 'p1', label: 1 }, { predictionId: 'p,2', label: true }, { predictionId: 'p3', label: 'churned' }, { predictionId: 'p4', label: null },
  ]);
  const fails = (text: string, re: RegExp, line?: number) =>
    assert.throws(() => parseLabelsCsv(text, 'l.csv'), (e: unknown) => e instanceof PonteError && re.test(e.message) && e.file === 'l.csv' && e.line === line);
  fails('id,label\np1,1\n,0\n', /l\.csv:3: the id is empty/, 3);
  fails('id,label\np1,1,2\n', /l\.csv:2: has 3 fields/, 2);
  fails('id,label\n"p1,1\n', /quote is not closed/, 2);
  fails('pred,value\np1,1\n', /needs a header/, 1);
  fails('id,label\n', /holds no labels/);
});
