// The pipeline's storage backed by core/data: DVC's hashes (through the state cache, so an
// unchanged dep is only stat'ed) and DVC's cache in `.dvc/cache`.
import { statSync } from 'node:fs';
import { addToCache, hashPath, isInCache, openDataRepo, type DataRepo } from '../data';
import { PonteError } from '../errors';
import type { OutputHash, StageStorage } from './storage';

export interface DataStorage extends StageStorage {
  /** Undefined for a read-only look at a project that has no DVC repository yet. */
  repo?: DataRepo;
  /** Writes the state cache; call once the run is over. */
  close(): Promise<void>;
}

/**
 * Opens the DVC repository at or above `dir`. `create` (for runs) makes `.dvc/` when there is
 * none, as `dvc init` would; without it (status, dry runs) a project with no repository is
 * still hashed, with nothing in its cache, and nothing is written.
 */
export async function openDataStorage(dir: string, options: { create?: boolean } = {}): Promise<DataStorage> {
  let repo: DataRepo;
  try {
    repo = await openDataRepo(dir, { init: options.create === true });
  } catch (e) {
    if (!options.create && (e as PonteError).code === 'data.not_a_repo') return readOnlyStorage(dir);
    throw e;
  }
  return {
    repo,
    async hash(abs, options = {}) {
      let st;
      try {
        st = statSync(abs);
      } catch {
        return undefined;
      }
      const h = await hashPath(abs, { root: repo.root, ignore: repo.ignore(), state: repo.state, kind: options.legacy ? 'md5-dos2unix' : 'md5', signal: options.signal });
      const out: OutputHash = { md5: h.md5, size: h.size };
      if (h.nfiles !== undefined) out.nfiles = h.nfiles;
      if (!st.isDirectory() && st.mode & 0o111) out.isexec = true;
      return out;
    },
    async isCached(md5, options = {}) {
      return isInCache(repo.cacheDir, md5, options.legacy ? 'md5-dos2unix' : 'md5');
    },
    async save(abs, options = {}) {
      const out = await addToCache(repo, abs, { signal: options.signal });
      const h: OutputHash = { md5: out.md5 ?? '', size: out.size ?? 0 };
      if (out.nfiles !== undefined) h.nfiles = out.nfiles;
      if (out.isexec) h.isexec = true;
      return h;
    },
    close: () => repo.state.flush(),
  };
}

function readOnlyStorage(dir: string): DataStorage {
  return {
    async hash(abs, options = {}) {
      try {
        statSync(abs);
      } catch {
        return undefined;
      }
      const h = await hashPath(abs, { root: dir, kind: options.legacy ? 'md5-dos2unix' : 'md5', signal: options.signal });
      return { md5: h.md5, size: h.size, ...(h.nfiles !== undefined ? { nfiles: h.nfiles } : {}) };
    },
    async isCached() {
      return false;
    },
    async save(abs) {
      throw new PonteError('pipeline.no_repo', `cannot cache ${abs}: no DVC repository`, { hint: "run 'ponte run' (it creates .dvc/) or 'dvc init'" });
    },
    close: async () => undefined,
  };
}
