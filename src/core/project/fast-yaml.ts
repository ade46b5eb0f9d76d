// A fast reader for the plain YAML that pipeline files are written in: block mappings and
// lists, one-line scalars and flow collections, block scalars. Anything else (anchors, tags,
// multi-line plain scalars, errors...) answers `undefined` and the `yaml` package reads the file.
// Why: `yaml` takes 30–70 ms on a 5,000-line file on this machine; validation must take < 50 ms.
import type { LEntry, LMap, LNode, LScalar, LSeq, Scalar } from './yaml-source';

class Unsupported extends Error {}

interface Line {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the last character (before `\r\n` or `\n`). */
  end: number;
  /** Column of the first non-space character; -1 for blank and comment-only lines. */
  indent: number;
}

/** `maxDepth`: deeper files are left to the full parser, which reports them. */
export function parseFastYaml(text: string, maxDepth = 100): { root: LNode | undefined } | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new Reader(text, maxDepth).read();
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return undefined;
    throw e;
  }
}

const unsupported = (): never => {
  throw new Unsupported();
};

class Reader {
  private lines: Line[] = [];
  private i = 0;
  /** Collections open around the cursor. */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    let start = 0;
    const n = text.length;
    while (start <= n) {
      let nl = text.indexOf('\n', start);
      if (nl === -1) nl = n;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let j = start;
      while (j < end && text.charCodeAt(j) === 32) j++;
      const c = text.charCodeAt(j);
      // A tab in the indentation is an error for YAML (or a subtle case): the full parser decides.
      if (c === 9 && j < end) unsupported();
      const blank = j >= end || c === 35 /* # */ || text.slice(j, end).trim() === '';
      this.lines.push({ start, end, indent: blank ? -1 : j - start });
      if (nl === n) break;
      start = nl + 1;
    }
  }

  read(): { root: LNode | undefined } {
    this.skipBlank();
    if (this.i < this.lines.length) {
      const l = this.lines[this.i];
      const first = this.text.slice(l.start + l.indent, l.end);
      if (first.startsWith('%') || first.startsWith('...')) unsupported();
      if (first.startsWith('---')) {
        if (first.trim() !== '---' && !/^---\s+#/.test(first)) unsupported();
        this.i++;
        this.skipBlank();
      }
    }
    if (this.i >= this.lines.length) return { root: undefined };
    const l = this.lines[this.i];
    if (l.indent !== 0) unsupported();
    const root = this.block(0, l.start);
    this.skipBlank();
    if (this.i < this.lines.length) unsupported();
    return { root };
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i].indent === -1) this.i++;
  }

  /** A block node whose first line is the current one, starting at offset `at` (column `col`). */
  private block(col: number, at: number): LNode {
    const l = this.lines[this.i];
    const rest = this.text.slice(at, l.end);
    if (rest === '-' || rest.startsWith('- ') || rest.startsWith('-\t')) return this.seq(col, at);
    if (this.keyAt(at, l.end)) return this.map(col, at);
    unsupported();
    throw new Unsupported();
  }

  /** The start of the next line's content when it sits at column `col`; -1 when the block ends there. */
  private nextAt(col: number): number {
    this.skipBlank();
    if (this.i >= this.lines.length) return -1;
    const l = this.lines[this.i];
    if (l.indent < col) return -1;
    if (l.indent > col) unsupported();
    return l.start + l.indent;
  }

  /** `- ` or a lone `-` at `at`: a list item. */
  private isDash(at: number): boolean {
    const end = this.lines[this.i].end;
    return this.text[at] === '-' && (at + 1 === end || this.text[at + 1] === ' ');
  }

  /** The offset of the `:` ending a key that starts at `at`, or -1. */
  private keyAt(at: number, end: number): number {
    const t = this.text;
    const c = t[at];
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(at, end);
      let j = close;
      while (j < end && t[j] === ' ') j++;
      return t[j] === ':' && (j + 1 === end || t[j + 1] === ' ') ? j : -1;
    }
    if (!c || '-?:,[]{}#&*!|>%@`'.includes(c)) {
      if (!((c === '-' || c === '?' || c === ':') && at + 1 < end && t[at + 1] !== ' ')) return -1;
      if (c === '?') unsupported();
    }
    for (let j = at; j < end; j++) {
      const ch = t.charCodeAt(j);
      if (ch === 58 /* : */ && (j + 1 === end || t.charCodeAt(j + 1) === 32)) return j;
      if (ch === 35 /* # */ && t.charCodeAt(j - 1) === 32) return -1;
    }
    return -1;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) unsupported();
  }

  private map(col: number, at: number): LMap {
    this.enter();
    const entries: LEntry[] = [];
    const seen = new Set<string>();
    let first = true;
    let start = at;
    let end = at;
    for (;;) {
      const keyStart = first ? at : this.nextAt(col);
      // A list at the map's own indentation ends the map (it belongs to the parent key).
      if (keyStart === -1 || this.isDash(keyStart)) break;
      first = false;
      const l = this.lines[this.i];
      const colon = this.keyAt(keyStart, l.end);
      if (colon === -1) unsupported();
      let keyEnd = colon;
      while (keyEnd > keyStart && (this.text[keyEnd - 1] === ' ' || this.text[keyEnd - 1] === '\t')) keyEnd--;
      const key = this.keyText(keyStart, keyEnd);
      if (seen.has(key) || key === '<<') unsupported();
      seen.add(key);
      const value = this.value(col, colon + 1, l.end, true);
      entries.push({ key, keyStart, keyEnd, value });
      end = Math.max(end, value.end);
      if (entries.length === 1) start = keyStart;
    }
    this.depth--;
    return { kind: 'map', entries, start, end };
  }

  private seq(col: number, at: number): LSeq {
    this.enter();
    const items: LNode[] = [];
    let first = true;
    let end = at;
    for (;;) {
      const dash = first ? at : this.nextAt(col);
      if (dash === -1 || !this.isDash(dash)) break;
      first = false;
      const l = this.lines[this.i];
      let j = dash + 1;
      while (j < l.end && this.text[j] === ' ') j++;
      let item: LNode;
      const c = this.text[j];
      if (j < l.end && c !== '#' && (c !== '-' || !(j + 1 === l.end || this.text[j + 1] === ' ')) && this.keyAt(j, l.end) !== -1) {
        // `- key: value` opens a mapping whose keys line up with `key`.
        item = this.map(j - l.start, j);
      } else {
        if (c === '-' && (j + 1 === l.end || this.text[j + 1] === ' ')) unsupported();
        item = this.value(col, dash + 1, l.end, false);
      }
      items.push(item);
      end = Math.max(end, item.end);
    }
    this.depth--;
    return { kind: 'seq', items, start: at, end };
  }

  /**
   * The value after `key:` or `- ` on the current line (from `from`), which may continue on the
   * following lines. Leaves the cursor on the next unread line.
   */
  private value(parentCol: number, from: number, lineEnd: number, inMap: boolean): LNode {
    const t = this.text;
    let j = from;
    while (j < lineEnd && t[j] === ' ') j++;
    if (j < lineEnd && t[j] === '\t') unsupported();
    if (j >= lineEnd || t[j] === '#') {
      // Nothing on this line: a nested block below, or null.
      this.i++;
      this.skipBlank();
      if (this.i < this.lines.length) {
        const next = this.lines[this.i];
        const at = next.start + next.indent;
        if (next.indent > parentCol) return this.block(next.indent, at);
        if (inMap && next.indent === parentCol && t[at] === '-' && (at + 1 === next.end || t[at + 1] === ' ')) return this.seq(next.indent, at);
      }
      return { kind: 'scalar', value: null, start: from, end: from, style: 'empty' };
    }
    const c = t[j];
    if (c === '&' || c === '*' || c === '!' || c === '%' || c === '@' || c === '`' || c === '?' || c === ',' || c === ']' || c === '}') unsupported();
    if (c === ':' && (j + 1 === lineEnd || t[j + 1] === ' ' || t[j + 1] === '\t')) unsupported();
    if (c === '|' || c === '>') return this.blockScalar(parentCol, j, lineEnd);
    let node: LNode;
    let after: number;
    if (c === '{' || c === '[') {
      const f = new FlowReader(t, j, lineEnd, this.maxDepth - this.depth);
      node = f.node();
      after = f.pos;
    } else if (c === '"' || c === "'") {
      after = this.quotedEnd(j, lineEnd);
      node = { kind: 'scalar', value: this.quotedValue(j, after), start: j, end: after, style: 'quoted' };
    } else {
      let e = j;
      while (e < lineEnd) {
        const ch = t.charCodeAt(e);
        if (ch === 35 /* # */ && (t.charCodeAt(e - 1) === 32 || t.charCodeAt(e - 1) === 9)) break;
        if (ch === 58 /* : */ && (e + 1 === lineEnd || t.charCodeAt(e + 1) === 32)) unsupported();
        e++;
      }
      while (e > j && (t[e - 1] === ' ' || t[e - 1] === '\t')) e--;
      const raw = t.slice(j, e);
      if (c === '-' && (raw === '-' || raw.startsWith('- '))) unsupported();
      node = { kind: 'scalar', value: resolvePlain(raw), start: j, end: e, style: 'plain' };
      after = e;
    }
    while (after < lineEnd && (t[after] === ' ' || t[after] === '\t')) after++;
    if (after < lineEnd && t[after] !== '#') unsupported();
    if (after < lineEnd && t[after] === '#' && after > 0 && t[after - 1] !== ' ' && t[after - 1] !== '\t') unsupported();
    this.i++;
    // A more-indented line after a scalar would continue it (a multi-line scalar): not ours.
    this.skipBlank();
    if (this.i < this.lines.length && this.lines[this.i].indent > parentCol) unsupported();
    return node;
  }

  private blockScalar(parentCol: number, at: number, lineEnd: number): LScalar {
    const t = this.text;
    const header = t.slice(at, lineEnd).replace(/\s+#.*$/, '').trimEnd();
    const m = /^([|>])([+-]?)$/.exec(header);
    if (!m) unsupported();
    const literal = m![1] === '|';
    const chomp = m![2];
    this.i++;
    const body: { text: string; blank: boolean; indent: number }[] = [];
    let contentIndent = -1;
    let end = lineEnd;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      const raw = t.slice(l.start, l.end);
      const spaces = raw.length - raw.replace(/^ +/, '').length;
      const isBlank = raw.trim() === '';
      if (!isBlank) {
        if (raw[spaces] === '\t' && spaces <= parentCol) unsupported();
        if (spaces <= parentCol) break;
        if (contentIndent === -1) contentIndent = spaces;
        if (spaces < contentIndent) unsupported();
      } else if (contentIndent !== -1 && spaces > contentIndent) {
        unsupported();
      } else if (contentIndent === -1 && spaces > parentCol + 1 && raw.length > 0) {
        unsupported();
      }
      body.push({ text: isBlank ? '' : raw.slice(contentIndent), blank: isBlank, indent: spaces });
      if (!isBlank) end = l.end;
      this.i++;
    }
    // Trailing blank lines belong to the chomping, not to the node's range.
    let trailing = 0;
    while (body.length && body[body.length - 1].blank) {
      body.pop();
      trailing++;
    }
    if (body.length === 0) return { kind: 'scalar', value: '', start: at, end: lineEnd, style: 'block' };
    let value: string;
    if (literal) value = body.map((b) => b.text).join('\n');
    else {
      if (body.some((b) => !b.blank && (b.indent > contentIndent || b.text.startsWith('\t')))) unsupported();
      // Folding: a line break between two text lines becomes a space; each empty line, a break.
      value = '';
      let breaks = 0;
      let started = false;
      for (const b of body) {
        if (b.blank) {
          breaks++;
          continue;
        }
        value += started ? (breaks ? '\n'.repeat(breaks) : ' ') + b.text : '\n'.repeat(breaks) + b.text;
        started = true;
        breaks = 0;
      }
    }
    if (chomp === '-') return { kind: 'scalar', value, start: at, end, style: 'block' };
    if (chomp === '+') return { kind: 'scalar', value: value + '\n'.repeat(1 + trailing), start: at, end, style: 'block' };
    return { kind: 'scalar', value: `${value}\n`, start: at, end, style: 'block' };
  }

  private keyText(start: number, end: number): string {
    const c = this.text[start];
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(start, end);
      if (close !== end) unsupported();
      return this.quotedValue(start, close);
    }
    const raw = this.text.slice(start, end);
    const v = resolvePlain(raw);
    if (typeof v !== 'string') {
      // `1.0: x` would become the key "1" for the full parser; keep such files on its path.
      if (v === null || String(v) !== raw) unsupported();
      return String(v);
    }
    return v;
  }

  quotedEnd(at: number, end: number): number {
    return quotedEnd(this.text, at, end);
  }

  quotedValue(at: number, close: number): string {
    return quotedValue(this.text, at, close);
  }
}

