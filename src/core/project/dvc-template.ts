// DVC's `${...}` templating, as dvc.yaml uses it: finding the expressions in a string, looking
// a dotted/indexed name up in the variables, and turning values into text the way DVC does
// (booleans as true/false, dicts unpacked into `--key value` flags inside `cmd`).

export interface Interpolation {
  /** Offsets of `${...}` within the string. */
  start: number;
  end: number;
  /** The name inside, trimmed: `train.lr`, `item.paths[0]`. */
  name: string;
}

// `\${` escapes an interpolation; the inner text stops at the first `}`.
const EXPR = /(\\)?\$\{([^}]*)\}/g;

export function findInterpolations(s: string): Interpolation[] {
  if (s.indexOf('${') === -1) return [];
  const out: Interpolation[] = [];
  EXPR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EXPR.exec(s))) {
    if (m[1]) continue;
    out.push({ start: m.index, end: m.index + m[0].length, name: m[2].trim() });
  }
  return out;
}

/** A string that is one `${...}` and nothing else keeps the type of the value it names. */
export function wholeInterpolation(s: string): Interpolation | undefined {
  if (!s.startsWith('${') || !s.endsWith('}')) return undefined;
  const found = findInterpolations(s);
  return found.length === 1 && found[0].start === 0 && found[0].end === s.length ? found[0] : undefined;
}

/** `a.b[0].c` or `a.b.0.c` → ['a', 'b', '0', 'c']; undefined when it is not a name. */
export function splitName(name: string): string[] | undefined {
  if (!name) return undefined;
  const parts: string[] = [];
  const re = /([^.[\]]+)|\[\s*(-?\d+)\s*\]|(\.)/g;
  let m: RegExpExecArray | null;
  let expectSegment = true;
  let consumed = 0;
  while ((m = re.exec(name))) {
    if (m.index !== consumed) return undefined;
    consumed = m.index + m[0].length;
    if (m[3]) {
      if (expectSegment) return undefined;
      expectSegment = true;
    } else if (m[2] !== undefined) {
      if (parts.length === 0) return undefined;
      parts.push(m[2]);
      expectSegment = false;
    } else {
      if (!expectSegment) return undefined;
      parts.push(m[1].trim());
      expectSegment = false;
    }
  }
  if (consumed !== name.length || expectSegment) return undefined;
  return parts;
}

export type Lookup =
  | { found: true; value: unknown }
  /** `depth` = how many leading segments did resolve (0: not even the first). */
  | { found: false; depth: number };

export function lookupName(vars: Record<string, unknown>, parts: string[]): Lookup {
  let cur: unknown = vars;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (Array.isArray(cur)) {
      const idx = Number(p);
      if (!Number.isInteger(idx)) return { found: false, depth: i };
      const at = idx < 0 ? cur.length + idx : idx;
      if (at < 0 || at >= cur.length) return { found: false, depth: i };
      cur = cur[at];
    } else if (cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, p)) {
      cur = (cur as Record<string, unknown>)[p];
    } else {
      return { found: false, depth: i };
    }
  }
  return { found: true, value: cur };
}

export type TextResult = { ok: true; text: string } | { ok: false; message: string };

/** The text DVC puts in place of `${x}` inside a longer string. */
export function interpolationText(value: unknown, inCmd: boolean): TextResult {
  if (value === null || value === undefined) return { ok: true, text: 'None' };
  if (typeof value === 'boolean') return { ok: true, text: value ? 'true' : 'false' };
  if (typeof value === 'number') return { ok: true, text: pythonNumber(value) };
  if (typeof value === 'string') return { ok: true, text: value };
  if (inCmd && !Array.isArray(value) && typeof value === 'object') return unpackDict(value as Record<string, unknown>);
  const what = Array.isArray(value) ? 'list' : 'dict';
  return {
    ok: false,
    message: inCmd && what === 'list'
      ? `cannot interpolate a list inside a string; name one element, as in \${name[0]}`
      : `cannot interpolate a ${what} inside a string${inCmd ? '' : ' (dicts are unpacked into flags only in cmd)'}`,
  };
}

/** Numbers printed the way Python's str() does, so commands match what DVC records. */
export function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mant, exp] = n.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

// DVC's default parsing config: booleans as `--flag` (store_true), lists as `--key a b` (nargs).
function unpackDict(dict: Record<string, unknown>): TextResult {
  const parts: string[] = [];
  for (const [k, v] of flatten(dict, '')) {
    if (typeof v === 'boolean') {
      if (v) parts.push(`--${k}`);
    } else if (Array.isArray(v)) {
      if (v.some((x) => x !== null && typeof x === 'object')) return { ok: false, message: `cannot unpack the nested list under "${k}" into flags` };
      if (v.length) parts.push(`--${k} ${v.map((x) => (typeof x === 'string' ? shellQuote(x) : scalarText(x))).join(' ')}`);
    } else if (typeof v === 'string') {
      parts.push(`--${k} ${shellQuote(v)}`);
    } else {
      parts.push(`--${k} ${scalarText(v)}`);
    }
  }
  return { ok: true, text: parts.join(' ') };
}

function flatten(obj: Record<string, unknown>, prefix: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, key));
    else out.push([key, v]);
  }
  return out;
}

function scalarText(v: unknown): string {
  const r = interpolationText(v, false);
  return r.ok ? r.text : String(v);
}

/** Like Python's shlex.quote. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}
