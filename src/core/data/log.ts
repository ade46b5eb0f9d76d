// `data log`: every version of a dataset, read from the git history of its `.dvc` file.
import * as path from 'node:path';
import { parseDvcFile } from './dvc-file';
import { commitsTouching, showAtRev, type Commit } from './git';
import { openDataRepo } from './repo';
import { dvcFileFor } from './tracked';

export interface DataVersion extends Commit {
  md5?: string;
  size?: number;
  nfiles?: number;
  /** True for the commit that deleted the `.dvc` file. */
  deleted?: boolean;
}

export async function dataLog(options: { cwd: string; path: string }): Promise<DataVersion[]> {
  const repo = await openDataRepo(options.cwd);
  const dvcFile = dvcFileFor(repo, options.path, options.cwd);
  const rel = path.relative(repo.root, dvcFile).split(path.sep).join('/');
  const versions: DataVersion[] = [];
  for (const c of await commitsTouching(repo.root, rel)) {
    let text: string;
    try {
      text = await showAtRev(repo.root, c.commit, rel);
    } catch {
      versions.push({ ...c, deleted: true });
      continue;
    }
    const out = parseDvcFile(text, `${rel}@${c.commit.slice(0, 7)}`).outs[0];
    versions.push({ ...c, md5: out?.md5, size: out?.size, nfiles: out?.nfiles });
  }
  return versions;
}
