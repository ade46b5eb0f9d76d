// Step-wise metrics a training script logs while `ponte run` runs it. The run hands the script
// PONTE_METRICS_FILE; each metric is one JSON line appended to it (`ponte log-metric`, or three
// lines of Python), and the run sends them to the backend when the stage is over. A file, not
// the store, because the running `ponte run` holds the embedded store's single-writer lock.
import { appendFileSync, readFileSync } from 'node:fs';
import { PonteError } from '../errors';
import type { MetricInput } from '../api';

export const METRICS_FILE_ENV = 'PONTE_METRICS_FILE';

export function appendStepMetric(file: string, metric: MetricInput): void {
  if (!Number.isFinite(metric.value)) {
    throw new PonteError('metrics.not_a_number', `metric "${metric.key}" must be a finite number, got ${metric.value}`, { hint: 'log numbers only' });
  }
  // One write of one short line with O_APPEND: lines from concurrent writers never interleave.
  appendFileSync(file, `${JSON.stringify({ key: metric.key, value: metric.value, step: metric.step ?? 0, timestamp: metric.timestamp ?? new Date().toISOString() })}\n`);
}

/** The metrics in the file; a torn or foreign line is skipped, since a killed script may leave one. */
export function readStepMetrics(file: string): MetricInput[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: MetricInput[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as MetricInput;
      if (typeof m.key === 'string' && typeof m.value === 'number' && Number.isFinite(m.value)) {
        out.push({ key: m.key, value: m.value, step: Number.isInteger(m.step) ? m.step : 0, ...(typeof m.timestamp === 'string' ? { timestamp: m.timestamp } : {}) });
      }
    } catch {
      // skipped: see above
    }
  }
  return out;
}
