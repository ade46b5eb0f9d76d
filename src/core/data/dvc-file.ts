// `.dvc` files: read with every scalar kept as its raw text (a hash like `123e4` must never
// become a number), checked key by key with the line of each mistake, and written byte for
// byte as DVC 3 writes them (key order md5, size, nfiles, isexec, hash, path).
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { PonteError, fromSystemError } from '../errors';
import { closestNames, didYouMean } from '../project/did-you-mean';
import { isSpecial, ruamelStyle, YAML12_NOT_STR } from '../formats/ruamel-style';

export interface DvcOut {
  path: string;
  md5?: string;
  size?: number;
  nfiles?: number;
  isexec?: boolean;
  /** `md5` for DVC 3 entries; absent for DVC 2 ones, which hash with md5-dos2unix. */
  hash?: string;
  /** Other DVC keys (desc, remote, push, cache...), kept as raw text. */
  extra?: Record<string, unknown>;
  /** Those keys' source lines, re-emitted verbatim after `path` when Ponte rewrites the file. */
  extraSource?: string[];
}

export interface DvcFile {
  file: string;
  outs: DvcOut[];
  /** `wdir:` (older DVC files): the outputs' paths are relative to it, itself relative to the file. */
  wdir?: string;
}

const TOP_KEYS = ['outs', 'deps', 'md5', 'wdir', 'frozen', 'desc', 'meta', 'cmd', 'locked', 'always_changed'];
// DVC 3's output schema: checksums, meta (size, nfiles, isexec, version_id), annotations, and
// the keys of version-aware remotes (cloud, files) and per-output file systems (fs_config).
const OUT_KEYS = ['path', 'md5', 'etag', 'checksum', 'size', 'nfiles', 'isexec', 'hash', 'cache', 'remote', 'push', 'persist', 'desc', 'type', 'labels', 'meta', 'files', 'version_id', 'cloud', 'fs_config'];

/** DVC 2 entries (no `hash:`) are hashed with md5-dos2unix and live in the old cache layout. */
export function isLegacyOut(out: DvcOut): boolean {
  return out.hash === undefined;
}

export function parseDvcFile(text: string, file: string): DvcFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const fail = (message: string, at: number | undefined, hint: string): never => {
    const pos = at === undefined ? undefined : lc.linePos(at);
    throw new PonteError('data.bad_dvc_file', message, { file, line: pos?.line, column: pos?.col, hint });
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    fail(`not valid YAML: ${e.message.split('\n')[0]}`, e.pos[0], 'fix the YAML syntax, or restore the file from git');
  }
  const top = doc.contents as Node | null;
  if (!isMap(top)) fail('a .dvc file must be a mapping with an `outs:` list', top?.range?.[0] ?? 0, 'see docs/data.md for the format');
  let outsNode: Node | undefined;
  let wdir: string | undefined;
  for (const pair of (top as unknown as { items: { key: Node; value: Node }[] }).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_KEYS.includes(key)) {
      fail(`unknown key '${key}'${didYouMean(closestNames(key, TOP_KEYS))}`, pair.key?.range?.[0], `a .dvc file has the keys ${TOP_KEYS.slice(0, 2).join(', ')}, ...`);
    }
    if (key === 'outs') outsNode = pair.value;
    if (key === 'wdir') {
      if (!isScalar(pair.value) || !String(pair.value.value)) fail('`wdir` must be a folder', pair.value?.range?.[0] ?? pair.key?.range?.[0], 'write `wdir: .` or remove it');
      wdir = String((pair.value as { value: unknown }).value);
    }
  }
  if (!isSeq(outsNode)) fail('`outs` must be a list of entries', outsNode?.range?.[0] ?? 0, 'write `outs:` followed by `- path: ...` entries');
  const outs: DvcOut[] = [];
  for (const item of (outsNode as unknown as { items: Node[] }).items) {
    if (!isMap(item)) fail('each entry of `outs` must be a mapping', item?.range?.[0], 'write `- md5: ...` / `  path: ...`');
    const out: Partial<DvcOut> = {};
    const extra: Record<string, unknown> = {};
    const extraSource: string[] = [];
    for (const pair of (item as unknown as { items: { key: Node; value: Node | null }[] }).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const at = pair.key?.range?.[0];
      if (!OUT_KEYS.includes(key)) {
        fail(`unknown key '${key}' in an output${didYouMean(closestNames(key, OUT_KEYS))}`, at, `an output has the keys ${OUT_KEYS.slice(0, 8).join(', ')}, ...`);
      }
      const v = pair.value;
      const raw = isScalar(v) ? String(v.value) : undefined;
      const vat = v?.range?.[0] ?? at;
      const intOf = (): number => {
        if (raw === undefined || !/^\d+$/.test(raw)) fail(`'${key}' must be a whole number, not '${raw ?? 'a collection'}'`, vat, 'restore the file from git');
        return Number(raw);
      };
      switch (key) {
        case 'path':
          if (!raw) fail('`path` must be a non-empty string', vat, 'name the tracked file or directory');
          out.path = raw;
          break;
        case 'md5':
          // DVC lower-cases checksums when it reads them; so does Ponte.
          if (raw === undefined || !/^[0-9a-f]{32}(\.dir)?$/i.test(raw)) fail(`'md5' is not an md5 hash: '${raw ?? ''}'`, vat, 'restore the file from git, or add the data again');
          out.md5 = (raw as string).toLowerCase();
          break;
        case 'size':
          out.size = intOf();
          break;
        case 'nfiles':
          out.nfiles = intOf();
          break;
        case 'isexec':
          if (raw !== 'true' && raw !== 'false') fail(`'isexec' must be true or false, not '${raw ?? 'a collection'}'`, vat, 'restore the file from git');
          out.isexec = raw === 'true';
          break;
        case 'hash':
          if (raw !== 'md5') fail(`unsupported hash '${raw}'`, vat, "DVC 3 writes 'hash: md5'");
          out.hash = raw;
          break;
        default:
          extra[key] = v && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as unknown as { toJSON(): unknown }).toJSON() : raw;
          if (at !== undefined) extraSource.push(`  ${text.slice(at, v?.range?.[1] ?? at + key.length + 1).trimEnd()}\n`);
      }
    }
    if (!out.path) fail('an output has no `path`', item?.range?.[0], 'every entry of `outs` names a path');
    outs.push({ ...(out as DvcOut), ...(Object.keys(extra).length ? { extra, extraSource } : {}) });
  }
  return { file, outs, ...(wdir === undefined ? {} : { wdir }) };
}

