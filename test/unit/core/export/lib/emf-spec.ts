// The rules of CloudWatch's Embedded Metric Format that a line must follow, as assertions: shared
// by the unit tests of the lines and the test of a real `ponte serve --cloudwatch-emf`.
import assert from 'node:assert/strict';
import { EMF_MAX_DIMENSIONS, EMF_MAX_METRICS } from '../../../../../src/core/export';

export type Line = Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

/** Every rule of the specification this export relies on; returns the parsed line. */
export function checkLine(text: string): Line {
  const line = JSON.parse(text) as Line;
  assert.ok(!text.includes('\n'), 'one line');
  assert.equal(typeof line._aws.Timestamp, 'number');
  assert.ok(Number.isInteger(line._aws.Timestamp) && line._aws.Timestamp > 1e12, 'milliseconds since the epoch');
  assert.ok(line._aws.CloudWatchMetrics.length >= 1);
  for (const d of line._aws.CloudWatchMetrics) {
    assert.ok(d.Namespace.length >= 1 && d.Namespace.length <= 255);
    assert.ok(d.Metrics.length >= 1 && d.Metrics.length <= EMF_MAX_METRICS, `${d.Metrics.length} metrics`);
    for (const set of d.Dimensions) {
      assert.ok(set.length <= EMF_MAX_DIMENSIONS);
      for (const k of set) assert.equal(typeof line[k], 'string', `dimension ${k} is a top-level string`);
    }
    for (const m of d.Metrics) {
      assert.equal(typeof line[m.Name], 'number', `metric ${m.Name} is a top-level number`);
      assert.ok(['Count', 'Milliseconds', 'None', 'Count/Second'].includes(m.Unit));
    }
  }
  return line;
}

