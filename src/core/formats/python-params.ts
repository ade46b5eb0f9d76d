// Params files written in Python (params.py), read as DVC reads them: never run, but parsed for
// top-level `NAME = literal` (and `NAME: type = literal`), `class C:` bodies as nested mappings
// (`C.attr`), and `self.attr = literal` inside `__init__`. A value is whatever Python's
// ast.literal_eval accepts; a statement DVC cannot read (`x = a + 1`, imports, `if` blocks) is
// skipped as DVC skips it, and remembered so a stage that names it hears why it is missing.
// Values DVC reads but cannot write to dvc.lock the same way every time (complex numbers, bytes,
// `...`, sets, non-string dict keys, integers past 2**53) are set aside, and refused only when a
// stage depends on them.

import { PyFloat, type PyValue } from './py-values';

export interface PyOmission {
  /** Dotted key, as a stage would name it: `Train.opt`. */
  key: string;
  line: number;
  reason: string;
  /** True when DVC reads the value (Ponte cannot hold it); false when DVC skips it too. */
  dvcReads: boolean;
}

export class PySyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

/** The literal kinds Python's literal_eval yields, before they become params values. */
export type PyLiteral =
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex' }
  | { t: 'str'; v: string }
  | { t: 'bytes' }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'ellipsis' }
  | { t: 'tuple' | 'list' | 'set'; items: PyLiteral[] }
  | { t: 'dict'; entries: [PyLiteral, PyLiteral][] };

export type PyNode = PyLiteral | { t: 'class'; body: PyParamsEntries };
export type PyParamsEntries = Map<string, { node: PyNode; line: number }>;

interface Token {
  kind: 'name' | 'number' | 'string' | 'op';
  text: string;
  line: number;
  column: number;
  /** Strings: the decoded text; bytes and f-strings are flagged. */
  str?: { value: string; bytes: boolean; f: boolean; unsupported?: string };
}

interface LogicalLine {
  indent: number;
  line: number;
  tokens: Token[];
}

