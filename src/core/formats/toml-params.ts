// Reads the TOML that DVC params and vars files may be written in (params.toml): tables, arrays
// of tables, dotted keys, strings, numbers, booleans, arrays and inline tables. For `${}` and
// params checks (parseTomlParams), multi-line strings and anything else unusual answer
// undefined; the caller then treats the file as unread. For `ponte run` (readTomlParamsFile),
// multi-line strings are read too, ints and floats are kept apart and dates are dates, as
// Python's tomlkit gives them to DVC, and what cannot be read is a TomlError at its place.
import { PyDate, PyFloat } from './py-values';

class Unsupported extends Error {
  offset?: number;
}

/** What `ponte run` cannot read in a params.toml, at `offset` into the text. */
export class TomlError extends Error {
  constructor(message: string, readonly offset: number, readonly hint?: string) {
    super(message);
  }
}

export function parseTomlParams(text: string): Record<string, unknown> | undefined {
  try {
    return new TomlReader(text, false).read();
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** A params.toml as DVC reads it (tomlkit): whole floats stay PyFloat; throws TomlError. */
export function readTomlParamsText(text: string): Record<string, unknown> {
  const reader = new TomlReader(text.replace(/^\ufeff/, ''), true);
  try {
    return reader.read();
  } catch (e) {
    if (e instanceof Unsupported) {
      const hint = e.message.startsWith('a TOML time') ? 'write it as a string ("07:30:00"), or as a full date-time' : 'fix the TOML syntax, then run again';
      throw new TomlError(e.message || 'not valid TOML', e.offset ?? 0, hint);
    }
    if (e instanceof RangeError) throw new TomlError('not valid TOML: a \\u escape names no character', reader.position);
    throw e;
  }
}

const fail = (message = ''): never => {
  throw new Unsupported(message);
};

type Table = Record<string, unknown>;

class TomlReader {
  private i = 0;
  private readonly headers = new Set<string>();
  /** py: read for `ponte run` (multi-line strings, PyFloat, strict numbers, PyDate). */
  constructor(private readonly t: string, private readonly py: boolean) {}

  get position(): number {
    return this.i;
  }

  read(): Table {
    try {
      return this.readAll();
    } catch (e) {
      if (e instanceof Unsupported && e.offset === undefined) e.offset = Math.min(this.i, this.t.length);
      throw e;
    }
  }

  private readAll(): Table {
    const root: Table = {};
    let current = root;
    for (;;) {
      this.skipSpaceAndComments(true);
      if (this.i >= this.t.length) return root;
      if (this.t[this.i] === '[') {
        const arrayOfTables = this.t[this.i + 1] === '[';
        this.i += arrayOfTables ? 2 : 1;
        const start = this.i;
        const path = this.keyPath(']');
        this.expect(']');
        if (arrayOfTables) this.expect(']');
        if (this.py && !arrayOfTables) {
          const id = JSON.stringify(path);
          if (this.headers.has(id)) {
            this.i = start;
            fail(`table [${path.join('.')}] is defined twice`);
          }
          this.headers.add(id);
        }
        current = arrayOfTables ? this.appendTable(root, path) : this.table(root, path);
      } else {
        const path = this.keyPath('=');
        this.expect('=');
        const value = this.value();
        const parent = this.table(current, path.slice(0, -1));
        const last = path[path.length - 1];
        if (Object.prototype.hasOwnProperty.call(parent, last)) fail(`key "${path.join('.')}" is defined twice`);
        parent[last] = value;
      }
      this.endOfLine();
    }
  }

  private table(root: Table, path: string[]): Table {
    let cur = root;
    for (const k of path) {
      let next = cur[k];
      if (Array.isArray(next)) next = next[next.length - 1];
      if (next === undefined) {
        next = {};
        cur[k] = next;
      }
      if (next === null || typeof next !== 'object' || Array.isArray(next) || next instanceof PyFloat) fail(`"${k}" is already a value, not a table`);
      cur = next as Table;
    }
    return cur;
  }

  private appendTable(root: Table, path: string[]): Table {
    const parent = this.table(root, path.slice(0, -1));
    const last = path[path.length - 1];
    const list = (parent[last] ??= []) as unknown[];
    if (!Array.isArray(list)) fail(`"${last}" is already a table or value, not an array of tables`);
    const t: Table = {};
    list.push(t);
    return t;
  }

  private skipSpaceAndComments(newlines: boolean): void {
    while (this.i < this.t.length) {
      const c = this.t[this.i];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.i++;
      else if (c === '#') while (this.i < this.t.length && this.t[this.i] !== '\n') this.i++;
      else break;
    }
  }

  private endOfLine(): void {
    this.skipSpaceAndComments(false);
    if (this.i < this.t.length && this.t[this.i] !== '\n' && this.t[this.i] !== '\r') fail('expected the end of the line');
  }

  private expect(c: string): void {
    this.skipSpaceAndComments(false);
    if (this.t[this.i] !== c) fail(`expected "${c}"`);
    this.i++;
  }

  private keyPath(end: string): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaceAndComments(false);
      const c = this.t[this.i];
      if (c === '"' || c === "'") parts.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.t.slice(this.i, this.i + 256));
        if (!m) fail('expected a key');
        parts.push(m![0]);
        this.i += m![0].length;
      }
      this.skipSpaceAndComments(false);
      if (this.t[this.i] === '.') {
        this.i++;
        continue;
      }
      if (this.t[this.i] !== end) fail(`expected "${end}" after the key`);
      return parts;
    }
  }

  private string(multiline = false): string {
    const q = this.t[this.i];
    const triple = this.t.startsWith(q.repeat(3), this.i);
    if (triple && !multiline) fail('multi-line strings are not read here');
    let out = '';
    let first = this.i + (triple ? 3 : 1);
    // a newline right after the opening quotes is not part of the string
    if (triple) first += this.t.startsWith('\r\n', first) ? 2 : this.t[first] === '\n' ? 1 : 0;
    for (let j = first; j < this.t.length; j++) {
      const c = this.t[j];
      if (c === '\n' && !triple) {
        this.i = j;
        fail('a string must end on its line (use """ for multi-line strings)');
      }
      if (triple ? this.t.startsWith(q.repeat(3), j) : c === q) {
        // up to two quotes right before the closing three belong to the string
        let end = j + (triple ? 3 : 1);
        if (triple) {
          while (this.t[end] === q && end - j < 5) end++;
          out += q.repeat(end - j - 3);
        }
        this.i = end;
        return out;
      }
      if (q === '"' && c === '\\' && triple && /^[ \t]*\r?\n/.test(this.t.slice(j + 1, j + 200))) {
        // a line-ending backslash trims the newline and the white space after it
        j++;
        while (j < this.t.length && ' \t\r\n'.includes(this.t[j])) j++;
        j--;
        continue;
      }
      if (q === '"' && c === '\\') {
        const e = this.t[++j];
        const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };
        if (e in simple) out += simple[e];
        else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = this.t.slice(j + 1, j + 1 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail(`a \\${e} escape needs ${len} hex digits`);
          out += String.fromCodePoint(parseInt(hex, 16));
          j += len;
        } else {
          this.i = j - 1;
          fail(`unknown escape "\\${e ?? ''}"`);
        }
        continue;
      }
      out += c;
    }
    return fail('the string never ends');
  }

  private value(): unknown {
    this.skipSpaceAndComments(false);
    const c = this.t[this.i];
    if (c === '"' || c === "'") return this.string(this.py);
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    if (this.py) {
      const date = this.date();
      if (date) return date;
    }
    const m = /^[^\s,\]}#]+/.exec(this.t.slice(this.i, this.i + 256));
    if (!m) fail('expected a value');
    const raw = m![0];
    const start = this.i;
    this.i += raw.length;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (/^[+-]?(inf|nan)$/.test(raw)) {
      const v = raw.endsWith('nan') ? NaN : raw.startsWith('-') ? -Infinity : Infinity;
      return this.py ? new PyFloat(v) : v;
    }
    const digits = raw.replace(/_/g, '');
    let int: number | undefined;
    if (/^0x[0-9a-fA-F]+$/.test(digits)) int = parseInt(digits.slice(2), 16);
    else if (/^0o[0-7]+$/.test(digits)) int = parseInt(digits.slice(2), 8);
    else if (/^0b[01]+$/.test(digits)) int = parseInt(digits.slice(2), 2);
    else if (/^[+-]?\d+$/.test(digits)) int = Number(digits);
    if (int !== undefined) {
      if (this.py && (/^[+-]?0\d/.test(digits) || /^_|_$|__|[^\d]_|_[^\da-fA-F]/.test(raw.replace(/^[+-]/, '')))) {
        this.i = start;
        fail(`"${raw}" is not a TOML integer`);
      }
      if (this.py && !Number.isSafeInteger(int)) {
        this.i = start;
        fail(`${raw} is past 2**53, which Ponte cannot keep exactly`);
      }
      return int;
    }
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(digits)) {
      const v = Number(digits);
      return this.py && (Number.isInteger(v) || !Number.isFinite(v)) ? new PyFloat(v) : v;
    }
    // Dates and times stay text: templating prints them as written.
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw)) {
      return raw;
    }
    this.i = start;
    return fail(`"${raw}" is not a TOML value`);
  }

  /** A TOML date or date-time as tomlkit gives it to DVC, written as ruamel writes Python's (isoformat). */
  private date(): PyDate | undefined {
    const re = /(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?(?![\w:.+-])/y;
    re.lastIndex = this.i;
    const m = re.exec(this.t);
    if (!m) {
      if (/\d{2}:\d{2}:\d{2}/y.test(this.t.slice(this.i, this.i + 8))) fail('a TOML time of day, which DVC cannot write to dvc.lock');
      return undefined;
    }
    const [, y, mo, d, h, mi, sec, frac, offset] = m;
    const day = new Date(Date.UTC(+y, +mo - 1, +d));
    if (day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d || (h !== undefined && (+h > 23 || +mi > 59 || +sec > 59))) fail(`"${m[0]}" is not a valid date`);
    this.i += m[0].length;
    if (h === undefined) return new PyDate(`${y}-${mo}-${d}`);
    const micro = (frac ?? '').slice(0, 6).padEnd(6, '0');
    const tz = offset === undefined ? '' : /^[Zz]$|^[+-]00:00$/.test(offset) ? '+00:00' : offset;
    return new PyDate(`${y}-${mo}-${d} ${h}:${mi}:${sec}${micro === '000000' ? '' : `.${micro}`}${tz}`);
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skipSpaceAndComments(true);
      if (this.t[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.skipSpaceAndComments(true);
      if (this.t[this.i] === ',') this.i++;
      else if (this.t[this.i] !== ']') fail('expected "," or "]" in the array');
    }
  }

  private inlineTable(): Table {
    this.i++;
    const out: Table = {};
    this.skipSpaceAndComments(false);
    if (this.t[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      const path = this.keyPath('=');
      this.expect('=');
      const value = this.value();
      const parent = this.table(out, path.slice(0, -1));
      parent[path[path.length - 1]] = value;
      this.skipSpaceAndComments(false);
      if (this.t[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.t[this.i] === '}') {
        this.i++;
        return out;
      }
      fail('expected "," or "}" in the inline table');
    }
  }
}
