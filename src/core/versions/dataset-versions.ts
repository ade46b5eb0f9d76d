// Two versions of a DVC-tracked dataset as drift inputs: the versions come from the git history
// of its .dvc file (core/data's dataLog), the bytes from the local DVC cache. A version missing
// from the cache is an error saying how to fetch it; directories are refused (one file only).
import { extname } from 'node:path';
import { PonteError } from '../errors';
import { dataLog, findObject, listTracked, openDataRepo, type DataVersion } from '../data';
import { formatOf, type Table } from '../drift/run';

export type { DataVersion };

/** The root of the DVC repository at or above `cwd` (tracked paths are relative to it). */
export async function dataRepoRoot(cwd: string): Promise<string> {
  return (await openDataRepo(cwd)).root;
}

/** Repository-relative paths of the DVC-tracked single files (directories cannot be compared). */
export async function trackedDataFiles(cwd: string): Promise<string[]> {
  const repo = await openDataRepo(cwd);
  const tracked = await listTracked(repo, { cwd });
  return tracked.filter((t) => t.out.nfiles === undefined && !t.out.md5?.endsWith('.dir')).map((t) => t.rel);
}

/** Every recorded version of the dataset at `datasetPath`, newest first, deleted ones left out. */
export async function datasetVersions(cwd: string, datasetPath: string): Promise<DataVersion[]> {
  return (await dataLog({ cwd, path: datasetPath })).filter((v) => !v.deleted && v.md5);
}

/** The cached file holding `version` of the dataset, and its format (from the dataset's name). */
export async function datasetVersionFile(cwd: string, datasetPath: string, version: DataVersion): Promise<{ file: string; format: Table['format'] }> {
  const where = `${datasetPath}@${version.commit.slice(0, 7)}`;
  if (version.nfiles !== undefined || version.md5?.endsWith('.dir')) {
    throw new PonteError('drift.version.directory', `${where} is a directory; drift compares one data file`, {
      hint: 'compare two files inside it with Ponte: Compare Datasets for Drift, or ponte drift --reference A --current B',
    });
  }
  const repo = await openDataRepo(cwd);
  const file = findObject(repo.cacheDir, version.md5!);
  if (!file) {
    throw new PonteError('drift.version.not_in_cache', `${where} (md5 ${version.md5}) is not in the local DVC cache`, {
      hint: `bring it into the cache first: git checkout ${version.commit.slice(0, 7)} -- ${datasetPath}.dvc, then ponte data pull ${datasetPath} (or dvc fetch)`,
    });
  }
  return { file, format: formatOf(extname(datasetPath) ? datasetPath : file) };
}