const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '**', '//', '<<', '>>'];
const SINGLE_OPS = '+-*/%@&|^~<>()[]{},:.;=';
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const NUMBER = [
  /0[xX](?:_?[0-9a-fA-F])+/y,
  /0[oO](?:_?[0-7])+/y,
  /0[bB](?:_?[01])+/y,
  /(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?/y,
];
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function tokenize(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const brackets: { ch: string; line: number; column: number }[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let cur: LogicalLine | null = null;
  const err = (message: string, at = i): never => {
    throw new PySyntaxError(message, line, at - lineStart + 1);
  };
  const newline = () => {
    i += text.startsWith('\r\n', i) ? 2 : 1;
    line++;
    lineStart = i;
  };
  while (i < text.length) {
    if (cur === null) {
      let col = 0;
      let j = i;
      while (j < text.length && ' \t\f'.includes(text[j])) {
        col = text[j] === '\t' ? (Math.floor(col / 8) + 1) * 8 : text[j] === ' ' ? col + 1 : 0;
        j++;
      }
      if (j >= text.length) break;
      if (text[j] === '#' || text[j] === '\n' || text[j] === '\r') {
        while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
        i = j;
        if (i < text.length) newline();
        continue;
      }
      cur = { indent: col, line, tokens: [] };
      lines.push(cur);
      i = j;
    }
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '\n' || c === '\r') {
      newline();
      if (brackets.length === 0) cur = null;
    } else if (c === '\\') {
      if (text[i + 1] === '\n' || text[i + 1] === '\r') {
        i++;
        newline();
      } else {
        err('unexpected character after line continuation character');
      }
    } else {
      const startLine = line;
      const column = i - lineStart + 1;
      const prefix = /[rRuUbBfF]{0,2}(?=['"])/y;
      prefix.lastIndex = i;
      const p = prefix.exec(text);
      if (p && /^(?:[rR]?[bBfF]?|[bBfF][rR]|[uU])$/.test(p[0])) {
        i += p[0].length;
        const str = readString(p[0].toLowerCase());
        cur.tokens.push({ kind: 'string', text: '', line: startLine, column, str });
        continue;
      }
      const name = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;
      name.lastIndex = i;
      const n = name.exec(text);
      if (n) {
        cur.tokens.push({ kind: 'name', text: n[0], line, column });
        i += n[0].length;
        continue;
      }
      if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
        let best = '';
        for (const re of NUMBER) {
          re.lastIndex = i;
          const m = re.exec(text);
          if (m && m[0].length > best.length) best = m[0];
        }
        if (/^0\d*[1-9]\d*$/.test(best.replace(/_/g, ''))) err('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
        if (/[\w.]/.test(text[i + best.length] ?? '')) err('invalid number literal');
        cur.tokens.push({ kind: 'number', text: best, line, column });
        i += best.length;
        continue;
      }
      const op = OPS.find((o) => text.startsWith(o, i)) ?? (SINGLE_OPS.includes(c) ? c : undefined);
      if (op === undefined) err(`invalid character '${c}'`);
      const o = op as string;
      if ('([{'.includes(o)) brackets.push({ ch: o, line, column });
      if (o in CLOSERS) {
        const open = brackets.pop();
        if (!open) err(`unmatched '${o}'`);
        else if (open.ch !== CLOSERS[o]) err(`closing parenthesis '${o}' does not match opening parenthesis '${open.ch}' on line ${open.line}`);
      }
      cur.tokens.push({ kind: 'op', text: o, line, column });
      i += o.length;
    }
  }
  if (brackets.length > 0) {
    const open = brackets[brackets.length - 1];
    throw new PySyntaxError(`'${open.ch}' was never closed`, open.line, open.column);
  }
  return lines;

  function readString(prefix: string): NonNullable<Token['str']> {
    const raw = prefix.includes('r');
    const bytes = prefix.includes('b');
    const q = text[i];
    const triple = text.startsWith(q.repeat(3), i);
    const startLine = line;
    const startColumn = i - lineStart + 1;
    i += triple ? 3 : 1;
    let value = '';
    let unsupported: string | undefined;
    for (;;) {
      if (i >= text.length) throw new PySyntaxError(`unterminated ${triple ? 'triple-quoted ' : ''}string literal`, startLine, startColumn);
      const ch = text[i];
      if (triple ? text.startsWith(q.repeat(3), i) : ch === q) {
        i += triple ? 3 : 1;
        return { value, bytes, f: prefix.includes('f'), unsupported };
      }
      if (ch === '\n' || ch === '\r') {
        if (!triple) throw new PySyntaxError('unterminated string literal', startLine, startColumn);
        newline();
        value += '\n';
        continue;
      }
      if (bytes && ch > '\x7f') err('bytes can only contain ASCII literal characters');
      if (ch !== '\\') {
        value += ch;
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === '\n' || e === '\r') {
        i++;
        newline();
        if (raw) value += '\\\n';
        continue;
      }
      if (e === undefined) {
        i++;
        continue;
      }
      if (raw) {
        value += '\\' + e;
        i += 2;
        continue;
      }
      if (e in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[e];
        i += 2;
      } else if (/[0-7]/.test(e)) {
        const m = /[0-7]{1,3}/y;
        m.lastIndex = i + 1;
        const oct = m.exec(text)![0];
        value += String.fromCodePoint(parseInt(oct, 8));
        i += 1 + oct.length;
      } else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) err(`(${bytes ? 'value' : 'unicode'} error) truncated \\${e}${'X'.repeat(len)} escape`);
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) err('(unicode error) illegal Unicode character');
        value += String.fromCodePoint(code);
        i += 2 + len;
      } else if (!bytes && e === 'N' && text[i + 2] === '{') {
        const end = text.indexOf('}', i);
        if (end < 0) err('(unicode error) malformed \\N character escape');
        unsupported ??= `the escape ${text.slice(i, end + 1)}`;
        i = end + 1;
      } else {
        value += '\\' + e;
        i += 2;
      }
    }
  }
}

class NotLiteral extends Error {}

/** Python's ast.literal_eval over one expression's tokens. */
class LiteralReader {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  readAll(): PyLiteral {
    const v = this.exprList(true);
    if (this.i < this.toks.length) this.notLiteral();
    return v;
  }

  private peek(text?: string): Token | undefined {
    const t = this.toks[this.i];
    return text === undefined || (t && t.kind !== 'string' && t.text === text) ? t : undefined;
  }

  private notLiteral(): never {
    throw new NotLiteral();
  }

  /** `a, b` (a tuple) or a single expression. */
  private exprList(bare: boolean): PyLiteral {
    const first = this.expr();
    if (!this.peek(',')) return first;
    const items = [first];
    while (this.peek(',')) {
      this.i++;
      if (this.i >= this.toks.length || this.peek(')') || (bare && this.peek(';'))) break;
      items.push(this.expr());
    }
    return { t: 'tuple', items };
  }

  /** Values made by an operator (`-1`, `1+2j`): literal_eval takes no operator on them again. */
  private readonly operated = new WeakSet<PyLiteral>();

