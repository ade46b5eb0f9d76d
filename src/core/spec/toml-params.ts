// Reads the TOML that DVC params and vars files may be written in (params.toml): tables, arrays
// of tables, dotted keys, strings, numbers, booleans, arrays and inline tables. Multi-line
// strings and anything else unusual answer undefined; the caller then treats the file as unread.

class Unsupported extends Error {}

export function parseTomlParams(text: string): Record<string, unknown> | undefined {
  try {
    return new TomlReader(text).read();
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return undefined;
    throw e;
  }
}

const fail = (): never => {
  throw new Unsupported();
};

type Table = Record<string, unknown>;

class TomlReader {
  private i = 0;
  constructor(private readonly t: string) {}

  read(): Table {
    const root: Table = {};
    let current = root;
    for (;;) {
      this.skipSpaceAndComments(true);
      if (this.i >= this.t.length) return root;
      if (this.t[this.i] === '[') {
        const arrayOfTables = this.t[this.i + 1] === '[';
        this.i += arrayOfTables ? 2 : 1;
        const path = this.keyPath(']');
        this.expect(']');
        if (arrayOfTables) this.expect(']');
        current = arrayOfTables ? this.appendTable(root, path) : this.table(root, path);
      } else {
        const path = this.keyPath('=');
        this.expect('=');
        const value = this.value();
        const parent = this.table(current, path.slice(0, -1));
        const last = path[path.length - 1];
        if (Object.prototype.hasOwnProperty.call(parent, last)) fail();
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
      if (next === null || typeof next !== 'object' || Array.isArray(next)) fail();
      cur = next as Table;
    }
    return cur;
  }

  private appendTable(root: Table, path: string[]): Table {
    const parent = this.table(root, path.slice(0, -1));
    const last = path[path.length - 1];
    const list = (parent[last] ??= []) as unknown[];
    if (!Array.isArray(list)) fail();
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
    if (this.i < this.t.length && this.t[this.i] !== '\n' && this.t[this.i] !== '\r') fail();
  }

  private expect(c: string): void {
    this.skipSpaceAndComments(false);
    if (this.t[this.i] !== c) fail();
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
        if (!m) fail();
        parts.push(m![0]);
        this.i += m![0].length;
      }
      this.skipSpaceAndComments(false);
      if (this.t[this.i] === '.') {
        this.i++;
        continue;
      }
      if (this.t[this.i] !== end) fail();
      return parts;
    }
  }

  private string(): string {
    const q = this.t[this.i];
    if (this.t.startsWith(q.repeat(3), this.i)) fail();
    let out = '';
    for (let j = this.i + 1; j < this.t.length; j++) {
      const c = this.t[j];
      if (c === '\n') fail();
      if (c === q) {
        this.i = j + 1;
        return out;
      }
      if (q === '"' && c === '\\') {
        const e = this.t[++j];
        const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };
        if (e in simple) out += simple[e];
        else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = this.t.slice(j + 1, j + 1 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail();
          out += String.fromCodePoint(parseInt(hex, 16));
          j += len;
        } else fail();
        continue;
      }
      out += c;
    }
    return fail();
  }

  private value(): unknown {
    this.skipSpaceAndComments(false);
    const c = this.t[this.i];
    if (c === '"' || c === "'") return this.string();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    const m = /^[^\s,\]}#]+/.exec(this.t.slice(this.i, this.i + 256));
    if (!m) fail();
    const raw = m![0];
    this.i += raw.length;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (/^[+-]?(inf|nan)$/.test(raw)) return raw.endsWith('nan') ? NaN : raw.startsWith('-') ? -Infinity : Infinity;
    const digits = raw.replace(/_/g, '');
    if (/^0x[0-9a-fA-F]+$/.test(digits)) return parseInt(digits.slice(2), 16);
    if (/^0o[0-7]+$/.test(digits)) return parseInt(digits.slice(2), 8);
    if (/^0b[01]+$/.test(digits)) return parseInt(digits.slice(2), 2);
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(digits)) return Number(digits);
    // Dates and times stay text: templating prints them as written.
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw)) return raw;
    return fail();
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
      else if (this.t[this.i] !== ']') fail();
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
      fail();
    }
  }
}
