// The pipeline's storage backed by core/data: DVC's hashes (through the state cache, so an
// unchanged dep is only stat'ed) and DVC's cache in `.dvc/cache`.
import { statSync } from 'node:fs';
import { addToCache, hashPath, isInCache, openDataRepo, type DataRepo } from '../data';
import type { OutputHash, StageStorage } from './storage';

export interface DataStorage extends StageStorage {
  repo: DataRepo;
  /** Writes the state cache; call once the run is over. */
  close(): Promise<void>;
}

/** Opens the DVC repository at or above `dir` (creating `.dvc/` when there is none). */
export async function openDataStorage(dir: string): Promise<DataStorage> {
  const repo = await openDataRepo(dir, { init: true });
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
