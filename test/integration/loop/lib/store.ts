// A reference profile stored in the backend the way `ponte deploy` stores it: under its dataset
// name and a hash of the profile (the deploy command uses the file's md5; any stable id will do).
import { createHash } from 'node:crypto';
import type { Json } from '../../../../src/core/api';
import { profileToJson, type DatasetProfile } from '../../../../src/core/drift';
import type { SqlStore } from '../../../../src/core/store';

export async function putProfile(store: Pick<SqlStore, 'putReferenceProfile'>, profile: DatasetProfile, dataset = 'reference'): Promise<{ dataset: string; hash: string }> {
  const json = profileToJson(profile) as unknown as Record<string, Json>;
  const hash = createHash('md5').update(JSON.stringify(json)).digest('hex');
  await store.putReferenceProfile(dataset, hash, json);
  return { dataset, hash };
}
