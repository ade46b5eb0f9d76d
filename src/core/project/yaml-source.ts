// Parses a pipeline file into a small located tree (maps, sequences, scalars, each with its
// source offsets) that the checks, the DVC expansion, hovers and completions all walk.
// The `yaml` package does the parsing; yaml-convert resolves aliases under a node budget.
import { Composer, Lexer, Parser, YAMLParseError, type Document } from 'yaml';
import type { Diagnostic, Range, Severity } from './types';
import { parseFastYaml } from './fast-yaml';
import { convertDocument } from './yaml-convert';
import { countWork } from './work-meter';
import { clip, thousands } from './message-text';

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

// Limits that keep every file's cost linear in its size, each refused with its own diagnostic:
// aliases expanding past NODE_BUDGET nodes ("billion laughs"), nesting deeper than MAX_DEPTH
// (recursive walkers downstream), and text past MAX_TEXT (the CLI refuses such files on disk too).
export const NODE_BUDGET = 500_000;
export const MAX_DEPTH = 100;
export const MAX_TEXT = 8 * 1024 * 1024;
// Completion and hovers run on the editor's own thread at each keystroke: past this size (a
// pipeline file is a few KB) they answer nothing rather than parse for hundreds of milliseconds.
export const MAX_EDITOR_TEXT = 512 * 1024;

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
  countWork(lineStarts.length);

  if (text.length > MAX_TEXT) {
    const size = `${thousands(text.length)} characters`;
    src.diagnostics.push(diagnosticAt(src, 0, 0, 'error', 'yaml.too_large', `the file holds ${size}; pipeline files over ${thousands(MAX_TEXT)} characters are not checked`));
    return src;
  }
  const fast = options.fast === false ? undefined : parseFastYaml(text, MAX_DEPTH);
  if (fast) {
    src.root = fast.root;
    return src;
  }
  const composed = composeBounded(text, MAX_DEPTH);
  if ('tooDeepAt' in composed) {
    const at = composed.tooDeepAt;
    src.diagnostics.push(diagnosticAt(src, at, at + 1, 'error', 'yaml.too_deep', `the file nests deeper than ${MAX_DEPTH} levels here; flatten it`));
    return src;
  }
  if ('failure' in composed) {
    src.diagnostics.push(diagnosticAt(src, 0, 0, 'error', 'yaml.syntax', `cannot parse YAML: ${composed.failure}`));
    return src;
  }
  const doc = composed.doc;
  // Per line, so that many errors on one long line scan it once.
  const flowHint = new Map<number, boolean>();
  const needsFlowHint = (line: number) => {
    let v = flowHint.get(line);
    if (v === undefined) flowHint.set(line, (v = holdsInterpolationInFlow(text, lineStarts[line], (lineStarts[line + 1] ?? text.length + 1) - 1)));
    return v;
  };
  for (const err of doc.errors) {
    const code = err.code === 'DUPLICATE_KEY' ? 'yaml.duplicate_key' : 'yaml.syntax';
    let message = firstLine(err.message);
    const [start, end] = relocate(text, lineStarts, lineOf, message, err.pos[0], err.pos[1]);
    if (needsFlowHint(lineOf(start))) {
      // DVC's `${...}` inside a flow list or mapping: its braces read as YAML syntax.
      message += '; inside [ ] or { }, quote a value that holds ${...}, as in ["model-${item}.pkl"]';
    }
    src.diagnostics.push(diagnosticAt(src, start, end, 'error', code, message));
  }
  for (const w of doc.warnings) {
    const code = w.code === 'TAG_RESOLVE_FAILED' ? 'yaml.unknown_tag' : 'yaml.warning';
    src.diagnostics.push(diagnosticAt(src, w.pos[0], w.pos[1], 'warning', code, firstLine(w.message)));
  }
  let converted;
  try {
    converted = convertDocument(doc, { nodes: NODE_BUDGET, depth: MAX_DEPTH });
  } catch (e) {
    src.diagnostics.push(diagnosticAt(src, 0, 0, 'error', 'yaml.syntax', `cannot read YAML: ${(e as Error).message}`));
    return src;
  }
  for (const d of converted.duplicates) {
    src.diagnostics.push(diagnosticAt(src, d.start, d.end, 'error', 'yaml.duplicate_key', `Map keys must be unique: "${clip(d.key)}" is given twice`));
  }
  if (converted.stop) {
    const s = converted.stop;
    src.diagnostics.push(diagnosticAt(src, s.start, s.end, 'error', s.code, s.message));
    return src;
  }
  src.root = converted.root;
  return src;
}

type Composed = { doc: Document.Parsed } | { tooDeepAt: number } | { failure: string };

/**
 * `yaml`'s own parseDocument, with the nesting checked on the parser's stack token by token, so
 * a 100,000-deep file stops at level MAX_DEPTH instead of recursing in the composer. Duplicate
 * keys are found by convertDocument: `uniqueKeys` compares each key with all the others.
 */
function composeBounded(text: string, maxDepth: number): Composed {
  const lexer = new Lexer();
  const parser = new Parser();
  // The parser's stack holds the document and its open collections: two above the nesting.
  const limit = maxDepth + 2;
  class TooDeep extends Error {}
  function* tokens() {
    for (const lexeme of lexer.lex(text, false)) {
      yield* parser.next(lexeme);
      if (parser.stack.length > limit) throw new TooDeep();
    }
    yield* parser.end();
  }
  try {
    const composer = new Composer({ uniqueKeys: false, merge: true });
    let doc: Document.Parsed | undefined;
    for (const next of composer.compose(tokens(), true, text.length)) {
      if (!doc) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; a pipeline file holds one'));
        break;
      }
    }
    return doc ? { doc } : { failure: 'no document' };
  } catch (e) {
    if (e instanceof TooDeep) return { tooDeepAt: Math.max(0, Math.min(parser.offset, text.length) - 1) };
    return { failure: (e as Error).message };
  }
}

/** Whether a line holds `${` after a `[` or `{` not closed before it (one scan; a regex was quadratic). */
function holdsInterpolationInFlow(text: string, start: number, end: number): boolean {
  let open = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 123 /* { */) open = true;
    else if (c === 93 /* ] */ || c === 125 /* } */) open = false;
    else if (open && c === 36 /* $ */ && text.charCodeAt(i + 1) === 123) return true;
  }
  return false;
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
