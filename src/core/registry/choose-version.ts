// Which registered version `ponte deploy` and `ponte export kubernetes` take: `--model N`, or
// `--alias A`, else the alias named like the deployment (production, staging), else the newest.
// Split in two so a bad flag is refused before any store or backend is opened.
import type { ModelVersion, PonteApi } from '../api';
import { PonteError } from '../errors';
import { isModelAlias } from './promote';
import { resolveModelVersion } from './versions';

export type VersionChoice = { by: 'number'; version: number } | { by: 'alias'; alias: string } | { by: 'newest' };

export interface VersionFlags {
  /** `--model`: a version number. */
  model?: string;
  /** `--alias`: the version an alias points at. */
  alias?: string;
  /** The deployment the version is for: its name is the default alias when it is one. */
  deployment: string;
}

/** What the flags ask for; throws a usage error for both flags, or a --model that is no version number. */
export function versionChoice(flags: VersionFlags): VersionChoice {
  if (flags.model !== undefined && flags.alias !== undefined) {
    throw new PonteError('usage.bad_arguments', 'give --model or --alias, not both', { hint: '--model VERSION picks a version, --alias ALIAS the one an alias points at' });
  }
  if (flags.model !== undefined) {
    // Read as an alias, `--model production` would pick silently what --alias picks.
    if (!/^[1-9]\d*$/.test(flags.model)) {
      throw new PonteError('usage.bad_arguments', `--model ${flags.model}: --model takes a version number (1, 2, ...)`, { hint: 'for the version an alias points at: --alias production' });
    }
    return { by: 'number', version: Number(flags.model) };
  }
  if (flags.alias !== undefined) return { by: 'alias', alias: flags.alias };
  return isModelAlias(flags.deployment) ? { by: 'alias', alias: flags.deployment } : { by: 'newest' };
}

/** The registered version a choice names; a PonteError with the way out when there is none. */
export async function chooseModelVersion(api: PonteApi, modelName: string, choice: VersionChoice): Promise<ModelVersion> {
  if (choice.by === 'number') return api.getModelVersion(modelName, choice.version);
  if (choice.by === 'alias') return resolveModelVersion(api, modelName, choice.alias);
  const newest = (await api.listModelVersions(modelName))[0];
  if (!newest) throw new PonteError('registry.no_version', `no version of ${modelName} is registered`, { hint: 'register one: ponte model register (after ponte run and ponte gate)' });
  return newest;
}
