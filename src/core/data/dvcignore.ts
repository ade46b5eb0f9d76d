// `.dvcignore`: gitignore-style patterns that leave files out of directory hashes. Each
// `.dvcignore` applies below its own directory; the last matching rule wins, `!` re-includes.
// DVC always ignores `.git`, `.hg` and `.dvc` directories.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fromSystemError } from '../errors';

interface Rule {
  /** `/`-separated directory (relative to the repository root) the rule lives in; '' for the root. */
  base: string;
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** Directories DVC leaves out of every directory hash (and the data watcher never watches). */
export const ALWAYS_IGNORED: ReadonlySet<string> = new Set(['.git', '.hg', '.dvc']);

function escapeRegex(c: string): string {
  return /[.+^${}()|\\]/.test(c) ? `\\${c}` : c;
}

/** Turns one gitignore glob (without `!` and trailing `/`) into a regex over a relative path. */
export function globToRegex(glob: string): RegExp {
  const anchored = glob.includes('/');
  let g = glob.startsWith('/') ? glob.slice(1) : glob;
  let re = '';
  if (g.startsWith('**/')) {
    re += '(?:.*/)?';
    g = g.slice(3);
  }
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slashAfter = g[i + 2] === '/';
        if (g[i - 1] === '/' && slashAfter) {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let cls = g.slice(i + 1, close);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < g.length) {
      re += escapeRegex(g[++i]);
    } else re += escapeRegex(c);
  }
  return new RegExp(anchored ? `^${re}$` : `^(?:.*/)?${re}$`);
}

export function parseIgnoreRules(text: string, base: string): Rule[] {
  const rules: Rule[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (!line) continue;
    rules.push({ base, regex: globToRegex(line), negate, dirOnly });
  }
  return rules;
}

/** The ignore rules of a repository, growing as the walk meets nested `.dvcignore` files. */
export class DvcIgnore {
  private rules: Rule[] = [];
  private loaded = new Set<string>();

  constructor(private readonly root: string) {}

  /** Loads `<dir>/.dvcignore` once, if it exists; `dir` is relative to the root ('' = root). */
  loadDir(dir: string): void {
    if (this.loaded.has(dir)) return;
    this.loaded.add(dir);
    const file = path.join(this.root, dir, '.dvcignore');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw fromSystemError(e, file, 'read');
    }
    this.rules.push(...parseIgnoreRules(text, dir));
  }

  /** Loads the `.dvcignore` of every directory from the root down to `dir`. */
  loadAncestors(dir: string): void {
    const parts = dir ? dir.split('/') : [];
    for (let i = 0; i <= parts.length; i++) this.loadDir(parts.slice(0, i).join('/'));
  }

  /** False while no `.dvcignore` read so far has a rule (then only .git/.hg/.dvc are ignored). */
  get hasRules(): boolean {
    return this.rules.length > 0;
  }

  /** `rel` is `/`-separated and relative to the repository root. */
  isIgnored(rel: string, isDir: boolean): boolean {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (isDir && ALWAYS_IGNORED.has(name)) return true;
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      let sub: string;
      if (r.base === '') sub = rel;
      else if (rel.startsWith(`${r.base}/`)) sub = rel.slice(r.base.length + 1);
      else continue;
      // DVC (pathspec) also tries a directory with a trailing '/', so `logs/**` ignores `logs`.
      if (r.regex.test(sub) || (isDir && r.regex.test(`${sub}/`))) ignored = !r.negate;
    }
    return ignored;
  }
}