function quotedEnd(t: string, at: number, end: number): number {
  const q = t[at];
  for (let j = at + 1; j < end; j++) {
    if (q === '"' && t[j] === '\\') {
      j++;
      continue;
    }
    if (t[j] === q) {
      if (q === "'" && t[j + 1] === "'") {
        j++;
        continue;
      }
      return j + 1;
    }
  }
  return unsupported();
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function quotedValue(t: string, at: number, close: number): string {
  const inner = t.slice(at + 1, close - 1);
  if (t[at] === "'") return inner.replace(/''/g, "'");
  if (inner.indexOf('\\') === -1) return inner;
  let out = '';
  for (let j = 0; j < inner.length; j++) {
    const ch = inner[j];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = inner[++j];
    if (e in ESCAPES) out += ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = inner.slice(j + 1, j + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) unsupported();
      out += String.fromCodePoint(parseInt(hex, 16));
      j += len;
    } else unsupported();
  }
  return out;
}

/** YAML 1.2 core schema, as the `yaml` package resolves plain scalars. */
export function resolvePlain(s: string): Scalar {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  const c = s.charCodeAt(0);
  // Fast path: most scalars start with a letter other than those of true/false/null.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
    if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
    return s;
  }
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.endsWith('n') || s.endsWith('N') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** One-line flow collections: `{a: 1, b: [x, "y"]}`. */
class FlowReader {
  pos: number;
  constructor(
    private readonly t: string,
    start: number,
    private readonly end: number,
    /** Levels of nesting left before the file is too deep for this reader. */
    private levels: number,
  ) {
    this.pos = start;
  }

