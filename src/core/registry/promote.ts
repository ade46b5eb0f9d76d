// Promotion: an alias (staging, production) moves to a registered version. The previous holder
// is kept in the audit log, so a promotion can be traced and undone.
import type { ModelVersion, PonteApi } from '../api';
import { PonteError } from '../errors';
import { gateVerdictOfVersion } from './versions';

export const MODEL_ALIASES = ['staging', 'production'] as const;
export type ModelAlias = (typeof MODEL_ALIASES)[number];

export interface PromoteOptions {
  api: PonteApi;
  name: string;
  version: number;
  to: string;
  actor?: string;
  /** Promote a version registered with --force (its gates failed or were not checked). */
  force?: boolean;
}

export interface PromoteResult {
  version: ModelVersion;
  /** The version the alias pointed at before, if any. */
  previous?: number;
}

export function isModelAlias(s: string): s is ModelAlias {
  return (MODEL_ALIASES as readonly string[]).includes(s);
}

export async function promoteModel(o: PromoteOptions): Promise<PromoteResult> {
  if (!isModelAlias(o.to)) {
    throw new PonteError('registry.bad_alias', `"${o.to}" is not a stage a model can be promoted to`, { hint: `use --to ${MODEL_ALIASES.join(' or --to ')}` });
  }
  const target = await o.api.getModelVersion(o.name, o.version);
  if (gateVerdictOfVersion(target) !== 'passed' && !o.force) {
    throw new PonteError('registry.gates_not_passed', `${o.name} v${o.version} did not pass its gates (registered with --force)`, {
      hint: 'promote a version whose gates passed, or pass --force',
    });
  }
  const previous = (await o.api.getAlias(o.name, o.to))?.version;
  const version = previous === o.version ? target : await o.api.setAlias(o.name, o.to, o.version);
  await o.api.appendAudit({
    actor: o.actor ?? 'ponte',
    action: 'model.promote',
    target: `model:${o.name}`,
    details: { alias: o.to, version: o.version, previous: previous ?? null, forced: gateVerdictOfVersion(target) !== 'passed' },
  });
  return { version, previous };
}