  /** An atom, a signed number, or `real ± imaginary`: all literal_eval allows of operators. */
  private expr(): PyLiteral {
    const left = this.signed();
    const op = this.peek('+') ?? this.peek('-');
    if (!op) return left;
    this.i++;
    const right = this.atom();
    if ((left.t !== 'int' && left.t !== 'float') || right.t !== 'complex' || this.operated.has(right)) this.notLiteral();
    const v: PyLiteral = { t: 'complex' };
    this.operated.add(v);
    return v;
  }

  private signed(): PyLiteral {
    const sign = this.peek('-') ?? this.peek('+');
    if (!sign) return this.atom();
    this.i++;
    const operand = this.atom();
    if (this.operated.has(operand)) this.notLiteral();
    let v: PyLiteral;
    if (operand.t === 'int') v = { t: 'int', v: sign.text === '-' ? -operand.v : operand.v };
    else if (operand.t === 'float') v = { t: 'float', v: sign.text === '-' ? -operand.v : operand.v };
    else if (operand.t === 'complex') v = { t: 'complex' };
    else return this.notLiteral();
    this.operated.add(v);
    return v;
  }

  private atom(): PyLiteral {
    const t = this.toks[this.i];
    if (!t) return this.notLiteral();
    let v: PyLiteral;
    if (t.kind === 'string') {
      let value = '';
      const bytes = t.str!.bytes;
      while (this.toks[this.i]?.kind === 'string') {
        const s = this.toks[this.i].str!;
        if (s.bytes !== bytes) throw new PySyntaxError('cannot mix bytes and nonbytes literals', this.toks[this.i].line, this.toks[this.i].column);
        if (s.f) this.notLiteral();
        if (s.unsupported) throw new PySyntaxError(`Ponte does not read ${s.unsupported}`, this.toks[this.i].line, this.toks[this.i].column);
        value += s.value;
        this.i++;
      }
      v = bytes ? { t: 'bytes' } : { t: 'str', v: value };
    } else if (t.kind === 'number') {
      this.i++;
      v = numberOf(t.text);
    } else if (t.kind === 'name') {
      this.i++;
      if (t.text === 'True' || t.text === 'False') v = { t: 'bool', v: t.text === 'True' };
      else if (t.text === 'None') v = { t: 'none' };
      else if (t.text === 'set' && this.peek('(') && this.toks[this.i + 1]?.text === ')' && this.toks[this.i + 1].kind === 'op') {
        this.i += 2;
        v = { t: 'set', items: [] };
      } else return this.notLiteral();
    } else if (t.text === '...') {
      this.i++;
      v = { t: 'ellipsis' };
    } else if (t.text === '(') {
      this.i++;
      v = this.peek(')') ? { t: 'tuple', items: [] } : this.exprList(false);
      if (!this.peek(')')) this.notLiteral();
      this.i++;
    } else if (t.text === '[') {
      this.i++;
      const items: PyLiteral[] = [];
      while (!this.peek(']')) {
        items.push(this.expr());
        if (this.peek(',')) this.i++;
        else if (!this.peek(']')) this.notLiteral();
      }
      this.i++;
      v = { t: 'list', items };
    } else if (t.text === '{') {
      this.i++;
      v = this.braces();
    } else {
      return this.notLiteral();
    }
    // a call, subscript or attribute after the atom makes the whole thing a non-literal
    if (this.peek('(') || this.peek('[') || this.peek('.')) this.notLiteral();
    return v;
  }

  private braces(): PyLiteral {
    if (this.peek('}')) {
      this.i++;
      return { t: 'dict', entries: [] };
    }
    const first = this.expr();
    if (this.peek(':')) {
      const entries: [PyLiteral, PyLiteral][] = [];
      let key = first;
      for (;;) {
        if (!this.peek(':')) this.notLiteral();
        this.i++;
        entries.push([key, this.expr()]);
        if (this.peek(',')) this.i++;
        else if (!this.peek('}')) this.notLiteral();
        if (this.peek('}')) break;
        key = this.expr();
      }
      this.i++;
      for (const [k] of entries) requireHashable(k, 'a dict key', this.toks[0]);
      return { t: 'dict', entries };
    }
    const items = [first];
    for (;;) {
      if (this.peek(',')) this.i++;
      else if (!this.peek('}')) this.notLiteral();
      if (this.peek('}')) break;
      items.push(this.expr());
    }
    this.i++;
    for (const x of items) requireHashable(x, 'a set element', this.toks[0]);
    return { t: 'set', items };
  }
}

