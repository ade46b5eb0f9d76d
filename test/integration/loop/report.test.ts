// The HTML page of the loop (scripts/example-report.ts): every value from the run is escaped
// (an alert message or a step's detail can hold anything a model or a command wrote), the page
// loads nothing, and it shows the figures: windows, drift shares, accuracy before and after,
// alerts, versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderLoopReport, type LoopSummary } from '../../../scripts/example-report';

const hostile = '<script>alert("x")</script><img src=http://evil.example/x.png>';

function summary(): LoopSummary {
  const window = (seq: number, phase: string, share: number, accuracy: number, modelVersion: number) => ({
    seq, count: 300, phase, modelVersion, driftShare: share, datasetDrift: share >= 0.5, drifted: share >= 0.5 ? ['age', hostile] : [], labelled: 300, accuracy, p95Ms: 12.5,
  });
  return {
    ok: true, startedAt: '2026-12-07T00:00:00.000Z', seconds: 301, project: `/tmp/${hostile}`,
    steps: [{ step: 'deploy production', status: 'ok', seconds: 6.6, detail: hostile, see: 'ponte deployments' }, { step: 'retrain', status: 'failed', seconds: 1, detail: 'gate failed' }],
    windows: [window(1, 'undrifted', 0, 0.883, 1), window(2, 'drifted', 0.833, 0.761, 1), window(3, 'drifted, after retrain', 0, 0.842, 2)],
    alerts: [{ id: 'a1', rule: 'drift', message: hostile, status: 'resolved', firedAt: '2026-12-07T00:01:00Z', windowSeq: 2, onEventStream: true, webhookDeliveries: 1 }],
    drift: { injectedAtWindow: 2, alertAtWindow: 2, withinOneWindow: true, falseAlarms: 0, undriftedWindows: 1, afterRetrain: 0, alertStatus: 'resolved' },
    accuracy: { undrifted: 0.883, before: 0.761, after: 0.842 },
    versions: { before: 1, after: 2, all: [{ version: 2, aliases: ['production'], metrics: { accuracy: 0.87 } }, { version: 1, aliases: [], metrics: { accuracy: 0.887 } }] },
    retrain: { ok: true, modelVersion: 2, steps: [{ step: 'export', status: 'ok', detail: hostile }] },
    webhook: { url: 'http://127.0.0.1:8931/alerts', received: 1 },
    audit: { entries: 12, actions: { 'retrain.export': 1 } },
    where: { 'report (HTML)': `/tmp/${hostile}/report.html` },
  };
}

test('the loop report escapes every value from the run and loads nothing', () => {
  const html = renderLoopReport(summary());
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<[^>]*\s(src|href)\s*=/i, "no element loads or links anything");
  assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('the loop report shows windows, drift shares, accuracy before and after, alerts and versions', () => {
  const html = renderLoopReport(summary());
  assert.match(html, /before the retrain 0\.761, after 0\.842/);
  assert.match(html, /Model version 1 → 2/);
  assert.match(html, /fired at window 2 \(within one window\)/);
  assert.equal((html.match(/<tr><td>\d+<\/td><td>(undrifted|drifted)/g) ?? []).length, 3, 'a row per window');
  assert.match(html, /<td>0\.833<\/td><td>drift<\/td>/);
  assert.match(html, /<polyline class="share"/);
  assert.match(html, /<polyline class="accuracy"/);
  assert.match(html, /v2 deployed/, 'the redeploy is marked on the chart');
  assert.match(html, /<circle class="alert"/, 'so is the alert');
  assert.match(html, /<tr class="failed"><td>retrain<\/td>/);
  assert.match(html, /<td>2<\/td><td>production<\/td><td>accuracy 0\.870<\/td>/);
});
