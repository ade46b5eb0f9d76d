// The churn example monitored by the real window closer on a real embedded store, as the loop
// tests use it: a reference profile stored the way `ponte deploy` stores it (under its dataset
// name and a hash), and the example's monitor block on a `production` deployment, its alert
// rules without their webhook (delivery is the monitor tests' subject).
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Json } from '../../../../src/core/api';
import { profileToJson, type DatasetProfile } from '../../../../src/core/drift';
import { openStore, type SqlStore } from '../../../../src/core/store';
import { createLogger } from '../../../../src/server/log';
import { startWindowCloser, type WindowCloser } from '../../../../src/server/window-closer';
import { seedPgliteDir } from '../../server/lib/backends';
import { churnCopy, monitorSettings, referenceProfile, type ChurnCopy } from './churn';

export async function putProfile(store: Pick<SqlStore, 'putReferenceProfile'>, profile: DatasetProfile, dataset = 'reference'): Promise<{ dataset: string; hash: string }> {
  const json = profileToJson(profile) as unknown as Record<string, Json>;
  const hash = createHash('md5').update(JSON.stringify(json)).digest('hex');
  await store.putReferenceProfile(dataset, hash, json);
  return { dataset, hash };
}

export interface MonitoredExample {
  copy: ChurnCopy;
  store: SqlStore;
  closer: WindowCloser;
  /** The reference profile of the example's own reference dataset. */
  reference: { dataset: string; hash: string };
  /** monitor.window.size */
  size: number;
  /** (Re)deploys `production` with the example's monitor block and the reference named. */
  deploy(version: number, reference?: { dataset: string; hash: string }): Promise<unknown>;
  close(): Promise<void>;
}

export async function monitoredExample(prefix: string): Promise<MonitoredExample> {
  const copy = churnCopy(prefix);
  const db = path.join(copy.dir, 'db');
  await seedPgliteDir(db);
  const store = await openStore({ dataDir: db });
  const closer = startWindowCloser(store, createLogger('silent'), { intervalMs: 3_600_000 });
  const reference = await putProfile(store, await referenceProfile(copy));
  const { block, settings } = monitorSettings(copy);
  const alerts = (block.alerts as Record<string, Json>[]).map(({ webhook: _, ...rule }) => rule);
  return {
    copy, store, closer, reference,
    size: (settings.window as { size: number }).size,
    deploy: (version, ref = reference) =>
      store.upsertDeployment({ name: 'production', target: 'docker', status: 'running', modelName: 'churn', modelVersion: version, config: { monitor: { ...block, reference_profile: ref, alerts } } }),
    async close() {
      await closer.stop();
      await store.close();
      copy.remove();
    },
  };
}
