// Values read from params and lock files, as Python (and so DVC) sees them: a float stays a
// float even when it is whole (`C: 1.0`), because dvc.lock writes Python's repr of each value.
// Equality ignores the difference, as Python does (1 == 1.0).
import { isMap, isScalar, isSeq, type Node } from 'yaml';

/** A float whose value is a whole number, or infinite/NaN: JS numbers cannot say "float" alone. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A date or date-time, as ruamel.yaml writes Python's date and datetime into dvc.lock: plain. */
export class PyDate {
  constructor(readonly text: string) {}
}

export type PyValue = null | boolean | number | string | PyFloat | PyDate | PyValue[] | { [key: string]: PyValue };

/** A mapping of names to values (not a list, float or date). */
export function isPyMapping(v: unknown): v is { [key: string]: PyValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyFloat) && !(v instanceof PyDate);
}

/** The plain scalars YAML 1.1 (ruamel, so DVC) reads as dates: they stay dates when written back. */
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

const FLOAT_SOURCE = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)[eE][-+]?[0-9]+$|^[-+]?[0-9_]*\.[0-9_]*$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;

/** Converts a parsed YAML node (from `parseDocument`) keeping int/float apart. */
export function pyValueOfNode(node: unknown): PyValue {
  if (node === null || node === undefined) return null;
  if (isMap(node)) {
    const out: { [key: string]: PyValue } = {};
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[k] = pyValueOfNode(pair.value);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((n) => pyValueOfNode(n));
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') {
      const src = typeof node.source === 'string' ? node.source : '';
      if (Number.isInteger(v) && FLOAT_SOURCE.test(src)) return new PyFloat(v);
      if (!Number.isFinite(v)) return new PyFloat(v);
      return v;
    }
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'string' && node.type === 'PLAIN' && TIMESTAMP.test(v)) return new PyDate(v);
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (v instanceof Date) return v.toISOString();
    return String(node); // another tag's value: the yaml library's text of it
  }
  return pyValueOfNode((node as Node).toJSON?.());
}

/** The plain JSON value: floats become numbers. */
export function plainOf(v: PyValue): unknown {
  if (v instanceof PyFloat) return v.value;
  if (v instanceof PyDate) return v.text;
  if (Array.isArray(v)) return v.map(plainOf);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainOf(x);
    return out;
  }
  return v;
}

/** Python equality: 1 == 1.0, dicts by keys regardless of order, lists in order; dates by their text. */
export function pyEqual(a: PyValue | undefined, b: PyValue | undefined): boolean {
  const x = a instanceof PyFloat ? a.value : a instanceof PyDate ? a.text : a;
  const y = b instanceof PyFloat ? b.value : b instanceof PyDate ? b.text : b;
  if (typeof x === 'number' && typeof y === 'number') return x === y || (Number.isNaN(x) && Number.isNaN(y));
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    return x.every((v, i) => pyEqual(v, y[i]));
  }
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && pyEqual((x as Record<string, PyValue>)[k], (y as Record<string, PyValue>)[k]));
  }
  return x === y;
}

/** Python's repr of a float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const sign = n < 0 ? '-' : '';
  const [mant, expText] = Math.abs(n).toExponential().split('e');
  const exp = Number(expText);
  const digits = mant.replace('.', '');
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${intPart}.${frac || '0'}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits[0];
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Flattens nested mappings with dots, as DVC and experiment tables show params and metrics. */
export function flattenWithDots(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value instanceof PyFloat || value instanceof PyDate) {
    out[prefix] = plainOf(value);
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out[prefix] = {};
    for (const [k, v] of entries) flattenWithDots(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}
