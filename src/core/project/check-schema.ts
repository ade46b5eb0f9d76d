// Walks a located YAML tree against the schema model: unknown keys (with did-you-mean), wrong
// types, missing required keys, enum values, ranges, gate rules and durations. Names that refer to
// datasets, deployments or stages are collected for the semantic checks that follow.
import { parseGateRule } from '../gates/expression';
import type { Diagnostic } from './types';
import { closestNames, didYouMean } from './did-you-mean';
import { describeSchema, optionsOf, type RefKind, type SchemaNode } from './schema-model';
import { clip } from './message-text';
import { describeKind, diagnosticAt, type LMap, type LNode, type LScalar, type SourceFile } from './yaml-source';
import { wholeInterpolation } from './dvc-template';
import { countWork } from './work-meter';
import { NAME_RULE, isHttpPath, isProjectPath, isSafeName, safeNameLike } from './value-shapes';

export interface RefUse {
  kind: RefKind;
  name: string;
  node: LScalar;
}

export interface SchemaCheck {
  src: SourceFile;
  diagnostics: Diagnostic[];
  refs: RefUse[];
  /** dvc.yaml: a value that is exactly `${...}` may stand for any type. */
  templated: boolean;
  /** How the root is named in messages: `ponte.yaml`. */
  rootLabel: string;
}

/** Where a node hangs: the key that holds it, for messages and for pointing at missing keys. */
interface Holder {
  parent?: Holder;
  /** The key or list index under the parent; none for the root. */
  part?: string | number;
  keyStart: number;
  keyEnd: number;
}

/** `monitor.alerts[1].on`; built only for a message (most nodes never need one). */
function labelOf(check: SchemaCheck, holder: Holder): string {
  const parts: (string | number)[] = [];
  for (let h: Holder | undefined = holder; h && h.part !== undefined; h = h.parent) parts.unshift(h.part);
  if (parts.length === 0) return check.rootLabel;
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? clip(p) : `.${clip(p)}`)).join('');
}

export function checkSchema(check: SchemaCheck, node: LNode | undefined, schema: SchemaNode): void {
  if (!node) return;
  checkNode(check, node, schema, { keyStart: 0, keyEnd: 0 });
}

function checkNode(check: SchemaCheck, node: LNode, schema: SchemaNode, holder: Holder): void {
  if (schema.type === 'any') return;
  if (check.templated && node.kind === 'scalar' && typeof node.value === 'string' && wholeInterpolation(node.value)) return;
  if (node.kind === 'scalar' && typeof node.value === 'number' && !Number.isFinite(node.value) && acceptsNumber(schema)) {
    notFinite(check, node, schema, holder);
    return;
  }
  const option = pickOption(schema, node);
  if (!option) {
    // An empty value or a block below its key: the key is where to look.
    const atKey = holder.keyEnd > holder.keyStart && ((node.kind === 'scalar' && node.style === 'empty') || (node.kind !== 'scalar' && node.start > holder.keyEnd && !isFlow(check.src, node)));
    const [start, end] = atKey ? [holder.keyStart, holder.keyEnd] : [node.start, node.end];
    check.diagnostics.push(
      diagnosticAt(check.src, start, end, 'error', 'type.mismatch', `${labelOf(check, holder)} must be ${describeSchema(schema)}, not ${describeKind(node)}`),
    );
    return;
  }
  countWork(1);
  if (node.kind === 'map') checkMap(check, node, option, holder);
  else if (node.kind === 'seq') {
    const items = option.items;
    if (items) node.items.forEach((item, i) => checkNode(check, item, items, { parent: holder, part: i, keyStart: item.start, keyEnd: item.end }));
  } else checkScalar(check, node, option, holder);
}

function acceptsNumber(schema: SchemaNode): boolean {
  return optionsOf(schema).some((o) => o.type === 'number' || o.type === 'integer');
}

/** YAML's `.nan` and `.inf` are numbers to a parser, but no limit, threshold or count can be one. */
function notFinite(check: SchemaCheck, node: LScalar, schema: SchemaNode, holder: Holder): void {
  const written = check.src.text.slice(node.start, node.end);
  const orText = optionsOf(schema).some((o) => o.type === 'string') ? ', or quote it to mean the text' : '';
  const example = optionsOf(schema).map((o) => o.default).find((d): d is number => typeof d === 'number');
  check.diagnostics.push(
    diagnosticAt(
      check.src, node.start, node.end, 'error', 'value.not_finite',
      `${labelOf(check, holder)} must be a finite number, not ${clip(written)} (YAML reads it as ${String(node.value)}); write a number${example === undefined ? '' : ` such as ${String(example)}`}${orText}`,
    ),
  );
}

