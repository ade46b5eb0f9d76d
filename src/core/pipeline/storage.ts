// What the pipeline needs from data versioning, kept narrow: hash a dep or an out, tell whether
// an out's object is in the cache, and save an out into it. `src/core/data` implements it.

export interface OutputHash {
  /** `<32 hex>` for a file, `<32 hex>.dir` for a directory. */
  md5: string;
  size: number;
  /** Directories only. */
  nfiles?: number;
  isexec?: boolean;
}

export interface StageStorage {
  /** Undefined when nothing exists at `abs`. `legacy`: DVC 2's md5 (CRLF→LF for text). */
  hash(abs: string, options?: { legacy?: boolean; signal?: AbortSignal }): Promise<OutputHash | undefined>;
  isCached(md5: string, options?: { legacy?: boolean }): Promise<boolean>;
  /** Stores the file or directory in the cache and returns its hash. */
  save(abs: string, options?: { signal?: AbortSignal }): Promise<OutputHash>;
}
