// Reading registered versions: a version by number or alias, and what its tags say.
import type { ModelVersion, PonteApi } from '../api';
import { PonteError } from '../errors';
import { MODEL_TAGS } from './register';

/** A version given as a number (`3`, `v3`) or an alias (`production`). */
export async function resolveModelVersion(api: PonteApi, name: string, ref: string): Promise<ModelVersion> {
  const m = /^v?(\d+)$/.exec(ref.trim());
  if (m) return api.getModelVersion(name, Number(m[1]));
  const byAlias = await api.getAlias(name, ref);
  if (!byAlias) {
    throw new PonteError('registry.alias_unset', `no version of ${name} is in ${ref}`, { hint: `promote one first: ponte model promote ${name} VERSION --to ${ref}` });
  }
  return byAlias;
}

export function gateVerdictOfVersion(v: ModelVersion): string {
  return v.tags[MODEL_TAGS.gates] ?? 'unchecked';
}
