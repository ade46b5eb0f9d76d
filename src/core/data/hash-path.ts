// hashPath: a file or a directory to the md5, size and nfiles DVC records for it, reusing
// the state cache so unchanged files are only stat'ed. This is what `data add`, `data status`
// and the pipeline's change detection share.
import type { Stats } from 'node:fs';
import { hashManifest, type DirHash } from './dir-manifest';
import { DvcIgnore } from './dvcignore';
import { hashFile, throwIfAborted, yieldToEventLoop, type HashKind, type JobControl } from './hash';
import type { StateCache } from './state';
import { statFollowing, walkFiles } from './walk';

export interface HashPathOptions extends JobControl {
  /** Repository root: `.dvcignore` rules are read from here down. Defaults to the directory. */
  root?: string;
  ignore?: DvcIgnore;
  state?: StateCache;
  kind?: HashKind;
}

export interface HashedFile {
  abs: string;
  rel: string;
  md5: string;
  size: number;
  stats: Stats;
}

export interface PathHash {
  /** `<32 hex>` for a file, `<32 hex>.dir` for a directory. */
  md5: string;
  size: number;
  nfiles?: number;
  isDir: boolean;
  /** Directories only: the manifest (its bytes are the cache object) and the files in it. */
  dir?: DirHash;
  files?: HashedFile[];
}

/** One file's md5 through the state cache: a hit costs nothing, a miss is hashed and recorded. */
export async function hashFileCached(
  file: string,
  stats: Stats,
  options: HashPathOptions & { progressBase?: number; progressTotal?: number } = {},
): Promise<{ md5: string; size: number; stats: Stats }> {
  const kind = options.kind ?? 'md5';
  const known = options.state?.lookup(stats, kind);
  if (known) return { md5: known, size: stats.size, stats };
  const h = await hashFile(file, { ...options, kind });
  options.state?.record(h.stats, kind, h.md5);
  return h;
}

export async function hashPath(target: string, options: HashPathOptions = {}): Promise<PathHash> {
  throwIfAborted(options.signal);
  const st = statFollowing(target);
  if (!st.isDirectory()) {
    const h = await hashFileCached(target, st, options);
    return { md5: h.md5, size: h.size, isDir: false };
  }
  const walked = await walkFiles(target, { root: options.root, ignore: options.ignore, signal: options.signal });
  const total = walked.reduce((n, f) => n + f.stats.size, 0);
  const files: HashedFile[] = [];
  let done = 0;
  const kind = options.kind ?? 'md5';
  for (let i = 0; i < walked.length; i++) {
    const w = walked[i];
    // The hot path of `data status`: a state hit must cost no more than a map lookup.
    const known = options.state?.lookup(w.stats, kind);
    const h = known
      ? { md5: known, size: w.stats.size, stats: w.stats }
      : await hashFileCached(w.abs, w.stats, { ...options, progressBase: done, progressTotal: total });
    files.push({ abs: w.abs, rel: w.rel, md5: h.md5, size: h.size, stats: h.stats });
    done += h.size;
    if (i % 1000 === 999) {
      options.onProgress?.(done, total);
      await yieldToEventLoop();
      throwIfAborted(options.signal);
    }
  }
  options.onProgress?.(done, total);
  const dir = hashManifest(files.map((f) => ({ md5: f.md5, relpath: f.rel })));
  return { md5: dir.md5, size: done, nfiles: files.length, isDir: true, dir, files };
}