export function readDvcFile(file: string): DvcFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
  return parseDvcFile(text, file);
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\u2028': 'L', '\u2029': 'P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const c of s) {
    if (c !== '"' && c !== '\\' && !isSpecial(c) && !'\n\x85\u2028\u2029'.includes(c)) out += c;
    else if (DOUBLE_QUOTE_ESCAPES[c] !== undefined) out += `\\${DOUBLE_QUOTE_ESCAPES[c]}`;
    else {
      const n = c.codePointAt(0)!;
      out += n <= 0xff ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : n <= 0xffff ? `\\u${n.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${n.toString(16).toUpperCase().padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** ruamel's emitter folds a plain or single-quoted scalar at a single space once past column 80. */
const BEST_WIDTH = 80;

function fold(text: string, column: number, indent: string): string {
  const words = text.split(' ');
  let out = '';
  let col = column;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i > 0) {
      // A lone space (a word on each side) may become a line break; runs of spaces never do.
      const lone = w !== '' && words[i - 1] !== '';
      if (lone && col > BEST_WIDTH) {
        out += `\n${indent}`;
        col = indent.length;
      } else {
        out += ' ';
        col += 1;
      }
    }
    out += w;
    col += Array.from(w).length;
  }
  return out;
}

/**
 * A `.dvc` mapping value (after `key: ` at `column`) the way ruamel.yaml, DVC's writer, emits it:
 * plain when YAML 1.2 reads it back as the same string, else single-quoted, or double-quoted
 * when it holds a `'` or a character that needs an escape; long values folded past column 80.
 */
export function yamlScalar(s: string, column = 8, indent = '    '): string {
  const style = ruamelStyle(s);
  if (style === 'plain') return fold(s, column, indent);
  if (style === 'double') return doubleQuoted(s);
  return `'${fold(s, column + 1, indent)}'`;
}

/** A hash YAML 1.2 would read as a number (digits only, or digits and an exponent) is quoted. */
export function yamlHash(md5: string): string {
  return YAML12_NOT_STR.some((re) => re.test(md5)) ? `'${md5}'` : md5;
}

/** The `.dvc` text DVC 3 writes for these outputs. */
export function serializeDvcFile(outs: DvcOut[]): string {
  let s = 'outs:\n';
  for (const o of outs) {
    const lines: string[] = [];
    if (o.md5 !== undefined) lines.push(`md5: ${yamlHash(o.md5)}`);
    if (o.size !== undefined) lines.push(`size: ${o.size}`);
    if (o.nfiles !== undefined) lines.push(`nfiles: ${o.nfiles}`);
    if (o.isexec) lines.push('isexec: true');
    if (o.hash !== undefined) lines.push(`hash: ${o.hash}`);
    lines.push(`path: ${yamlScalar(o.path)}`);
    s += lines.map((l, i) => `${i === 0 ? '- ' : '  '}${l}\n`).join('');
    // DVC keeps desc, remote, push, meta... after path when it rewrites an entry; so does Ponte.
    for (const block of o.extraSource ?? []) s += block;
  }
  return s;
}
