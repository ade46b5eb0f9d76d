// The whole loop as `npm run example` runs it (scripts/example.sh on a copy of examples/churn, a
// real Docker engine, the real model), checked through the summary JSON it writes: every step
// passed; the drift alert fired within one window of the injected drift, reached the event stream
// and the webhook sink, and never fired on undrifted traffic; after `ponte retrain` a new model
// version serves, no drift alert fires, and its accuracy on drifted traffic, from the labels, is
// higher than the old model's; the HTML report is written. Without `ponte retrain` in this build,
// the loop runs up to the alert (--until alert) and says what it left unchecked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LoopSummary } from '../../../scripts/example-report';
import { cliJs, repoRoot, tempDir } from '../server/lib/backends';

test('npm run example closes the loop: alert within one window, retrain, redeploy, accuracy recovered', { timeout: 15 * 60_000 }, (t) => {
  const tmp = tempDir('ponte-loop-example-');
  try {
    const hasRetrain = spawnSync(process.execPath, [cliJs, 'retrain', '--help'], { encoding: 'utf8' }).status === 0;
    if (!hasRetrain) t.diagnostic('ponte retrain is not in this build: the loop runs up to the alert; the retrain half is not checked');
    const summaryFile = path.join(tmp.dir, 'summary.json');
    const reportFile = path.join(tmp.dir, 'report.html');
    const r = spawnSync('bash', [path.join(repoRoot, 'scripts/example.sh'), '--summary', summaryFile, '--report', reportFile, ...(hasRetrain ? [] : ['--until', 'alert'])], {
      cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      // the script's copy of the example goes under the test's own directory, removed with it
      env: { ...process.env, TMPDIR: tmp.dir },
    });
    assert.ok(existsSync(summaryFile), `no summary written:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    const s = JSON.parse(readFileSync(summaryFile, 'utf8')) as LoopSummary;
    t.diagnostic(s.steps.map((st) => `${st.status} ${st.step}: ${st.detail}`).join('\n'));
    assert.deepEqual(s.steps.filter((st) => st.status !== 'ok').map((st) => `${st.step}: ${st.detail}`), []);
    assert.equal(r.status, 0, r.stdout.slice(-3000));
    assert.equal(s.ok, true);
    assert.match(r.stdout, /^\[ 1\] validate/m, 'a progress line per step');
    assert.match(r.stdout, /report: .*report\.html/);
    assert.ok(existsSync(reportFile));

    const drift = s.alerts.filter((a) => a.rule === 'drift');
    assert.ok(drift.length >= 1, 'the drift alert fired');
    assert.equal(s.drift.withinOneWindow, true, `drift began in window ${s.drift.injectedAtWindow}, the alert fired at ${s.drift.alertAtWindow}`);
    assert.equal(s.drift.falseAlarms, 0);
    assert.ok(drift[0].onEventStream, 'the alert reached the event stream the editor listens to');
    assert.ok(drift[0].webhookDeliveries >= 1, 'and the local webhook sink');
    assert.ok(s.windows.filter((w) => w.phase === 'undrifted').every((w) => w.datasetDrift === false));
    assert.ok(s.accuracy.before !== null && s.accuracy.undrifted !== null && s.accuracy.before < s.accuracy.undrifted, 'the old model loses accuracy on drifted traffic');
    if (!hasRetrain) return;

    console.log(`accuracy on drifted traffic, from its labels: old model ${s.accuracy.before}, retrained ${s.accuracy.after}`);
    assert.equal(s.retrain?.ok, true, JSON.stringify(s.retrain));
    assert.ok(s.versions.after !== null && s.versions.before !== null && s.versions.after > s.versions.before, 'a new version serves');
    assert.equal(s.drift.afterRetrain, 0, 'no window judged drifted on the retrained model');
    assert.equal(s.drift.alertStatus, 'resolved', 'the drift alert resolved after its good windows');
    assert.ok(s.accuracy.after! > s.accuracy.before, `accuracy ${s.accuracy.before} -> ${s.accuracy.after}`);
    assert.ok(s.seconds < 600, `the loop took ${s.seconds} s`);
  } finally {
    tmp.remove();
  }
});
