// Generated production traffic for the monitoring tests: rows drawn like a reference dataset
// (deterministic, seeded) or with a shifted income, as predictions a deployment answered, and the
// reference's saved sketch profile stored in the backend the way `ponte deploy` stores it.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Json, PredictionInput } from '../../../../src/core/api';
import { profileDataset, profileToJson, runLoadJob } from '../../../../src/core/drift';
import type { SqlStore } from '../../../../src/core/store';
import { csv, rows, type Row } from '../../../fixtures/monitor/generated-rows';

export { rows };

/** Predictions of `deployment` one millisecond apart from `startMs`, ids `${prefix}-${i}`. */
export function traffic(deployment: string, rs: Row[], startMs: number, prefix: string): PredictionInput[] {
  return rs.map((features, i) => ({
    id: `${prefix}-${String(i).padStart(6, '0')}`,
    deployment,
    timestamp: new Date(startMs + i).toISOString(),
    features: features,
    prediction: features.income > 60000 ? 0.8 : 0.2,
    latencyMs: 5 + (i % 20),
    status: 200,
  }));
}

export async function ingest(store: Pick<SqlStore, 'ingestPredictions'>, ps: PredictionInput[]): Promise<void> {
  for (let i = 0; i < ps.length; i += 5000) await store.ingestPredictions(ps.slice(i, i + 5000));
}

/** Profiles `n` reference rows written as CSV in `dir` and stores the profile as dataset `reference`; returns its id. */
export async function storeReference(store: SqlStore, dir: string, n = 5000): Promise<{ dataset: string; hash: string }> {
  const file = path.join(dir, 'reference.csv');
  writeFileSync(file, csv(rows(n, 1)));
  const profile = await profileDataset(file, { threads: false, inThread: runLoadJob });
  const ref = { dataset: 'reference', hash: 'h0000000000000001' };
  await store.putReferenceProfile(ref.dataset, ref.hash, profileToJson(profile) as unknown as Record<string, Json>);
  return ref;
}