function requireHashable(v: PyLiteral, what: string, at: Token): void {
  if (v.t === 'list' || v.t === 'dict' || v.t === 'set') {
    throw new PySyntaxError(`unhashable type: '${v.t}' as ${what} (DVC fails on it too)`, at.line, at.column);
  }
  if (v.t === 'tuple') for (const x of v.items) requireHashable(x, what, at);
}

function numberOf(text: string): PyLiteral {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return { t: 'complex' };
  if (/^0[xXoObB]/.test(t)) return { t: 'int', v: BigInt(t.toLowerCase()) };
  if (/[.eE]/.test(t)) return { t: 'float', v: Number(t) };
  return { t: 'int', v: BigInt(t) };
}

const HEADERS = new Set(['class', 'def', 'async', 'if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally']);

function isHeader(l: LogicalLine): boolean {
  const first = l.tokens[0];
  if (first.kind === 'op' && first.text === '@') return true;
  if (first.kind !== 'name') return false;
  if (HEADERS.has(first.text)) return true;
  // `match x:` / `case y:` are soft keywords: a header only when the line ends in a colon and assigns nothing
  return (first.text === 'match' || first.text === 'case') && l.tokens.length > 1 && l.tokens[l.tokens.length - 1].text === ':'
    && !l.tokens.some((t) => t.kind === 'op' && t.text === '=');
}

/** Splits a logical line into simple statements at top-level `;`. */
function simpleStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'op' && t.text === ';') out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((s) => s.length > 0);
}

/** The index of the header's ending `:` at bracket depth 0 (not one inside a lambda). */
function headerColon(tokens: Token[]): number {
  let depth = 0;
  let lambdas = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.kind === 'name' && t.text === 'lambda') lambdas++;
    else if (depth === 0 && t.kind === 'op' && t.text === ':') {
      if (lambdas > 0) lambdas--;
      else return k;
    }
  }
  return -1;
}

interface Context {
  omissions: PyOmission[];
}

type Statement = { tokens: Token[] } | { header: Token[]; body: Statement[]; line: number };

/** Builds the statement tree from logical lines, checking indentation as Python does. */
function statements(lines: LogicalLine[]): Statement[] {
  let k = 0;
  const block = (indent: number): Statement[] => {
    const out: Statement[] = [];
    while (k < lines.length && lines[k].indent >= indent) {
      const l = lines[k];
      if (l.indent > indent) throw new PySyntaxError('unexpected indent', l.line, l.indent + 1);
      k++;
      if (!isHeader(l)) {
        for (const s of simpleStatements(l.tokens)) out.push({ tokens: s });
        continue;
      }
      if (l.tokens[0].text === '@') {
        out.push({ tokens: [] });
        continue;
      }
      const colon = headerColon(l.tokens);
      if (colon < 0) throw new PySyntaxError('expected \':\'', l.line, l.tokens[l.tokens.length - 1].column);
      const header = l.tokens.slice(0, colon);
      const rest = l.tokens.slice(colon + 1);
      if (rest.length > 0) {
        out.push({ header, line: l.line, body: simpleStatements(rest).map((s) => ({ tokens: s })) });
      } else {
        if (k >= lines.length || lines[k].indent <= indent) {
          const at = lines[k] ?? l;
          throw new PySyntaxError(`expected an indented block after line ${l.line}`, at.line, at.indent + 1);
        }
        out.push({ header, line: l.line, body: block(lines[k].indent) });
      }
    }
    return out;
  };
  return block(0);
}

function topLevelIndex(tokens: Token[], text: string): number[] {
  const at: number[] = [];
  let depth = 0;
  tokens.forEach((t, k) => {
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.kind === 'op' && t.text === text) at.push(k);
  });
  return at;
}

