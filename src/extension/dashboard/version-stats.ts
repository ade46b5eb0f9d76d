// Summary statistics for a dataset version the backend keeps no profile of: its file read from
// the local DVC cache (by the md5 its .dvc file recorded at that commit) and folded by the drift
// engine's profiler. Directories, files missing from the cache and files past the size bound say
// why instead. No editor API: the panel requires it on first use (it brings core/data).
import { statSync } from 'node:fs';
import type { Json } from '../../core/api';
import { isPonteError } from '../../core/errors';
import { profileDataset, profileToJson, type DriftRunOptions, type TypeOverrides } from '../../core/drift/run';
import { datasetVersionFile } from '../../core/versions';

/** Files larger than this are not profiled on the Data tab's behalf (the workers would hold a core for long). */
export const PROFILE_MAX_BYTES = 100 * 1024 * 1024;

export type VersionProfile = { profile: Record<string, Json> } | { note: string };

export interface CacheProfileOptions {
  /** The DVC repository (or a directory inside it). */
  cwd: string;
  maxBytes?: number;
  /** Column kinds ponte.yaml declares for the dataset. */
  types?: TypeOverrides;
  /** For tests and the CLI: the engine's in-thread loader where no worker bundle exists. */
  inThread?: DriftRunOptions['inThread'];
}

const MD5 = /^[0-9a-f]{32}(\.dir)?$/;
const MIB = 1024 * 1024;
/** 100 MiB, 2.5 MiB, 1.2 KiB, 80 bytes. */
export function sizeText(n: number): string {
  if (n >= MIB) return `${Number((n / MIB).toFixed(n < 10 * MIB ? 1 : 0))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} bytes`;
}

/** The profile of `datasetPath` as committed at `commit` (content `hash`), or why there is none. */
export async function profileFromCache(datasetPath: string, version: { commit: string; hash: string }, o: CacheProfileOptions): Promise<VersionProfile> {
  if (!MD5.test(version.hash)) return { note: 'not a DVC version: statistics are read from the DVC cache' };
  let found: Awaited<ReturnType<typeof datasetVersionFile>>;
  try {
    found = await datasetVersionFile(o.cwd, datasetPath, { commit: version.commit, md5: version.hash, date: '', message: '', author: '' });
  } catch (e) {
    if (isPonteError(e) && e.code === 'drift.version.directory') return { note: 'a directory: statistics are kept per data file' };
    if (isPonteError(e) && e.code === 'drift.version.not_in_cache') return { note: 'not in the cache: dvc pull' };
    throw e;
  }
  const max = o.maxBytes ?? PROFILE_MAX_BYTES;
  const size = statSync(found.file).size;
  if (size > max) return { note: `${sizeText(size)}, more than the ${sizeText(max)} profiled here: ponte drift profile gives its statistics` };
  try {
    const profile = await profileDataset(found.file, { formats: { reference: found.format }, types: o.types, inThread: o.inThread });
    return { profile: profileToJson(profile) as unknown as Record<string, Json> };
  } catch (e) {
    // a file the engine cannot read (ragged CSV, bad Parquet) is a note on its version, not a failed dashboard
    if (isPonteError(e)) return { note: `could not be profiled: ${e.message}` };
    throw e;
  }
}
