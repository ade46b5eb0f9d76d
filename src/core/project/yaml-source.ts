// Parses a pipeline file into a small located tree (maps, sequences, scalars, each with its
// source offsets) that the checks, the DVC expansion, hovers and completions all walk.
// The `yaml` package does the parsing; aliases are resolved here under a node budget.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, Range, Severity } from './types';
import { parseFastYaml } from './fast-yaml';

export type Scalar = string | number | boolean | null;

interface Located {
  /** Source offsets of the value (0-based, end exclusive). */
  start: number;
  end: number;
}

export interface LScalar extends Located {
  kind: 'scalar';
  value: Scalar;
  /** `plain` scalars map 1:1 to the source; quoted and block ones do not. */
  style: 'plain' | 'quoted' | 'block' | 'empty';
}

export interface LEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: LNode;
}

export interface LMap extends Located {
  kind: 'map';
  entries: LEntry[];
}

export interface LSeq extends Located {
  kind: 'seq';
  items: LNode[];
}

export type LNode = LScalar | LMap | LSeq;

/** One parsed file: its text, where lines start, the located root, and the YAML problems. */
export interface SourceFile {
  file: string;
  text: string;
  root: LNode | undefined;
  diagnostics: Diagnostic[];
  /** 0-based line of a source offset. */
  lineOf(offset: number): number;
  rangeOf(start: number, end: number): Range;
}

// A file whose aliases expand past this many nodes is refused (a "billion laughs" file).
const NODE_BUDGET = 500_000;

export function parseYamlSource(text: string, file: string, options: { fast?: boolean } = {}): SourceFile {
  const lineStarts = computeLineStarts(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const pos = (offset: number) => {
    const o = Math.max(0, Math.min(offset, text.length));
    const line = lineOf(o);
    return { line, character: o - lineStarts[line] };
  };
  const rangeOf = (start: number, end: number): Range => ({ start: pos(start), end: pos(Math.max(start, end)) });
  const src: SourceFile = { file, text, root: undefined, diagnostics: [], lineOf, rangeOf };

  const fast = options.fast === false ? undefined : parseFastYaml(text);
  if (fast) {
    src.root = fast.root;
    return src;
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true, merge: true });
  } catch (e) {
    src.diagnostics.push(diagnosticAt(src, 0, 0, 'error', 'yaml.syntax', `cannot parse YAML: ${(e as Error).message}`));
    return src;
  }
  for (const err of doc.errors) {
    const code = err.code === 'DUPLICATE_KEY' ? 'yaml.duplicate_key' : 'yaml.syntax';
    let message = firstLine(err.message);
    const [start, end] = relocate(text, lineStarts, lineOf, message, err.pos[0], err.pos[1]);
    const line = text.slice(lineStarts[lineOf(start)], text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start));
    if (/[[{][^\]}]*\$\{/.test(line)) {
      // DVC's `${...}` inside a flow list or mapping: its braces read as YAML syntax.
      message += '; inside [ ] or { }, quote a value that holds ${...}, as in ["model-${item}.pkl"]';
    }
    src.diagnostics.push(diagnosticAt(src, start, end, 'error', code, message));
  }
  for (const w of doc.warnings) {
    const code = w.code === 'TAG_RESOLVE_FAILED' ? 'yaml.unknown_tag' : 'yaml.warning';
    src.diagnostics.push(diagnosticAt(src, w.pos[0], w.pos[1], 'warning', code, firstLine(w.message)));
  }
  const budget = { left: NODE_BUDGET, exhausted: false };
  try {
    src.root = doc.contents ? convert(doc.contents, doc, budget, 0) : undefined;
  } catch (e) {
    src.diagnostics.push(diagnosticAt(src, 0, 0, 'error', 'yaml.syntax', `cannot read YAML: ${(e as Error).message}`));
    src.root = undefined;
  }
  if (budget.exhausted) {
    src.diagnostics.push(
      diagnosticAt(src, 0, 0, 'error', 'yaml.too_complex', `aliases expand to more than ${NODE_BUDGET} nodes; the file is refused`),
    );
    src.root = undefined;
  }
  return src;
}

export function diagnosticAt(
  src: Pick<SourceFile, 'file' | 'rangeOf'>,
  start: number,
  end: number,
  severity: Severity,
  code: string,
  message: string,
  suggestions?: string[],
): Diagnostic {
  const d: Diagnostic = { file: src.file, range: src.rangeOf(start, end), severity, code, message };
  if (suggestions && suggestions.length) d.suggestions = suggestions;
  return d;
}

/** The entry of a map with that key, if any. */
export function entryOf(node: LNode | undefined, key: string): LEntry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (const e of node.entries) if (e.key === key) return e;
  return undefined;
}

export function valueOf(node: LNode | undefined, key: string): LNode | undefined {
  return entryOf(node, key)?.value;
}

/** The plain JavaScript value of a located node. */
export function toPlain(node: LNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const e of node.entries) o[e.key] = toPlain(e.value);
      return o;
    }
  }
}

