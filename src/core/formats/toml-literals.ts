// Finds date, time and integer literals in a TOML text, where smol-toml falls short of what DVC
// (tomlkit) does: its dates are JS Dates (milliseconds, where Python keeps microseconds), it rolls
// 2023-02-29 over to March 1 where tomllib refuses it, and its values carry no position for an error.
import { TomlDate } from 'smol-toml';

export interface DateLiteral {
  raw: string;
  offset: number;
  kind: 'date' | 'local' | 'offset' | 'time';
  /** What smol-toml's TomlDate for it prints, to find the literal a value came from. */
  iso: string;
  /** As Python's str() of the datetime tomlkit makes, which ruamel writes to dvc.lock. */
  python: string;
  /** Why DVC could not read it, when it could not. */
  problem?: string;
}

/** The text with the contents of strings and comments blanked (same length, newlines kept). */
function codeOnly(t: string): string {
  const out = t.split('');
  const blank = (from: number, to: number) => {
    for (let j = from; j < to && j < t.length; j++) if (t[j] !== '\n') out[j] = ' ';
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '#') {
      const end = t.indexOf('\n', i);
      const stop = end < 0 ? t.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = t.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      for (; j < t.length; j++) {
        if (c === '"' && t[j] === '\\') j++;
        else if (t.startsWith(close, j)) break;
        else if (!triple && t[j] === '\n') break;
      }
      // up to two quotes right before the closing three belong to the string
      let end = j + close.length;
      while (triple && t[end] === c && end - j < 5) end++;
      blank(i, end);
      i = end - 1;
    }
  }
  return out.join('');
}

// TOML 1.0's dates, date-times and times; seconds optional, as TOML 1.1 (and smol-toml) allow them.
const DATE = /(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?(?![\w:.+-])|(\d{2}):(\d{2})(?::\d{2})?(?:\.\d+)?(?![\w:.+-])/g;

/** Every date, date-time and time in a value position, in text order. */
export function dateLiterals(text: string): DateLiteral[] {
  const code = codeOnly(text);
  const out: DateLiteral[] = [];
  for (const m of code.matchAll(DATE)) {
    const offset = m.index;
    if (/[\w.:+-]/.test(code[offset - 1] ?? '') || /^\s*[=.]/.test(code.slice(offset + m[0].length, offset + m[0].length + 64))) continue; // part of a key
    const raw = m[0];
    const [, y, mo, d, h, mi, sec, frac, tz] = m;
    if (y === undefined) {
      out.push({ raw, offset, kind: 'time', iso: isoOf(raw), python: raw, problem: 'a TOML time of day, which DVC cannot write to dvc.lock' });
      continue;
    }
    const day = new Date(Date.UTC(+y, +mo - 1, +d));
    const valid = day.getUTCMonth() === +mo - 1 && day.getUTCDate() === +d && (h === undefined || (+h <= 23 && +mi <= 59 && +(sec ?? 0) <= 59));
    const problem = !valid ? `"${raw}" is not a valid date` : h !== undefined && sec === undefined ? `"${raw}" has no seconds, which TOML 1.0 (and so DVC) requires` : undefined;
    const kind = h === undefined ? 'date' : tz === undefined ? 'local' : 'offset';
    const micro = (frac ?? '').slice(0, 6).padEnd(6, '0');
    const zone = tz === undefined ? '' : /^[Zz]$|^[+-]00:00$/.test(tz) ? '+00:00' : tz;
    const python = h === undefined ? `${y}-${mo}-${d}` : `${y}-${mo}-${d} ${h}:${mi}:${sec}${micro === '000000' ? '' : `.${micro}`}${zone}`;
    out.push({ raw, offset, kind, iso: valid ? isoOf(raw) : '', python, problem });
  }
  return out;
}

function isoOf(raw: string): string {
  return new TomlDate(raw).toISOString();
}

/** Where the integer literal with value `n` is (decimal, hex, octal or binary, with underscores). */
export function integerLiteralOffset(text: string, n: bigint): number {
  const code = codeOnly(text);
  for (const m of code.matchAll(/(?<![\w.:+-])[+-]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*)(?![\w.:+-])/g)) {
    const digits = m[0].replace(/_/g, '');
    const negative = digits.startsWith('-');
    const v = BigInt(digits.replace(/^[+-]/, ''));
    if ((negative ? -v : v) === n) return m.index;
  }
  return 0;
}
