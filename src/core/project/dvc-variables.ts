// The variables a dvc.yaml's `${...}` can name, and where each could come from: params.yaml
// (read by default), `vars` entries (inline dicts, files, `file.yaml:key1,key2`), and the
// `item`/`key` of a foreach or matrix. A source that cannot be read makes misses warnings, not errors.
import { posix } from 'node:path';
import type { Diagnostic, SpecFileAccess } from './types';
import { diagnosticAt, parseYamlSource, toPlain, type LNode, type SourceFile } from './yaml-source';
import { lookupName, splitName, type Lookup } from './dvc-template';
import { parseTomlParams } from '../formats/toml-params';

export interface UnknownSource {
  /** What could not be read, for messages: `params.yaml (missing)`. */
  label: string;
  /** `missing`: a file that is not there (a warning); `unchecked`: no file access at all. */
  state: 'missing' | 'unreadable' | 'unchecked';
}

export interface VarScope {
  /** Searched in order; the first layer holding the first name segment answers. */
  layers: Record<string, unknown>[];
  unknown: UnknownSource[];
}

export type ScopeLookup = Lookup | { found: false; depth: number; bad: 'syntax' };

export function lookupInScope(scope: VarScope, name: string): ScopeLookup {
  const parts = splitName(name);
  if (!parts) return { found: false, depth: 0, bad: 'syntax' };
  for (const layer of scope.layers) {
    if (Object.prototype.hasOwnProperty.call(layer, parts[0])) return lookupName(layer, parts);
  }
  return { found: false, depth: 0 };
}

export function childScope(parent: VarScope, layer: Record<string, unknown> | undefined, unknown: UnknownSource[] = []): VarScope {
  return { layers: layer ? [layer, ...parent.layers] : parent.layers, unknown: [...unknown, ...parent.unknown] };
}

const DEFAULT_PARAMS = 'params.yaml';

/** The file-level scope: params.yaml from `dir` (or the given params) plus top-level `vars`. */
export function loadGlobalScope(
  src: SourceFile,
  varsNode: LNode | undefined,
  opts: { fs?: SpecFileAccess; params?: Record<string, unknown>; vars?: Record<string, unknown> },
  sink: Diagnostic[],
): VarScope {
  const layers: Record<string, unknown>[] = [];
  const unknown: UnknownSource[] = [];
  if (opts.vars) layers.push(opts.vars);
  const fromVars = loadVarsEntries(src, varsNode, '.', opts.fs, sink);
  layers.push(...fromVars.layers);
  unknown.push(...fromVars.unknown);
  if (opts.params) {
    layers.push(opts.params);
  } else if (!opts.fs) {
    unknown.push({ label: DEFAULT_PARAMS, state: 'unchecked' });
  } else if (!opts.fs.exists(DEFAULT_PARAMS)) {
    unknown.push({ label: `${DEFAULT_PARAMS} (missing)`, state: 'missing' });
  } else {
    const read = readVarsFile(opts.fs, DEFAULT_PARAMS);
    if (read.ok) layers.push(read.value);
    else unknown.push({ label: `${DEFAULT_PARAMS} (${read.reason})`, state: 'unreadable' });
  }
  return { layers, unknown };
}

/** Reads the entries of one `vars:` list (top-level or a stage's), relative to `wdir`. */
export function loadVarsEntries(
  src: SourceFile,
  varsNode: LNode | undefined,
  wdir: string,
  fs: SpecFileAccess | undefined,
  sink: Diagnostic[],
): VarScope {
  const layers: Record<string, unknown>[] = [];
  const unknown: UnknownSource[] = [];
  if (!varsNode || varsNode.kind !== 'seq') return { layers, unknown };
  for (const item of varsNode.items) {
    if (item.kind === 'map') {
      layers.push(toPlain(item) as Record<string, unknown>);
      continue;
    }
    if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
    const spec = item.value;
    // `file.yaml:key1,key2` imports only those keys; a bare path imports the whole file.
    const colon = spec.lastIndexOf(':');
    const hasKeys = colon > 0 && !/^[A-Za-z]:[\\/]/.test(spec.slice(colon - 1));
    const path = hasKeys ? spec.slice(0, colon) : spec;
    const keys = hasKeys ? spec.slice(colon + 1).split(',').map((k) => k.trim()).filter(Boolean) : undefined;
    const rel = posix.normalize(posix.join(wdir, path));
    if (!fs) {
      unknown.push({ label: path, state: 'unchecked' });
      continue;
    }
    if (!fs.exists(rel)) {
      sink.push(diagnosticAt(src, item.start, item.end, 'warning', 'vars.missing_file', `vars file "${path}" does not exist; its variables are unknown`));
      unknown.push({ label: `${path} (missing)`, state: 'missing' });
      continue;
    }
    const read = readVarsFile(fs, rel);
    if (!read.ok) {
      sink.push(diagnosticAt(src, item.start, item.end, 'warning', 'vars.unreadable', `cannot read vars file "${path}": ${read.reason}`));
      unknown.push({ label: `${path} (${read.reason})`, state: 'unreadable' });
      continue;
    }
    if (!keys) {
      layers.push(read.value);
      continue;
    }
    const picked: Record<string, unknown> = {};
    for (const k of keys) {
      const parts = splitName(k);
      const got = parts ? lookupName(read.value, parts) : undefined;
      if (!parts || !got || !got.found) {
        sink.push(diagnosticAt(src, item.start, item.end, 'error', 'vars.unknown_key', `"${k}" is not a key of "${path}"`));
        continue;
      }
      setPath(picked, parts, got.value);
    }
    layers.push(picked);
  }
  return { layers, unknown };
}

type ReadResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

const cache = new Map<string, { text: string; result: ReadResult }>();

/** A params or vars file: YAML or JSON, or TOML (Python params files are not read). */
export function readVarsFile(fs: SpecFileAccess, path: string): ReadResult {
  const ext = posix.extname(path).toLowerCase();
  if (ext === '.py') return { ok: false, reason: 'Python params files are not read by Ponte\'s validator' };
  const text = fs.read(path);
  if (text === undefined) return { ok: false, reason: 'unreadable' };
  // Validation runs on every keystroke; the params file rarely changes between two of them.
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.result;
  let result: ReadResult;
  if (ext === '.toml') {
    const value = parseTomlParams(text);
    result = value ? { ok: true, value } : { ok: false, reason: 'it holds TOML Ponte\'s validator does not read (multi-line strings?)' };
  } else {
    const parsed = parseYamlSource(text, path);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) result = { ok: false, reason: 'it is not valid YAML' };
    else if (parsed.root && parsed.root.kind !== 'map') result = { ok: false, reason: 'it does not hold a mapping' };
    else result = { ok: true, value: (toPlain(parsed.root) as Record<string, unknown>) ?? {} };
  }
  if (cache.size > 64) cache.clear();
  cache.set(path, { text, result });
  return result;
}

function setPath(obj: Record<string, unknown>, parts: string[], value: unknown): void {
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Every dotted name a scope offers, for completion after `${`. */
export function scopeNames(scope: VarScope, limit = 2000): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, prefix: string, depth: number) => {
    if (out.size >= limit || depth > 8) return;
    if (prefix) out.add(prefix);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, prefix ? `${prefix}.${k}` : k, depth + 1);
    }
  };
  for (const layer of scope.layers) walk(layer, '', 0);
  return [...out];
}
