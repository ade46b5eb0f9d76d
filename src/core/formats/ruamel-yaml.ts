// YAML written the way ruamel.yaml writes it for DVC (block style, lists not indented under
// their key, single quotes unless the text holds one, floats as Python's repr, folding at the
// first single space past column 80), so a dvc.lock Ponte writes is byte-for-byte DVC's.
// Ported from the PyYAML/ruamel emitter's write_plain/write_single_quoted/write_double_quoted.
import { ruamelStyle } from './ruamel-style';
import { PyDate, PyFloat, pyFloatRepr } from './py-values';

export type RuamelValue = null | boolean | number | string | PyFloat | PyDate | RuamelValue[] | { [key: string]: RuamelValue };

const BEST_WIDTH = 80;

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

class Writer {
  text = '';
  column = 0;
  /** The emitter's flag: the last thing written was white space, so a scalar needs no leading space. */
  whitespace = true;

  write(s: string): void {
    this.text += s;
    this.column += s.length;
  }

  indent(n: number): void {
    this.text += '\n' + ' '.repeat(n);
    this.column = n;
    this.whitespace = true;
  }
}

function writePlain(w: Writer, text: string, indent: number, split: boolean): void {
  if (!w.whitespace) w.write(' ');
  w.whitespace = false;
  let spaces = false;
  let start = 0;
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : undefined;
    if (spaces) {
      if (ch !== ' ') {
        if (start + 1 === end && w.column > BEST_WIDTH && split) {
          w.indent(indent);
          w.whitespace = false;
        } else {
          w.write(text.slice(start, end));
        }
        start = end;
      }
    } else if (ch === undefined || ch === ' ') {
      w.write(text.slice(start, end));
      start = end;
    }
    if (ch !== undefined) spaces = ch === ' ';
  }
}

function writeSingleQuoted(w: Writer, text: string, indent: number, split: boolean): void {
  w.write(w.whitespace ? "'" : " '");
  w.whitespace = false;
  let spaces = false;
  let start = 0;
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : undefined;
    if (spaces) {
      if (ch === undefined || ch !== ' ') {
        if (start + 1 === end && w.column > BEST_WIDTH && split && start !== 0 && end !== text.length) {
          w.indent(indent);
          w.whitespace = false;
        } else {
          w.write(text.slice(start, end));
        }
        start = end;
      }
    } else if (ch === undefined || ch === ' ' || ch === "'") {
      if (start < end) {
        w.write(text.slice(start, end));
        start = end;
      }
    }
    if (ch === "'") {
      w.write("''");
      start = end + 1;
    }
    if (ch !== undefined) spaces = ch === ' ';
  }
  w.write("'");
}

function writeDoubleQuoted(w: Writer, text: string, indent: number, split: boolean): void {
  w.write(w.whitespace ? '"' : ' "');
  w.whitespace = false;
  let start = 0;
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : undefined;
    const printable = ch !== undefined && ((ch >= ' ' && ch <= '~') || (ch >= '\xa0' && ch <= '\ud7ff') || (ch >= '\ue000' && ch <= '\ufffd'));
    if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printable) {
      if (start < end) {
        w.write(text.slice(start, end));
        start = end;
      }
      if (ch !== undefined) {
        const code = ch.charCodeAt(0);
        w.write(ESCAPES[ch] !== undefined ? `\\${ESCAPES[ch]}` : code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
        start = end + 1;
      }
    }
    if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && w.column + (end - start) > BEST_WIDTH && split) {
      w.write(text.slice(start, end) + '\\');
      if (start < end) start = end;
      w.indent(indent);
      w.whitespace = false;
      if (text[start] === ' ') w.write('\\');
    }
  }
  w.write('"');
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

function writeScalar(w: Writer, v: RuamelValue, indent: number, split: boolean): void {
  if (v === null) return;
  if (typeof v === 'string') {
    const style = ruamelStyle(v);
    if (style === 'plain') writePlain(w, v, indent, split);
    else if (style === 'single') writeSingleQuoted(w, v, indent, split);
    else writeDoubleQuoted(w, v, indent, split);
    return;
  }
  let text: string;
  if (v instanceof PyFloat) text = pyFloatRepr(v.value);
  else if (v instanceof PyDate) text = v.text;
  else if (typeof v === 'number') text = Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  else text = typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  writePlain(w, text, indent, false);
}

function isCollection(v: RuamelValue): v is RuamelValue[] | { [key: string]: RuamelValue } {
  return v !== null && typeof v === 'object' && !(v instanceof PyFloat) && !(v instanceof PyDate);
}

function isEmptyCollection(v: RuamelValue): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0;
}

/** Writes a block mapping whose keys sit at column `indent`; the first key goes where the writer is. */
function writeMapping(w: Writer, map: { [key: string]: RuamelValue }, indent: number): void {
  let first = true;
  for (const [key, value] of Object.entries(map)) {
    if (!first) w.indent(indent);
    first = false;
    writeScalar(w, key, indent, false);
    w.write(':');
    w.whitespace = false;
    if (isCollection(value) && !isEmptyCollection(value)) {
      if (Array.isArray(value)) {
        w.indent(indent);
        writeSequence(w, value, indent);
      } else {
        w.indent(indent + 2);
        writeMapping(w, value, indent + 2);
      }
    } else if (isCollection(value)) {
      w.write(Array.isArray(value) ? ' []' : ' {}');
    } else {
      writeScalar(w, value, indent + 2, true);
    }
  }
}

/** Writes a block sequence whose dashes sit at column `indent`. */
function writeSequence(w: Writer, items: RuamelValue[], indent: number): void {
  items.forEach((item, i) => {
    if (i > 0) w.indent(indent);
    w.write('- ');
    w.whitespace = true;
    if (isCollection(item) && !isEmptyCollection(item)) {
      if (Array.isArray(item)) writeSequence(w, item, indent + 2);
      else writeMapping(w, item, indent + 2);
    } else if (isCollection(item)) {
      w.write(Array.isArray(item) ? '[]' : '{}');
    } else {
      writeScalar(w, item, indent + 2, true);
    }
  });
}

/** The document text, ending in a newline, for a top-level mapping. */
export function formatRuamelYaml(root: { [key: string]: RuamelValue }): string {
  const w = new Writer();
  writeMapping(w, root, 0);
  return w.text + '\n';
}