/** DVC's reading of one block: assignments, classes, and `__init__` bodies. */
function readBlock(body: Statement[], onlySelf: boolean, ctx: Context, prefix: string): PyParamsEntries {
  const out: PyParamsEntries = new Map();
  for (const s of body) {
    if ('header' in s) {
      const [kw, name] = s.header;
      if (kw.text === 'class' && name?.kind === 'name') {
        out.set(name.text, { node: { t: 'class', body: readBlock(s.body, false, ctx, `${prefix}${name.text}.`) }, line: s.line });
      } else if (kw.text === 'def' && name?.text === '__init__') {
        for (const [k, v] of readBlock(s.body, true, ctx, prefix)) out.set(k, v);
      }
      continue;
    }
    const toks = s.tokens;
    if (toks.length === 0) continue;
    const eqs = topLevelIndex(toks, '=');
    const colons = topLevelIndex(toks, ':');
    const annotated = colons.length > 0 && (eqs.length === 0 || colons[0] < eqs[0]);
    if (!annotated && eqs.length !== 1) continue;
    const targetEnd = annotated ? colons[0] : eqs[0];
    const target = toks.slice(0, targetEnd);
    let name: string | undefined;
    if (target.length === 1 && target[0].kind === 'name' && !onlySelf) name = target[0].text;
    else if (target.length === 3 && target[0].text === 'self' && target[0].kind === 'name' && target[1].text === '.' && target[2].kind === 'name') name = target[2].text;
    if (name === undefined) continue;
    const line = toks[0].line;
    if (annotated && eqs.length === 0) {
      ctx.omissions.push({ key: prefix + name, line, reason: 'it is annotated but has no value', dvcReads: false });
      continue;
    }
    const valueTokens = toks.slice(eqs[0] + 1);
    let node: PyLiteral;
    try {
      node = new LiteralReader(valueTokens).readAll();
    } catch (e) {
      if (!(e instanceof NotLiteral)) throw e;
      ctx.omissions.push({ key: prefix + name, line, reason: 'its value is not a literal (DVC reads only numbers, strings, True/False/None, and lists, tuples and dicts of them)', dvcReads: false });
      continue;
    }
    // a name assigned again keeps its first place, as a Python dict's update does
    out.set(name, { node, line });
  }
  return out;
}

/** Parses a params.py text into DVC's entries; throws PySyntaxError where Python would not parse it. */
export function parsePythonEntries(text: string, omissions: PyOmission[] = []): PyParamsEntries {
  return readBlock(statements(tokenize(text.replace(/^\ufeff/, ''))), false, { omissions }, '');
}

class Unusable extends Error {}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

function unusableReason(v: PyLiteral): string | undefined {
  switch (v.t) {
    case 'int': return v.v > MAX_EXACT || v.v < -MAX_EXACT ? 'an integer past 2**53, which Ponte cannot keep exactly' : undefined;
    case 'complex': return 'a complex number, which DVC cannot write to dvc.lock either';
    case 'bytes': return 'bytes, which dvc.lock would hold only as !!binary';
    case 'ellipsis': return '`...`, which DVC cannot write to dvc.lock either';
    case 'set': return 'a set, which DVC writes to dvc.lock in Python\'s hash order (it changes from run to run)';
    case 'tuple': case 'list': return v.items.map(unusableReason).find((r) => r !== undefined);
    case 'dict': {
      if (v.entries.some(([k]) => k.t !== 'str')) return 'a dict with a key that is not a string';
      return v.entries.map(([, x]) => unusableReason(x)).find((r) => r !== undefined);
    }
    default: return undefined;
  }
}

/** A literal as a params value: floats stay floats, tuples become lists as dvc.lock writes them. */
export function pyValueOfLiteral(v: PyLiteral): PyValue {
  switch (v.t) {
    case 'int': return Number(v.v);
    case 'float': return Number.isInteger(v.v) || !Number.isFinite(v.v) ? new PyFloat(v.v) : v.v;
    case 'str': return v.v;
    case 'bool': return v.v;
    case 'none': return null;
    case 'tuple': case 'list': return v.items.map(pyValueOfLiteral);
    case 'dict': {
      const out: { [key: string]: PyValue } = {};
      for (const [k, x] of v.entries) out[(k as { v: string }).v] = pyValueOfLiteral(x);
      return out;
    }
    default: throw new Unusable();
  }
}

function treeOf(entries: PyParamsEntries, prefix: string, omissions: PyOmission[]): { [key: string]: PyValue } {
  const out: { [key: string]: PyValue } = {};
  for (const [name, { node, line }] of entries) {
    if (node.t === 'class') {
      out[name] = treeOf(node.body, `${prefix}${name}.`, omissions);
      continue;
    }
    const reason = unusableReason(node);
    if (reason !== undefined) omissions.push({ key: prefix + name, line, reason: `its value is ${reason}`, dvcReads: true });
    else out[name] = pyValueOfLiteral(node);
  }
  return out;
}

/** The params a `.py` file holds as DVC reads them, and what was left out and why. */
export function readPythonParams(text: string): { tree: { [key: string]: PyValue }; omissions: PyOmission[] } {
  const omissions: PyOmission[] = [];
  const entries = parsePythonEntries(text, omissions);
  return { tree: treeOf(entries, '', omissions), omissions };
}