function isFlow(src: SourceFile, node: LNode): boolean {
  const c = src.text[node.start];
  return c === '{' || c === '[';
}

function pickOption(schema: SchemaNode, node: LNode): SchemaNode | undefined {
  const options = optionsOf(schema);
  for (const o of options) {
    if (o.type === 'any') return o;
    if (node.kind === 'map' && o.type === 'object') return o;
    if (node.kind === 'seq' && o.type === 'array') return o;
    if (node.kind !== 'scalar') continue;
    const v = node.value;
    if (v === null && o.type === 'null') return o;
    if (typeof v === 'string' && o.type === 'string') return o;
    if (typeof v === 'boolean' && o.type === 'boolean') return o;
    if (typeof v === 'number' && (o.type === 'number' || (o.type === 'integer' && Number.isInteger(v)))) return o;
  }
  return undefined;
}

function checkMap(check: SchemaCheck, node: LMap, schema: SchemaNode, holder: Holder): void {
  const props = schema.properties ?? {};
  const present = new Set(node.entries.map((e) => e.key));
  let freeKeys = 0;
  for (const e of node.entries) {
    const child: Holder = { parent: holder, part: e.key, keyStart: e.keyStart, keyEnd: e.keyEnd };
    const known = props[e.key];
    if (known?.deprecated) {
      check.diagnostics.push(diagnosticAt(check.src, e.keyStart, e.keyEnd, 'warning', 'key.deprecated', `"${clip(e.key)}" in ${labelOf(check, holder)}: ${known.deprecated}`));
      continue;
    }
    if (known) {
      checkNode(check, e.value, known, child);
      continue;
    }
    if (schema.values) {
      freeKeys++;
      if (schema.keyFormat === 'name' && !isSafeName(e.key)) {
        check.diagnostics.push(diagnosticAt(check.src, e.keyStart, e.keyEnd, 'error', 'name.invalid', unsafeName(`${schema.keyName ?? 'name'} ${JSON.stringify(clip(e.key))}`, e.key)));
      }
      if (schema.maxKeys !== undefined && freeKeys > schema.maxKeys) {
        check.diagnostics.push(
          diagnosticAt(check.src, e.keyStart, e.keyEnd, 'error', 'key.too_many', `${labelOf(check, holder)} holds one ${schema.keyName ?? 'key'} per entry; start a new "- " entry for "${clip(e.key)}"`),
        );
        continue;
      }
      checkNode(check, e.value, schema.values, child);
      continue;
    }
    const suggestions = closestNames(e.key, Object.keys(props).filter((k) => !present.has(k)));
    check.diagnostics.push(
      diagnosticAt(
        check.src,
        e.keyStart,
        e.keyEnd,
        'error',
        'key.unknown',
        `unknown key "${clip(e.key)}" in ${labelOf(check, holder)}${didYouMean(suggestions)}${suggestions.length ? '' : `; known keys: ${Object.keys(props).join(', ')}`}`,
        suggestions,
      ),
    );
  }
  for (const r of schema.required ?? []) {
    if (!present.has(r)) check.diagnostics.push(missing(check, holder, `${labelOf(check, holder)} needs "${r}"`));
  }
  if (schema.requireOneOf && !schema.requireOneOf.some((k) => present.has(k))) {
    check.diagnostics.push(missing(check, holder, `${labelOf(check, holder)} needs one of ${schema.requireOneOf.map((k) => `"${k}"`).join(', ')}`));
  }
  for (const group of schema.exclusive ?? []) {
    const found = node.entries.filter((e) => group.includes(e.key));
    for (const e of found.slice(1)) {
      check.diagnostics.push(
        diagnosticAt(check.src, e.keyStart, e.keyEnd, 'error', 'key.conflict', `"${e.key}" cannot be given together with "${found[0].key}" in ${labelOf(check, holder)}`),
      );
    }
  }
}

function missing(check: SchemaCheck, holder: Holder, message: string): Diagnostic {
  return diagnosticAt(check.src, holder.keyStart, holder.keyEnd, 'error', 'key.required', message);
}

