// Compare Versions: two versions of a CSV or Parquet dataset (each from the cache by the md5 a
// `.dvc` file recorded at a git revision, or the workspace) summarised side by side: size, row
// count, columns added / removed / changed in kind, and per-column statistics. Kept out of
// index.ts on purpose: it pulls the column loaders (and hyparquet), which the extension
// bundle must not carry; the extension runs it through the CLI (`ponte data compare`).
import { linkSync, copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadTable, type Column } from '../drift';
import { PonteError, fromSystemError } from '../errors';
import { findObject, listTracked, openDataRepo } from '../data';

export interface ColumnSummary {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Present cells and missing ones. */
  count: number;
  missing: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  /** Categorical columns: distinct values and the most frequent one. */
  distinct?: number;
  top?: string;
}

export interface VersionSummary {
  /** A git revision, or `workspace`. */
  rev: string;
  md5?: string;
  size: number;
  rows: number;
  columns: ColumnSummary[];
}

export interface VersionComparison {
  path: string;
  from: VersionSummary;
  to: VersionSummary;
  added: string[];
  removed: string[];
  changedKind: { name: string; from: string; to: string }[];
}

export function summarizeColumn(c: Column): ColumnSummary {
  if (c.kind === 'numeric') {
    const v = c.values;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
    }
    const mean = v.length ? sum / v.length : undefined;
    let sq = 0;
    for (let i = 0; i < v.length; i++) sq += (v[i] - mean!) ** 2;
    return {
      name: c.name,
      kind: 'numeric',
      count: v.length,
      missing: c.missing,
      ...(v.length ? { min, max, mean, std: v.length > 1 ? Math.sqrt(sq / (v.length - 1)) : 0 } : {}),
    };
  }
  const counts = new Int32Array(c.dictionary.length);
  for (let i = 0; i < c.codes.length; i++) counts[c.codes[i]]++;
  let top = -1;
  let distinct = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > 0) distinct++;
    if (counts[i] > 0 && (top < 0 || counts[i] > counts[top])) top = i;
  }
  return { name: c.name, kind: 'categorical', count: c.codes.length, missing: c.missing, distinct, ...(top >= 0 ? { top: c.dictionary[top] } : {}) };
}

async function summarizeFile(file: string, rev: string, md5: string | undefined): Promise<VersionSummary> {
  const table = await loadTable(file);
  return { rev, md5, size: statSync(file).size, rows: table.rows, columns: table.columns.map(summarizeColumn) };
}

export function diffSummaries(p: string, from: VersionSummary, to: VersionSummary): VersionComparison {
  const a = new Map(from.columns.map((c) => [c.name, c]));
  const b = new Map(to.columns.map((c) => [c.name, c]));
  return {
    path: p,
    from,
    to,
    added: [...b.keys()].filter((n) => !a.has(n)),
    removed: [...a.keys()].filter((n) => !b.has(n)),
    changedKind: [...b.values()].filter((c) => a.has(c.name) && a.get(c.name)!.kind !== c.kind).map((c) => ({ name: c.name, from: a.get(c.name)!.kind, to: c.kind })),
  };
}

export interface CompareOptions {
  cwd: string;
  path: string;
  /** Git revisions; `workspace` (the default for `to`) reads the file on disk. */
  from: string;
  to?: string;
}

/** Summarises both versions; a version's object must be in the cache (pull it first). */
export async function compareVersions(options: CompareOptions): Promise<VersionComparison> {
  const repo = await openDataRepo(options.cwd);
  const scratch = mkdtempSync(path.join(tmpdir(), 'ponte-compare-'));
  try {
    const summarize = async (rev: string): Promise<VersionSummary> => {
      const [t] = await listTracked(repo, { cwd: options.cwd, paths: [options.path], rev: rev === 'workspace' ? undefined : rev });
      if (rev === 'workspace') return summarizeFile(t.abs, rev, undefined);
      const md5 = t.out.md5;
      if (!md5 || md5.endsWith('.dir')) {
        throw new PonteError('data.compare_not_a_file', `${t.rel} is a directory at ${rev}; Compare Versions reads one CSV or Parquet file`, {
          file: t.dvcFile,
          hint: 'compare a file dataset',
        });
      }
      const object = findObject(repo.cacheDir, md5, t.kind);
      if (!object) {
        throw new PonteError('data.not_in_cache', `the version of ${t.rel} at ${rev} (${md5}) is not in the cache`, {
          file: t.dvcFile,
          hint: `fetch it with 'ponte data pull' after 'git checkout ${rev}', or push it from where it was added`,
        });
      }
      // The loaders pick the format from the file name, so the object gets the dataset's name.
      const named = path.join(mkdtempSync(path.join(scratch, 'v-')), path.basename(t.abs));
      try {
        linkSync(object, named);
      } catch {
        try {
          copyFileSync(object, named);
        } catch (e) {
          throw fromSystemError(e, object, 'read');
        }
      }
      try {
        return await summarizeFile(named, rev, md5);
      } catch (e) {
        // The copy's scratch path means nothing to the user: name the dataset at its revision.
        if (e instanceof PonteError && e.file === named) {
          throw new PonteError(e.code, e.message, { file: `${t.rel}@${rev}`, line: e.line, column: e.column, hint: e.hint, cause: e });
        }
        throw e;
      }
    };
    const from = await summarize(options.from);
    const to = await summarize(options.to ?? 'workspace');
    return diffSummaries(options.path, from, to);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export { comparisonMarkdown } from './compare-markdown';
