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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(s: string, field: string): void {
  if (s.includes('\u0000')) throw invalid(field, 'contains a NUL character');
  if (LONE_SURROGATE.test(s)) throw invalid(field, 'contains a lone UTF-16 surrogate');
}

function checkJson(v: unknown, field: string, depth: number): void {
  if (depth > LIMITS.jsonDepth) throw invalid(field, `nests deeper than ${LIMITS.jsonDepth} levels`);
  if (typeof v === 'string') return checkText(v, field);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(field, 'is not a finite number');
    return;
  }
  if (v === null || typeof v === 'boolean') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkJson(x, `${field}[${i}]`, depth + 1));
    return;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      checkText(k, `${field} key`);
      checkJson(x, `${field}.${k}`, depth + 1);
    }
    return;
  }
  throw invalid(field, `is ${describe(v)}, which JSON cannot hold`);
}

/** Throws a PonteError (`api.invalid`) for the first place `value` does not fit `schema`. */
export function validate(schema: Schema, value: unknown, field: string): void {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') throw invalid(field, `expected a string, got ${describe(value)}`);
      checkText(value, field);
      if (schema.min !== undefined && value.length < schema.min) throw invalid(field, `must not be empty`);
      if (schema.max !== undefined && value.length > schema.max) throw invalid(field, `is longer than ${schema.max} characters`);
      if (schema.enum && !schema.enum.includes(value)) throw invalid(field, `must be one of ${schema.enum.join(', ')}`);
      if (schema.pattern && !schema.pattern.test(value)) throw invalid(field, `has characters outside ${schema.pattern.source}`);
      if (schema.timestamp && !isTimestamp(value)) throw invalid(field, 'is not an ISO 8601 timestamp', 'write it like 2026-01-31T12:00:00Z');
      return;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, `expected a number, got ${describe(value)}`);
      if (schema.integer && !Number.isSafeInteger(value)) throw invalid(field, 'must be a whole number');
      if (schema.min !== undefined && value < schema.min) throw invalid(field, `must be at least ${schema.min}`);
      if (schema.max !== undefined && value > schema.max) throw invalid(field, `must be at most ${schema.max}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(field, `expected true or false, got ${describe(value)}`);
      return;
    case 'null':
      if (value !== null) throw invalid(field, `expected null, got ${describe(value)}`);
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, `expected an object, got ${describe(value)}`);
      const obj = value as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        if (!Object.hasOwn(schema.props, k)) {
          throw invalid(`${field}.${k.slice(0, 50)}`, 'is not a known field', `known fields: ${Object.keys(schema.props).join(', ')}`);
        }
      }
      for (const k of schema.required ?? []) if (obj[k] === undefined) throw invalid(`${field}.${k}`, 'is required');
      for (const [k, s] of Object.entries(schema.props)) if (obj[k] !== undefined) validate(s, obj[k], `${field}.${k}`);
      return;
    }
    case 'record': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, `expected an object, got ${describe(value)}`);
      const entries = Object.entries(value);
      const maxKeys = schema.maxKeys ?? 1000;
      if (entries.length > maxKeys) throw invalid(field, `has more than ${maxKeys} keys`);
      for (const [k, x] of entries) {
        checkText(k, `${field} key`);
        if (k.length === 0 || k.length > (schema.keyMax ?? LIMITS.nameLength)) throw invalid(`${field} key`, `must be 1 to ${schema.keyMax ?? LIMITS.nameLength} characters`);
        validate(schema.values, x, `${field}.${k}`);
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) throw invalid(field, `expected an array, got ${describe(value)}`);
      if (value.length > schema.max) throw invalid(field, `has ${value.length} items, more than the limit of ${schema.max}`, 'split it into smaller batches');
      if (schema.min !== undefined && value.length < schema.min) throw invalid(field, `needs at least ${schema.min} item(s)`);
      value.forEach((x, i) => validate(schema.items, x, `${field}[${i}]`));
      return;
    }
    case 'json':
      if (value === undefined) throw invalid(field, 'is required');
      if (schema.object && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        throw invalid(field, `expected an object, got ${describe(value)}`);
      }
      checkJson(value, field, 0);
      return;
    case 'oneOf': {
      for (const s of schema.options) {
        try {
          validate(s, value, field);
          return;
        } catch {
          // try the next option
        }
      }
      throw invalid(field, `expected ${schema.describe}, got ${describe(value)}`);
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
