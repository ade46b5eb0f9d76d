// The one description of what a pipeline file may hold: keys, types, required fields, enum
// values and the docs shown in hovers. Validation, completion, hovers and the published JSON
// Schemas are all derived from it, so they cannot disagree.

/** What a name in a field refers to; checked against the names the files declare. */
export type RefKind = 'dataset' | 'deployment' | 'stage';

export interface SchemaNode {
  type: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'any' | 'union';
  /** Markdown; shown in hovers and completion, and published in the JSON Schema. */
  description?: string;
  /** object: the keys it knows. */
  properties?: Record<string, SchemaNode>;
  required?: string[];
  /** object: at least one of these keys must be present. */
  requireOneOf?: string[];
  /** object: in each group, at most one of the keys may be present. */
  exclusive?: string[][];
  /** object with free keys (dataset names, file paths): the schema of each value. */
  values?: SchemaNode;
  /** What the free keys are, for messages and completion: "dataset name". */
  keyName?: string;
  /** object with free keys: at most this many (DVC's `- path: {options}` has one). */
  maxKeys?: number;
  /** array */
  items?: SchemaNode;
  /** union: one option per YAML shape (mapping, list, or a scalar type). */
  anyOf?: SchemaNode[];
  enum?: readonly (string | number | boolean)[];
  /** Docs for each enum value, shown when hovering the value. */
  enumDocs?: Record<string, string>;
  minimum?: number;
  maximum?: number;
  /** A string in a small language checked here: gate rules and durations. */
  format?: 'gate-rule' | 'duration' | 'url' | 'docker-target' | 'memory' | 'name' | 'http-path' | 'project-path';
  /** object with free keys: the keys are names other systems receive (see value-shapes.ts). */
  keyFormat?: 'name';
  /** The value names a dataset, deployment or stage. */
  ref?: RefKind;
  /** A default shown in hovers. */
  default?: unknown;
  /** Still read, but gone from the format: a warning saying this, and no further checks. */
  deprecated?: string;
  examples?: string[];
}

type Extra = Omit<SchemaNode, 'type' | 'description'>;

export function str(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'string', description, ...extra };
}
export function num(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'number', description, ...extra };
}
export function int(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'integer', description, ...extra };
}
export function bool(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'boolean', description, ...extra };
}
export function any(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'any', description, ...extra };
}
export function nul(description: string): SchemaNode {
  return { type: 'null', description };
}
export function enumOf(description: string, docs: Record<string, string>, extra: Extra = {}): SchemaNode {
  return { type: 'string', description, enum: Object.keys(docs), enumDocs: docs, ...extra };
}
export function obj(description: string, properties: Record<string, SchemaNode>, extra: Extra = {}): SchemaNode {
  return { type: 'object', description, properties, ...extra };
}
/** An object whose keys are names the user picks. */
export function dict(description: string, keyName: string, values: SchemaNode, extra: Extra = {}): SchemaNode {
  return { type: 'object', description, keyName, values, ...extra };
}
export function list(description: string, items: SchemaNode, extra: Extra = {}): SchemaNode {
  return { type: 'array', description, items, ...extra };
}
export function oneOf(description: string, options: SchemaNode[]): SchemaNode {
  return { type: 'union', description, anyOf: options };
}

const optionsCache = new WeakMap<SchemaNode, SchemaNode[]>();

/** The options of a union, flattened (or the node itself). Cached: validation asks per node. */
export function optionsOf(schema: SchemaNode): SchemaNode[] {
  let options = optionsCache.get(schema);
  if (!options) {
    options = schema.type !== 'union' ? [schema] : (schema.anyOf ?? []).flatMap(optionsOf);
    optionsCache.set(schema, options);
  }
  return options;
}

/** The schema of a key inside an object schema (a known property, else the free-key value). */
export function childOf(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!schema) return undefined;
  for (const opt of optionsOf(schema)) {
    if (opt.type === 'object') {
      const p = opt.properties?.[key];
      if (p) return p;
      if (opt.values) return opt.values;
    }
  }
  return undefined;
}

/** The schema of the items of a list schema. */
export function itemOf(schema: SchemaNode | undefined): SchemaNode | undefined {
  if (!schema) return undefined;
  for (const opt of optionsOf(schema)) if (opt.type === 'array') return opt.items;
  return undefined;
}

/** Follow a path of keys (strings) and list indexes (numbers) through a schema. */
export function schemaAt(root: SchemaNode, path: (string | number)[]): SchemaNode | undefined {
  let cur: SchemaNode | undefined = root;
  for (const p of path) {
    cur = typeof p === 'number' ? itemOf(cur) : childOf(cur, p);
    if (!cur) return undefined;
  }
  return cur;
}

/** The known keys of an object schema (all options of a union). */
export function propertiesOf(schema: SchemaNode | undefined): Record<string, SchemaNode> {
  const out: Record<string, SchemaNode> = {};
  if (!schema) return out;
  for (const opt of optionsOf(schema)) if (opt.type === 'object' && opt.properties) Object.assign(out, opt.properties);
  return out;
}

/** A short text for the expected type, for messages: "a string or a list". */
export function describeSchema(schema: SchemaNode): string {
  const names = optionsOf(schema).map((o) => {
    switch (o.type) {
      case 'object':
        return 'a mapping';
      case 'array':
        return 'a list';
      case 'integer':
        return 'an integer';
      case 'null':
        return 'nothing';
      case 'any':
        return 'any value';
      default:
        return o.enum ? `one of ${o.enum.map((e) => JSON.stringify(e)).join(', ')}` : `a ${o.type}`;
    }
  });
  const unique = [...new Set(names)];
  return unique.length <= 1 ? (unique[0] ?? 'a value') : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}