function checkScalar(check: SchemaCheck, node: LScalar, schema: SchemaNode, holder: Holder): void {
  const v = node.value;
  if (schema.enum && !schema.enum.includes(v as string | number | boolean)) {
    const names = schema.enum.map(String);
    const suggestions = closestNames(String(v), names);
    check.diagnostics.push(
      diagnosticAt(
        check.src,
        node.start,
        node.end,
        'error',
        'value.enum',
        `${labelOf(check, holder)} must be one of ${names.map((n) => `"${n}"`).join(', ')}, not "${clip(String(v))}"${didYouMean(suggestions)}`,
        suggestions,
      ),
    );
    return;
  }
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) {
      check.diagnostics.push(diagnosticAt(check.src, node.start, node.end, 'error', 'value.range', `${labelOf(check, holder)} must be at least ${schema.minimum}, not ${v}`));
    } else if (schema.maximum !== undefined && v > schema.maximum) {
      check.diagnostics.push(diagnosticAt(check.src, node.start, node.end, 'error', 'value.range', `${labelOf(check, holder)} must be at most ${schema.maximum}, not ${v}`));
    }
  }
  if (typeof v !== 'string') return;
  if (schema.format === 'gate-rule') {
    const r = parseGateRule(v);
    if (!r.ok) {
      const at = valueOffset(node, r.offset);
      check.diagnostics.push(diagnosticAt(check.src, at, Math.max(at + 1, Math.min(node.end, at + 1)), 'error', 'gate.syntax', `gate rule for ${labelOf(check, holder)}: ${r.message}`));
    }
  } else if (schema.format === 'duration' && !/^\d+(\.\d+)?\s*(ms|s|m|h|d|w)$/.test(v.trim())) {
    check.diagnostics.push(
      diagnosticAt(check.src, node.start, node.end, 'error', 'value.format', `${labelOf(check, holder)} must be a duration such as "30s", "15m", "1h" or "7d", not "${clip(v)}"`),
    );
  } else if (schema.format === 'docker-target' && !DOCKER_TARGET.test(v)) {
    check.diagnostics.push(diagnosticAt(check.src, node.start, node.end, 'error', 'value.format', `${labelOf(check, holder)} must be "docker" (the local engine, or DOCKER_HOST) or "docker://host:port", not "${clip(v)}"`));
  } else if (schema.format === 'memory' && !MEMORY.test(v)) {
    check.diagnostics.push(diagnosticAt(check.src, node.start, node.end, 'error', 'value.format', `${labelOf(check, holder)} must be an amount of memory such as "512m" or "2g", not "${clip(v)}"`));
  } else if (schema.format === 'url' && !/^https?:\/\/\S+$/.test(v)) {
    check.diagnostics.push(diagnosticAt(check.src, node.start, node.end, 'error', 'value.format', `${labelOf(check, holder)} must be an http(s) URL, not "${clip(v)}"`));
  } else if (schema.format === 'name' && !isSafeName(v)) {
    check.diagnostics.push(diagnosticAt(check.src, node.start, node.end, 'error', 'name.invalid', unsafeName(`${labelOf(check, holder)} ${JSON.stringify(clip(v))}`, v)));
  } else if (schema.format === 'http-path' && !isHttpPath(v)) {
    const fixed = `/${v.trim().replace(/^\/*/, '').replace(/\s+/g, '')}`;
    check.diagnostics.push(
      diagnosticAt(check.src, node.start, node.end, 'error', 'value.http_path', `${labelOf(check, holder)} must be an HTTP path that starts with "/" and holds no spaces, not ${JSON.stringify(clip(v))}; write ${JSON.stringify(clip(fixed))}`, [fixed]),
    );
  } else if (schema.format === 'project-path' && !isProjectPath(v)) {
    check.diagnostics.push(
      diagnosticAt(check.src, node.start, node.end, 'error', 'path.outside_project', `${labelOf(check, holder)} ${JSON.stringify(clip(v))} points outside the project: write it relative to the folder of ponte.yaml, without ".." (such as ${JSON.stringify(schema.examples?.[0] ?? 'reports/out.xml')})`),
    );
  }
  if (schema.ref) check.refs.push({ kind: schema.ref, name: v, node });
}

function unsafeName(what: string, name: string): string {
  return `${what} may hold only ${NAME_RULE}: it becomes part of container names, Docker labels, URLs and Prometheus labels; rename it, e.g. ${JSON.stringify(safeNameLike(name))}`;
}

/** `docker`, or `docker://host:port` (a name, an IPv4 address or a bracketed IPv6 one). */
export const DOCKER_TARGET = /^docker(:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):\d{1,5})?$/;
/** Docker's memory amounts: a number of bytes, or with b, k, m or g. */
export const MEMORY = /^\d+(\.\d+)?\s*[bkmg]?$/i;

/** The source offset of a character of a scalar's value (exact for plain and simply quoted text). */
export function valueOffset(node: LScalar, offset: number): number {
  if (node.style === 'plain') return Math.min(node.start + offset, node.end);
  if (node.style === 'quoted') return Math.min(node.start + 1 + offset, Math.max(node.start, node.end - 1));
  return node.start;
}
