// CloudWatch EMF lines of a closed window, parsed back and held to the specification (`_aws` with
// a millisecond Timestamp and CloudWatchMetrics [{Namespace, Dimensions, Metrics}], every
// dimension and metric a top-level member, at most 100 metrics and 30 dimensions per line), and
// to AWS's own library: aws-embedded-metrics, given the same figures, writes the same fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer';
import type { MonitoringWindow } from '../../../../src/core/api';
import { EMF_MAX_METRICS, emfLines, emfOptions, windowFigures, type EmfOptions } from '../../../../src/core/export';
import { checkLine, type Line } from './lib/emf-spec';
import { PonteError } from '../../../../src/core/errors';

// aws-embedded-metrics refuses timestamps older than two weeks, as CloudWatch does: a recent window.
const END = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
const iso = (ms: number) => new Date(ms).toISOString();

function window(features: number, extra: Record<string, unknown> = {}): MonitoringWindow {
  return {
    id: 'w1', deployment: 'production', start: iso(END.getTime() - 300_000), end: END.toISOString(), count: 1000, createdAt: iso(END.getTime() + 3000), seq: 7,
    stats: {
      count: 1000, latency: { p50: 12.5, p95: 80.25, p99: 140, mean: 20 }, errorRate: 0.012, throughput: 3.3, labelled: 400,
      accuracy: 0.91, precision: 0.8, recall: null, f1: null,
      drift: { share: 0.25, datasetDrift: false, skipped: [], columns: Array.from({ length: features }, (_, i) => ({ column: `f${i}`, method: 'ks', statistic: i / 1000, threshold: 0.1, drifted: false })) },
      ...extra,
    },
  };
}

/** What AWS's library writes for the same namespace, dimensions, timestamp, properties and figures. */
function awsLines(w: MonitoringWindow, o: EmfOptions): Line[] {
  const ctx = MetricsContext.empty();
  ctx.setNamespace(o.namespace);
  ctx.setDimensions([{ Deployment: w.deployment, ...o.dimensions }], false);
  ctx.setTimestamp(Date.parse(w.end));
  ctx.setProperty('WindowSeq', w.seq);
  ctx.setProperty('WindowStart', w.start);
  for (const f of windowFigures(w)) ctx.putMetric(f.name, f.value, f.unit);
  return new LogSerializer().serialize(ctx).map((l) => JSON.parse(l) as Line);
}

/** The lines as one set of members and metric definitions, whatever the split. */
function merged(lines: Line[]) {
  const members: Record<string, unknown> = {};
  const metrics: Record<string, string> = {};
  for (const l of lines) {
    const { _aws, ...rest } = l;
    Object.assign(members, rest);
    for (const m of _aws.CloudWatchMetrics[0].Metrics) metrics[m.Name] = m.Unit;
  }
  const meta = lines.map((l) => ({ ts: l._aws.Timestamp, ns: l._aws.CloudWatchMetrics[0].Namespace, dims: l._aws.CloudWatchMetrics[0].Dimensions }));
  return { members, metrics, meta };
}

const OPTIONS = emfOptions('Ponte/Shop', ['Service=shop', 'Stage=prod'], { namespace: '--cloudwatch-namespace', dimensions: '--cloudwatch-dimension' });

test('a window with a few features: one line, the spec holds, and aws-embedded-metrics writes the same fields', () => {
  const w = window(3);
  const ours = emfLines(w, OPTIONS);
  assert.equal(ours.length, 1);
  const line = checkLine(ours[0]);
  assert.equal(line._aws.Timestamp, END.getTime());
  assert.deepEqual(line._aws.CloudWatchMetrics[0].Dimensions, [['Deployment', 'Service', 'Stage']]);
  assert.deepEqual([line.Deployment, line.Service, line.Stage, line.Predictions, line.LatencyP95, line.Accuracy, line['Drift.f2'], line.DriftShare], ['production', 'shop', 'prod', 1000, 80.25, 0.91, 0.002, 0.25]);
  assert.ok(!('Recall' in line) && !('F1' in line), 'a figure the window lacks (no positive labels) is left out, not written as null');
  const theirs = awsLines(w, OPTIONS);
  assert.equal(theirs.length, 1);
  const { _aws: a, ...ourMembers } = line;
  const { _aws: b, ...theirMembers } = theirs[0];
  assert.deepEqual(ourMembers, theirMembers);
  assert.equal(a.Timestamp, b.Timestamp);
  assert.equal(a.CloudWatchMetrics[0].Namespace, b.CloudWatchMetrics[0].Namespace);
  assert.deepEqual(a.CloudWatchMetrics[0].Dimensions, b.CloudWatchMetrics[0].Dimensions);
  const sorted = (ms: { Name: string; Unit: string }[]) => [...ms].sort((x, y) => x.Name.localeCompare(y.Name));
  assert.deepEqual(sorted(a.CloudWatchMetrics[0].Metrics), sorted(b.CloudWatchMetrics[0].Metrics));
});

test('a window with 250 features: split at 100 metrics a line, every line whole, the same fields as aws-embedded-metrics', () => {
  const w = window(250);
  const ours = emfLines(w, OPTIONS).map(checkLine);
  const figures = windowFigures(w).length;
  assert.equal(ours.length, Math.ceil(figures / EMF_MAX_METRICS));
  const theirs = awsLines(w, OPTIONS);
  assert.equal(ours.length, theirs.length);
  const [m, t] = [merged(ours), merged(theirs)];
  assert.deepEqual(m.members, t.members);
  assert.deepEqual(m.metrics, t.metrics);
  assert.equal(Object.keys(m.metrics).length, figures, 'every figure once');
  assert.deepEqual(m.meta, t.meta);
});

test('dimensions and namespace are checked: 29 besides Deployment at most, KEY=VALUE, a CloudWatch namespace', () => {
  const src = { namespace: 'PONTE_CLOUDWATCH_NAMESPACE', dimensions: 'PONTE_CLOUDWATCH_DIMENSIONS' };
  const many = Array.from({ length: 29 }, (_, i) => `K${i}=v${i}`);
  const lines = emfLines(window(1), emfOptions(undefined, many, src)).map(checkLine);
  assert.equal(lines[0]._aws.CloudWatchMetrics[0].Dimensions[0].length, 30);
  assert.equal(lines[0]._aws.CloudWatchMetrics[0].Namespace, 'Ponte');
  const refused = (ns: string | undefined, dims: string[], code: string, named: RegExp) =>
    assert.throws(() => emfOptions(ns, dims, src), (e) => e instanceof PonteError && e.code === code && named.test(e.message));
  refused(undefined, [...many, 'K29=v'], 'usage.bad_emf_dimension', /PONTE_CLOUDWATCH_DIMENSIONS: 30 dimensions/);
  refused(undefined, ['Service'], 'usage.bad_emf_dimension', /"Service" is not a KEY=VALUE/);
  refused(undefined, ['Deployment=x'], 'usage.bad_emf_dimension', /Deployment=x/);
  refused('bad{ns}', [], 'usage.bad_emf_namespace', /PONTE_CLOUDWATCH_NAMESPACE "bad\{ns\}"/);
});
