// `.dvc/config` and `.dvc/config.local`: DVC's INI files (configobj). Sections look like
// `[core]` or `['remote "name"']`; `config.local` overrides `config` key by key. Also where the
// cache lives (`[cache] dir`), refused when it is no directory we can write.
import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../errors';

/** section name (e.g. `core`, `remote "storage"`) -> key -> value. */
export type DvcConfig = Map<string, Map<string, string>>;

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

/** Which file and line set each `section\0key` last (config or config.local), for error messages. */
const origins = new WeakMap<DvcConfig, Map<string, { file: string; line: number }>>();

/** The file that set `key` in `section`, when the config was parsed from files. */
export function configFileOf(config: DvcConfig, section: string, key: string): string | undefined {
  return origins.get(config)?.get(`${section}\0${key}`)?.file;
}

export function parseDvcConfig(text: string, file: string, into: DvcConfig = new Map()): DvcConfig {
  const origin = origins.get(into) ?? new Map<string, { file: string; line: number }>();
  origins.set(into, origin);
  let sectionName = '';
  let section: Map<string, string> | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(.*)\]$/.exec(line);
    if (head) {
      const name = unquote(head[1].trim()).trim();
      section = into.get(name) ?? new Map();
      into.set(name, section);
      sectionName = name;
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv || !section) {
      throw new PonteError(
        'data.bad_config',
        kv ? `'${kv[1]}' appears before any [section]` : `cannot read '${line}': expected 'key = value' or a [section]`,
        { file, line: i + 1, column: 1, hint: "DVC's config is INI: `[core]` then `remote = name`, `['remote \"name\"']` then `url = ...`" },
      );
    }
    // configobj (DVC's reader) ends an unquoted value at '#': the rest is an inline comment.
    const raw = kv[2].trim();
    const quoted = /^(["'])(.*?)\1\s*(?:#.*)?$/.exec(raw);
    section.set(kv[1].trim(), quoted ? quoted[2] : raw.replace(/\s*#.*$/, ''));
    origin.set(`${sectionName}\0${kv[1].trim()}`, { file, line: i + 1 });
  }
  return into;
}

/** Reads `.dvc/config` then `.dvc/config.local` (either may be absent). */
export function readDvcConfig(dvcDir: string): DvcConfig {
  const config: DvcConfig = new Map();
  for (const name of ['config', 'config.local']) {
    const file = path.join(dvcDir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw fromSystemError(e, file, 'read');
    }
    parseDvcConfig(text, file, config);
  }
  return config;
}

export interface RemoteConfig {
  name: string;
  url: string;
  /** The config file that set the url. */
  file: string;
}

/** The remote to use: `name` if given, else `core.remote`. */
export function resolveRemote(config: DvcConfig, dvcDir: string, name?: string): RemoteConfig {
  const chosen = name ?? config.get('core')?.get('remote');
  const file = path.join(dvcDir, 'config');
  if (!chosen) {
    throw new PonteError('data.no_remote', 'no remote is configured', {
      file,
      hint: "add one: `['remote \"storage\"']` with `url = /path/to/dir` and `[core]` with `remote = storage`, or pass --remote NAME",
    });
  }
  const url = config.get(`remote "${chosen}"`)?.get('url');
  if (!url) {
    const known = [...config.keys()].filter((k) => k.startsWith('remote "')).map((k) => k.slice(8, -1));
    throw new PonteError('data.unknown_remote', `remote '${chosen}' is not defined`, {
      file,
      hint: known.length ? `known remotes: ${known.join(', ')}` : "define it under `['remote \"" + chosen + "\"']` with a `url`",
    });
  }
  return { name: chosen, url, file: configFileOf(config, `remote "${chosen}"`, 'url') ?? file };
}

// Kernel file systems: mkdir there fails with ENOENT below an existing directory, which sent
// Node's recursive mkdir into a loop that no Ctrl-C could stop (`dir = /proc/self`).
const KERNEL_TREES = ['/proc', '/sys', '/dev'];

/**
 * `[cache] dir`, resolved against `.dvc/` as DVC does, or `.dvc/cache`. A configured directory
 * must be (or be creatable as) a directory we can write, outside the kernel's trees; otherwise a
 * PonteError names the config file and line before anything is written.
 */
export function resolveCacheDir(config: DvcConfig, dvcDir: string): string {
  const configured = config.get('cache')?.get('dir');
  if (!configured) return path.join(dvcDir, 'cache');
  const dir = path.resolve(dvcDir, configured);
  const origin = origins.get(config)?.get('cache\0dir') ?? { file: path.join(dvcDir, 'config'), line: undefined };
  const refuse = (why: string): never => {
    throw new PonteError('data.bad_cache_dir', `[cache] dir = ${configured}: ${why}`, {
      file: origin.file,
      line: origin.line,
      hint: 'point [cache] dir at a directory of your own (or remove the line to use .dvc/cache)',
    });
  };
  // The nearest part that exists decides, after its links are resolved: a link into /proc counts.
  let existing = dir;
  while (!exists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real: string;
  try {
    real = path.join(realpathSync(existing), path.relative(existing, dir));
  } catch (e) {
    return refuse(`cannot be resolved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const tree = KERNEL_TREES.find((t) => real === t || real.startsWith(`${t}/`));
  if (tree) refuse(`${real} is inside ${tree}, a kernel file system, not a place for data`);
  const st = statSync(existing);
  if (!st.isDirectory()) refuse(`${existing} is ${existing === dir ? 'not a directory' : 'a file, so no directory can be made below it'}`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    refuse(`${existing} is not writable`);
  }
  return dir;
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
