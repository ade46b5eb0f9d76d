// Lists the files below a directory as DVC sees them: `.dvcignore` applied, empty directories
// leaving no trace, links to files followed (a loop is an error, not a hang), links to
// directories left out: DVC walks with os.walk, which does not descend into them.
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';
import { DvcIgnore } from './dvcignore';
import { throwIfAborted, yieldToEventLoop } from './hash';

export interface WalkedFile {
  abs: string;
  /** `/`-separated path below the walked directory. */
  rel: string;
  stats: Stats;
}

export interface WalkOptions {
  /** The repository root the `.dvcignore` rules are relative to; defaults to the directory. */
  root?: string;
  ignore?: DvcIgnore;
  signal?: AbortSignal;
  /** Called for each link to a directory found below the top, which DVC leaves out (so does Ponte). */
  onSkippedLink?: (abs: string) => void;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** stat that follows links, turning a link loop into a clear error. */
export function statFollowing(file: string): Stats {
  try {
    return statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new PonteError('data.symlink_loop', 'is a symbolic link that points back at itself', {
        file,
        hint: 'remove the link or point it at a real file, or list it in .dvcignore',
        cause: e,
      });
    }
    throw fromSystemError(e, file, 'read');
  }
}

export async function walkFiles(dir: string, options: WalkOptions = {}): Promise<WalkedFile[]> {
  const root = options.root ?? dir;
  const ignore = options.ignore ?? new DvcIgnore(root);
  const dirFromRoot = toPosix(path.relative(root, dir));
  ignore.loadAncestors(dirFromRoot);
  const out: WalkedFile[] = [];
  statFollowing(dir);
  let visited = 0;

  async function visit(abs: string, rel: string): Promise<void> {
    if (++visited % 200 === 0) {
      await yieldToEventLoop();
      throwIfAborted(options.signal);
    }
    const fromRoot = rel ? (dirFromRoot ? `${dirFromRoot}/${rel}` : rel) : dirFromRoot;
    ignore.loadDir(fromRoot);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      throw fromSystemError(e, abs, 'list');
    }
    // The hot loop of `data status`: plain concatenation (abs is already normalised), a stat
    // for files only, and no ignore check for files when no rule exists.
    for (const entry of entries) {
      const name = entry.name;
      const childAbs = abs + path.sep + name;
      const childRel = rel ? `${rel}/${name}` : name;
      if (entry.isDirectory()) {
        if (ignore.isIgnored(fromRoot ? `${fromRoot}/${name}` : name, true)) continue;
        await visit(childAbs, childRel);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const st = statFollowing(childAbs);
      if (st.isDirectory()) {
        options.onSkippedLink?.(childAbs);
        continue;
      }
      if (!st.isFile()) continue;
      if (ignore.hasRules && ignore.isIgnored(fromRoot ? `${fromRoot}/${name}` : name, false)) continue;
      out.push({ abs: childAbs, rel: childRel, stats: st });
    }
  }

  await visit(dir, '');
  return out;
}
