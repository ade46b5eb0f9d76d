// A small schema checker for what crosses the API boundary. Input is rejected with a PonteError
// naming the field (`body.predictions[3].latencyMs`), before anything reaches the database, and
// strings PostgreSQL cannot store (NUL, lone surrogates) are caught here rather than as a 500.
import { PonteError } from '../errors';
import { LIMITS } from './types';

export type Schema =
  | { type: 'string'; max?: number; min?: number; pattern?: RegExp; enum?: readonly string[]; timestamp?: boolean }
  | { type: 'number'; integer?: boolean; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'null' }
  | { type: 'object'; props: Record<string, Schema>; required?: readonly string[] }
  | { type: 'record'; values: Schema; maxKeys?: number; keyMax?: number }
  | { type: 'array'; items: Schema; max: number; min?: number }
  | { type: 'json'; object?: boolean }
  | { type: 'oneOf'; options: readonly Schema[]; describe: string };

export function invalid(field: string, message: string, hint?: string): PonteError {
  return new PonteError('api.invalid', `${field}: ${message}`, { hint: hint ?? 'see docs/api.md for the shape of this request' });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v}`;
}

/**
 * Where a value sits (`body.predictions[3].latencyMs`), as a chain rendered only when something
 * is wrong: building the string at every node cost the proxy's recorder 13 µs a prediction,
 * several milliseconds of its event loop per batch.
 */
type At = string | { parent: At; key: string | number };

function render(at: At): string {
  if (typeof at === 'string') return at;
  const parent = render(at.parent);
  return typeof at.key === 'number' ? `${parent}[${at.key}]` : `${parent}.${at.key}`;
}

const child = (parent: At, key: string | number): At => ({ parent, key });
const keyOf = (at: At): string => `${render(at)} key`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any surrogate at all: the cheap test before the one that looks for a lone one. */
const SURROGATE = /[\uD800-\uDFFF]/;

function checkText(s: string, at: At | (() => string)): void {
  if (s.includes('\u0000')) throw invalid(typeof at === 'function' ? at() : render(at), 'contains a NUL character');
  if (SURROGATE.test(s) && LONE_SURROGATE.test(s)) throw invalid(typeof at === 'function' ? at() : render(at), 'contains a lone UTF-16 surrogate');
}

function checkJson(v: unknown, at: At, depth: number): void {
  if (depth > LIMITS.jsonDepth) throw invalid(render(at), `nests deeper than ${LIMITS.jsonDepth} levels`);
  if (typeof v === 'string') return checkText(v, at);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(render(at), 'is not a finite number');
    return;
  }
  if (v === null || typeof v === 'boolean') return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkJson(v[i], child(at, i), depth + 1);
    return;
  }
  if (typeof v === 'object') {
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      checkText(k, () => keyOf(at));
      checkJson((v as Record<string, unknown>)[k], child(at, k), depth + 1);
    }
    return;
  }
  throw invalid(render(at), `is ${describe(v)}, which JSON cannot hold`);
}

/** Throws a PonteError (`api.invalid`) for the first place `value` does not fit `schema`. */
export function validate(schema: Schema, value: unknown, field: string): void {
  check(schema, value, field);
}

function check(schema: Schema, value: unknown, at: At): void {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') throw invalid(render(at), `expected a string, got ${describe(value)}`);
      checkText(value, at);
      if (schema.min !== undefined && value.length < schema.min) throw invalid(render(at), `must not be empty`);
      if (schema.max !== undefined && value.length > schema.max) throw invalid(render(at), `is longer than ${schema.max} characters`);
      if (schema.enum && !schema.enum.includes(value)) throw invalid(render(at), `must be one of ${schema.enum.join(', ')}`);
      if (schema.pattern && !schema.pattern.test(value)) throw invalid(render(at), `has characters outside ${schema.pattern.source}`);
      if (schema.timestamp && !isTimestamp(value)) throw invalid(render(at), 'is not an ISO 8601 timestamp', 'write it like 2026-01-31T12:00:00Z');
      return;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(render(at), `expected a number, got ${describe(value)}`);
      if (schema.integer && !Number.isSafeInteger(value)) throw invalid(render(at), 'must be a whole number');
      if (schema.min !== undefined && value < schema.min) throw invalid(render(at), `must be at least ${schema.min}`);
      if (schema.max !== undefined && value > schema.max) throw invalid(render(at), `must be at most ${schema.max}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(render(at), `expected true or false, got ${describe(value)}`);
      return;
    case 'null':
      if (value !== null) throw invalid(render(at), `expected null, got ${describe(value)}`);
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(render(at), `expected an object, got ${describe(value)}`);
      const obj = value as Record<string, unknown>;
      for (const k in obj) {
        if (Object.hasOwn(obj, k) && !Object.hasOwn(schema.props, k)) {
          throw invalid(`${render(at)}.${k.slice(0, 50)}`, 'is not a known field', `known fields: ${Object.keys(schema.props).join(', ')}`);
        }
      }
      for (const k of schema.required ?? []) if (obj[k] === undefined) throw invalid(`${render(at)}.${k}`, 'is required');
      for (const k in schema.props) if (obj[k] !== undefined) check(schema.props[k], obj[k], child(at, k));
      return;
    }
    case 'record': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(render(at), `expected an object, got ${describe(value)}`);
      const entries = Object.entries(value);
      const maxKeys = schema.maxKeys ?? 1000;
      if (entries.length > maxKeys) throw invalid(render(at), `has more than ${maxKeys} keys`);
      const keyMax = schema.keyMax ?? LIMITS.nameLength;
      for (const [k, x] of entries) {
        checkText(k, () => keyOf(at));
        if (k.length === 0 || k.length > keyMax) throw invalid(keyOf(at), `must be 1 to ${keyMax} characters`);
        check(schema.values, x, child(at, k));
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) throw invalid(render(at), `expected an array, got ${describe(value)}`);
      if (value.length > schema.max) throw invalid(render(at), `has ${value.length} items, more than the limit of ${schema.max}`, 'split it into smaller batches');
      if (schema.min !== undefined && value.length < schema.min) throw invalid(render(at), `needs at least ${schema.min} item(s)`);
      for (let i = 0; i < value.length; i++) check(schema.items, value[i], child(at, i));
      return;
    }
    case 'json':
      if (value === undefined) throw invalid(render(at), 'is required');
      if (schema.object && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        throw invalid(render(at), `expected an object, got ${describe(value)}`);
      }
      checkJson(value, at, 0);
      return;
    case 'oneOf': {
      for (const s of schema.options) {
        try {
          check(s, value, at);
          return;
        } catch {
          // try the next option
        }
      }
      throw invalid(render(at), `expected ${schema.describe}, got ${describe(value)}`);
    }
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isTimestamp(s: string): boolean {
  return TIMESTAMP.test(s) && !Number.isNaN(Date.parse(s));
}

/** Validates and returns the value typed: the one way API input enters the store. */
export function checked<T>(schema: Schema, value: unknown, field: string): T {
  validate(schema, value, field);
  return value as T;
}