  node(): LNode {
    this.ws();
    const c = this.t[this.pos];
    if (c === '{') return this.map();
    if (c === '[') return this.seq();
    if (c === '"' || c === "'") {
      const start = this.pos;
      const close = quotedEnd(this.t, start, this.end);
      this.pos = close;
      return { kind: 'scalar', value: quotedValue(this.t, start, close), start, end: close, style: 'quoted' };
    }
    return this.plain(false);
  }

  private ws(): void {
    while (this.pos < this.end && (this.t[this.pos] === ' ' || this.t[this.pos] === '\t')) this.pos++;
    if (this.t[this.pos] === '#') unsupported();
  }

  private plain(isKey: boolean): LScalar {
    const t = this.t;
    const start = this.pos;
    const c = t[start];
    if (c === undefined || '-?:,[]{}#&*!|>%@`'.includes(c)) {
      if (!((c === '-' || c === ':') && start + 1 < this.end && !' ,[]{}'.includes(t[start + 1]))) unsupported();
    }
    let e = start;
    while (e < this.end) {
      const ch = t[e];
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break;
      if (ch === ':' && (e + 1 === this.end || ' ,[]{}'.includes(t[e + 1]))) {
        if (!isKey) unsupported();
        break;
      }
      if (ch === '#' && (t[e - 1] === ' ' || t[e - 1] === '\t')) unsupported();
      e++;
    }
    let vEnd = e;
    while (vEnd > start && (t[vEnd - 1] === ' ' || t[vEnd - 1] === '\t')) vEnd--;
    this.pos = e;
    const raw = t.slice(start, vEnd);
    return { kind: 'scalar', value: resolvePlain(raw), start, end: vEnd, style: 'plain' };
  }

