// The thresholds of `monitor` as the exports see them: every limit of ponte.yaml becomes one
// condition with the server's own comparison, what /metrics cannot show is said, and a project
// without `monitor` is refused naming ponte.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grafanaDashboard, monitorThresholds, prometheusRules } from '../../../../src/core/export';
import { PonteError } from '../../../../src/core/errors';
import { FULL_YAML, tempProject } from './lib/project';

test('every limit of monitor, with the comparison the server applies to a window', () => {
  const p = tempProject(FULL_YAML);
  try {
    const plan = monitorThresholds(p.config);
    assert.equal(plan.deployment, 'production');
    assert.deepEqual(plan.thresholds.map((t) => [t.alert, t.metric, t.labels, t.op, t.limit, t.field]), [
      ['PonteLatencyP50High', 'ponte_monitor_latency_ms', { quantile: '0.5' }, '>', 50, 'monitor.latency.p50_ms'],
      ['PonteLatencyP95High', 'ponte_monitor_latency_ms', { quantile: '0.95' }, '>', 200, 'monitor.latency.p95_ms'],
      ['PonteLatencyP99High', 'ponte_monitor_latency_ms', { quantile: '0.99' }, '>', 400, 'monitor.latency.p99_ms'],
      ['PonteErrorRateHigh', 'ponte_monitor_error_rate', {}, '>', 0.05, 'monitor.error_rate.max'],
      ['PonteF1Low', 'ponte_monitor_quality', { metric: 'f1' }, '<', 0.8, 'monitor.accuracy.min'],
      ['PonteDriftShareHigh', 'ponte_monitor_drift_share', {}, '>=', 0.5, 'monitor.drift.share'],
    ]);
    assert.deepEqual(plan.notes, []);
    const rules = prometheusRules(p.config).value.groups[0].rules;
    assert.equal(rules[1].expr, 'ponte_monitor_latency_ms{deployment="production",quantile="0.95"} > 200');
  } finally {
    p.remove();
  }
});

test('what windows do not measure is said, not silently dropped: auc, and drift without a reference', () => {
  const p = tempProject(FULL_YAML.replace('metric: f1', 'metric: auc').replace('  reference: reference\n  features', '  features'));
  try {
    const { thresholds, notes } = monitorThresholds(p.config);
    assert.ok(!thresholds.some((t) => t.event === 'accuracy' || t.event === 'drift'));
    assert.equal(notes.length, 2);
    assert.match(notes[0], /monitor.accuracy.metric is auc/);
    assert.match(notes[1], /monitor.reference is not set/);
    assert.deepEqual(prometheusRules(p.config).notes, notes);
  } finally {
    p.remove();
  }
});

test('no monitor block: a PonteError naming ponte.yaml with a hint, for both exports', () => {
  const p = tempProject(FULL_YAML.slice(0, FULL_YAML.indexOf('monitor:')));
  try {
    for (const build of [prometheusRules, grafanaDashboard]) {
      assert.throws(() => build(p.config), (e) => e instanceof PonteError && e.code === 'export.no_monitor' && e.file === p.config.file && !!e.hint);
    }
  } finally {
    p.remove();
  }
});
