// What the retrain's gate step says about its relative rules: both numbers, and whether they
// were measured on the same test set (production scored again) or production's recorded metric
// stood in (and why), for the step's detail line and its audit record.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Json } from '../api';
import type { GateRuleJson } from '../cli-json';
import type { Metrics } from '../pipeline';
import type { ProductionScore } from './score-production';

export interface ScoredFile {
  file: string;
  remove(): void;
}

/** Production's scored metrics as a metrics file, for `ponte gate --production-metrics`. */
export function writeScoredMetrics(metrics: Metrics): ScoredFile {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponte-production-metrics-'));
  const file = path.join(dir, 'production-metrics.json');
  writeFileSync(file, `${JSON.stringify(metrics, null, 2)}\n`);
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const fmt = (n: number | null) => (n === null ? '?' : String(Math.round(n * 1e4) / 1e4));

export function comparisonDetail(score: ProductionScore, rules: GateRuleJson[]): { text: string; record: Json } {
  if (score.kind === 'none') return { text: '', record: null };
  const pairs = rules.filter((r) => r.production !== null).map((r) => `${r.metric} ${fmt(r.value)} against production's ${fmt(r.production)}`);
  if (score.kind === 'scored') {
    return {
      text: pairs.length ? `${pairs.join(', ')} on the same test set (${score.ref} scored again by stage ${score.stages.join(', ')})` : '',
      record: { compared_on: 'same test set', model: score.ref, stages: score.stages, scored: score.metrics, recorded: score.recorded },
    };
  }
  return {
    text: `${pairs.length ? `${pairs.join(', ')} as recorded when ${score.ref} was trained, on its own test set` : `${score.ref} not scored on this test set`}: ${score.why}`,
    record: { compared_on: 'recorded', model: score.ref, why: score.why, scored: null, recorded: score.recorded },
  };
}
