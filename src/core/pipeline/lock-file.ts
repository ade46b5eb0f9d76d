// dvc.lock, read and written exactly in DVC's format (schema 2.0): the state each stage was
// last run in. DVC dumps it with ruamel.yaml: block style, unindented lists, 80-column
// folding, single quotes, empty nulls, and Python's repr of floats; the writer does the same.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../workspace/atomic-write';
import { fromSystemError, PonteError } from '../errors';
import { isPyMapping, pyValueOfNode, type PyValue } from '../formats/py-values';
import { formatRuamelYaml, type RuamelValue } from '../formats/ruamel-yaml';

export interface LockEntry {
  /** As written in dvc.yaml, relative to the stage's wdir. */
  path: string;
  /** `<32 hex>` for a file, `<32 hex>.dir` for a directory. */
  md5: string;
  size?: number;
  nfiles?: number;
  isexec?: boolean;
  /** DVC 2 entries carry no `hash: md5`: their md5 was taken after CRLF→LF for text files. */
  legacy?: boolean;
}

export interface LockStage {
  cmd: string | string[];
  deps: LockEntry[];
  /** params file → key as written in dvc.yaml (dotted) → value. */
  params: Record<string, Record<string, PyValue>>;
  outs: LockEntry[];
}

export interface LockFile {
  /** In file order; a re-run stage keeps its place, a new one goes at the end, as DVC does. */
  stages: Map<string, LockStage>;
}

export const DEFAULT_PARAMS_FILE = 'params.yaml';

export function emptyLockFile(): LockFile {
  return { stages: new Map() };
}

/** Reads dvc.lock; a missing file is an empty lock (nothing has run yet). */
export async function readLockFile(file: string): Promise<LockFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyLockFile();
    throw fromSystemError(e, file, 'read');
  }
  return parseLockFile(text, file);
}

export async function writeLockFile(file: string, lock: LockFile): Promise<void> {
  try {
    await writeFileAtomic(file, formatLockFile(lock));
  } catch (e) {
    throw fromSystemError(e, file, 'write');
  }
}

export function parseLockFile(text: string, file: string): LockFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  function fail(node: Node | null | undefined, message: string, hint = 'dvc.lock is written by `ponte run` and `dvc repro`; delete it to have it written anew'): never {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    throw new PonteError('lock.invalid', message, { file, line: pos.line, column: pos.col, hint });
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lines.linePos(err.pos[0]);
    throw new PonteError('lock.syntax', `dvc.lock is not valid YAML: ${err.message.split('\n')[0]}`, {
      file, line: pos.line, column: pos.col, hint: 'fix the YAML, or delete dvc.lock to have it written anew',
    });
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return emptyLockFile();
  if (!isMap(root)) fail(root, 'dvc.lock must be a mapping with `schema` and `stages`');
  const schema = root.get('schema', true);
  if (!isScalar(schema) || String(schema.value) !== '2.0') {
    fail(schema ?? root, `dvc.lock has schema ${isScalar(schema) ? `'${String(schema.value)}'` : '(none)'}; Ponte reads schema '2.0' (DVC 2 and 3)`,
      'this lock was written by DVC 1: run `dvc repro` with a current DVC, or delete dvc.lock to have it written anew');
  }
  const lock = emptyLockFile();
  const stages = root.get('stages', true);
  if (stages === undefined || (isScalar(stages) && stages.value === null)) return lock;
  if (!isMap(stages)) fail(stages, '`stages` in dvc.lock must be a mapping of stage names');
  for (const pair of stages.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const def = pair.value as Node | null;
    if (!isMap(def)) fail(def ?? (pair.key as Node), `stage "${name}" in dvc.lock must be a mapping`);
    const cmdNode = def.get('cmd', true);
    let cmd: string | string[] = '';
    // String(scalar) is the yaml library's own text of its value
    if (isSeq(cmdNode)) cmd = cmdNode.items.map((n) => (isScalar(n) ? String(n) : ''));
    else if (isScalar(cmdNode)) cmd = cmdNode.value === null ? '' : String(cmdNode);
    const entries = (key: 'deps' | 'outs'): LockEntry[] => {
      const node = def.get(key, true);
      if (node === undefined || (isScalar(node) && node.value === null)) return [];
      if (!isSeq(node)) fail(node, `\`${key}\` of stage "${name}" in dvc.lock must be a list`);
      return node.items.map((item) => {
        if (!isMap(item)) fail(item as Node, `each entry of \`${key}\` in stage "${name}" must be a mapping with path and md5`);
        const get = (k: string) => {
          const n = item.get(k, true);
          return isScalar(n) ? n.value : undefined;
        };
        const path: unknown = get('path');
        if (typeof path !== 'string' || path === '') fail(item, `an entry of \`${key}\` in stage "${name}" has no path`);
        const md5 = get('md5');
        const entry: LockEntry = { path, md5: md5 === undefined || md5 === null ? '' : `${md5 as string | number}` }; // digits alone read as a number
        const size = get('size');
        if (typeof size === 'number') entry.size = size;
        const nfiles = get('nfiles');
        if (typeof nfiles === 'number') entry.nfiles = nfiles;
        if (get('isexec') === true) entry.isexec = true;
        if (get('hash') !== 'md5') entry.legacy = true;
        return entry;
      });
    };
    const params: Record<string, Record<string, PyValue>> = {};
    const paramsNode = def.get('params', true);
    if (paramsNode !== undefined && !(isScalar(paramsNode) && paramsNode.value === null)) {
      if (!isMap(paramsNode)) fail(paramsNode, `\`params\` of stage "${name}" in dvc.lock must map params files to values`);
      for (const p of paramsNode.items) {
        const values = pyValueOfNode(p.value);
        const f = isScalar(p.key) ? String(p.key.value) : '';
        params[f] = isPyMapping(values) ? values : {};
      }
    }
    lock.stages.set(name, { cmd, deps: entries('deps'), params, outs: entries('outs') });
  }
  return lock;
}

/** Orders as DVC's serializer does: params.yaml first then other files by name; keys sorted. */
function orderParams(params: Record<string, Record<string, PyValue>>): Record<string, Record<string, PyValue>> {
  const files = Object.keys(params).sort((a, b) => (a === DEFAULT_PARAMS_FILE ? -1 : b === DEFAULT_PARAMS_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, Record<string, PyValue>> = {};
  for (const f of files) {
    const keys = Object.keys(params[f]).sort(byCodePoint);
    out[f] = Object.fromEntries(keys.map((k) => [k, params[f][k]]));
  }
  return out;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entryObject(e: LockEntry): { [key: string]: RuamelValue } {
  const o: { [key: string]: RuamelValue } = { path: e.path };
  if (!e.legacy) o.hash = 'md5';
  o.md5 = e.md5;
  if (e.size !== undefined) o.size = e.size;
  if (e.nfiles !== undefined) o.nfiles = e.nfiles;
  if (e.isexec) o.isexec = true;
  return o;
}

export function formatLockFile(lock: LockFile): string {
  const stages: { [key: string]: RuamelValue } = {};
  for (const [name, s] of lock.stages) {
    const o: { [key: string]: RuamelValue } = { cmd: s.cmd };
    const sorted = (xs: LockEntry[]) => [...xs].sort((a, b) => byCodePoint(a.path, b.path)).map(entryObject);
    if (s.deps.length) o.deps = sorted(s.deps);
    if (Object.keys(s.params).length) o.params = orderParams(s.params);
    if (s.outs.length) o.outs = sorted(s.outs);
    stages[name] = o;
  }
  return formatRuamelYaml({ schema: '2.0', stages });
}