  private seq(): LSeq {
    if (--this.levels < 0) unsupported();
    const start = this.pos++;
    const items: LNode[] = [];
    for (;;) {
      this.ws();
      if (this.pos >= this.end) unsupported();
      if (this.t[this.pos] === ']') {
        this.pos++;
        this.levels++;
        return { kind: 'seq', items, start, end: this.pos };
      }
      const item = this.node();
      this.ws();
      if (this.t[this.pos] === ':') unsupported();
      items.push(item);
      this.ws();
      if (this.t[this.pos] === ',') this.pos++;
      else if (this.t[this.pos] !== ']') unsupported();
    }
  }

  private map(): LMap {
    if (--this.levels < 0) unsupported();
    const start = this.pos++;
    const entries: LEntry[] = [];
    const seen = new Set<string>();
    for (;;) {
      this.ws();
      if (this.pos >= this.end) unsupported();
      if (this.t[this.pos] === '}') {
        this.pos++;
        this.levels++;
        return { kind: 'map', entries, start, end: this.pos };
      }
      let key: string;
      const keyStart = this.pos;
      const c = this.t[this.pos];
      if (c === '"' || c === "'") {
        const close = quotedEnd(this.t, keyStart, this.end);
        key = quotedValue(this.t, keyStart, close);
        this.pos = close;
      } else {
        const k = this.plain(true);
        if (typeof k.value !== 'string') {
          if (k.value === null || String(k.value) !== this.t.slice(k.start, k.end)) unsupported();
        }
        key = String(k.value);
      }
      const keyEnd = c === '"' || c === "'" ? this.pos : trimEnd(this.t, keyStart, this.pos);
      this.ws();
      if (this.t[this.pos] !== ':') unsupported();
      this.pos++;
      if (seen.has(key) || key === '<<') unsupported();
      seen.add(key);
      this.ws();
      let value: LNode;
      if (this.t[this.pos] === ',' || this.t[this.pos] === '}') value = { kind: 'scalar', value: null, start: this.pos, end: this.pos, style: 'empty' };
      else value = this.node();
      entries.push({ key, keyStart, keyEnd, value });
      this.ws();
      if (this.t[this.pos] === ',') this.pos++;
      else if (this.t[this.pos] !== '}') unsupported();
    }
  }
}

function trimEnd(t: string, start: number, end: number): number {
  while (end > start && (t[end - 1] === ' ' || t[end - 1] === '\t')) end--;
  return end;
}