export function describeKind(node: LNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'nothing (null)';
  if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `the ${typeof v} ${String(v)}`;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/**
 * The parser notices some mistakes only where they end (an unclosed quote at the end of the
 * file); move those to where the mistake starts, which is where the user must fix it.
 */
function relocate(text: string, lineStarts: number[], lineOf: (o: number) => number, message: string, start: number, end: number): [number, number] {
  const lineText = (l: number) => text.slice(lineStarts[l], (lineStarts[l + 1] ?? text.length + 1) - 1);
  const indentOf = (s: string) => s.length - s.trimStart().length;
  const line = lineOf(start);
  const opener = /^Missing closing (["'])quote/.exec(message)?.[1] ?? /^Flow (sequence|map) in block collection/.exec(message)?.[1];
  if (opener) {
    const ch = opener === 'sequence' ? '[' : opener === 'map' ? '{' : opener;
    for (let l = line; l >= 0 && l > line - 200; l--) {
      const s = lineText(l);
      const at = l === line ? s.lastIndexOf(ch, start - lineStarts[l]) : s.lastIndexOf(ch);
      if (at >= 0) return [lineStarts[l] + at, lineStarts[l] + s.trimEnd().length];
    }
    return [start, end];
  }
  if (/^(Nested mappings are not allowed|Implicit keys need to be on a single line)/.test(message)) {
    // `cmd: x` followed by a key indented too deep reads as a multi-line value: point at that key.
    for (let l = line + 1; l < lineStarts.length && l < line + 50; l++) {
      const s = lineText(l);
      if (s.trim() === '' || s.trimStart().startsWith('#')) continue;
      if (indentOf(s) > indentOf(lineText(line)) && /^\s*[^\s#][^:#]*:(\s|$)/.test(s)) {
        return [lineStarts[l] + indentOf(s), lineStarts[l] + s.trimEnd().length];
      }
      break;
    }
  }
  return [start, end];
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.replace(/\s+at line \d+, column \d+:?$/, '');
}

function rangeOfNode(node: Node | null | undefined): [number, number] | undefined {
  const r = node?.range;
  return r ? [r[0], r[1]] : undefined;
}

function convert(node: Node, doc: Document.Parsed, budget: { left: number; exhausted: boolean }, depth: number): LNode {
  if (--budget.left < 0 || depth > 200) {
    budget.exhausted = true;
    return { kind: 'scalar', value: null, start: 0, end: 0, style: 'empty' };
  }
  const [start, end] = rangeOfNode(node) ?? [0, 0];
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) return { kind: 'scalar', value: null, start, end, style: 'empty' };
    const copy = convert(target, doc, budget, depth + 1);
    return { ...copy, start, end };
  }
  if (isScalar(node)) {
    let value = node.value;
    if (typeof value === 'bigint') value = Number(value);
    if (value !== null && typeof value === 'object') value = String(node); // a tag's object (a date): the scalar's text
    if (value === undefined) value = null;
    const style =
      node.type === 'PLAIN'
        ? start === end
          ? 'empty'
          : 'plain'
        : node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL'
          ? 'block'
          : 'quoted';
    return { kind: 'scalar', value: value as Scalar, start, end, style };
  }
  if (isSeq(node)) {
    const items: LNode[] = [];
    for (const item of node.items) items.push(item ? convert(item as Node, doc, budget, depth + 1) : emptyAt(end));
    return { kind: 'seq', items, start, end };
  }
  if (isMap(node)) {
    const entries: LEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      const kr = rangeOfNode(k) ?? [start, start];
      if (k && isScalar(k) && k.value === '<<' && pair.value) {
        // YAML merge key: the entries of the merged map(s) come first, own keys override.
        const merged = convert(pair.value as Node, doc, budget, depth + 1);
        const sources = merged.kind === 'seq' ? merged.items : [merged];
        for (const m of sources) if (m.kind === 'map') for (const e of m.entries) if (!entries.some((x) => x.key === e.key)) entries.push(e);
        continue;
      }
      const key = k ? keyText(k, doc, budget, depth) : '';
      const v = pair.value as Node | null;
      const value = v ? convert(v, doc, budget, depth + 1) : emptyAt(kr[1]);
      const existing = entries.findIndex((x) => x.key === key);
      const entry = { key, keyStart: kr[0], keyEnd: kr[1], value };
      if (existing >= 0) entries[existing] = entry;
      else entries.push(entry);
    }
    return { kind: 'map', entries, start, end };
  }
  return { kind: 'scalar', value: null, start, end, style: 'empty' };
}

function keyText(k: Node, doc: Document.Parsed, budget: { left: number; exhausted: boolean }, depth: number): string {
  if (isScalar(k)) return k.value === null || k.value === undefined ? '' : String(k);
  const plain = toPlain(convert(k, doc, budget, depth + 1));
  return JSON.stringify(plain) ?? '';
}

function emptyAt(offset: number): LScalar {
  return { kind: 'scalar', value: null, start: offset, end: offset, style: 'empty' };
}
