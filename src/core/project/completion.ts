// Completion in pipeline files: the keys the schema allows at the cursor (minus those present),
// enum values, the names of datasets, deployments and stages where a field refers to one, stage
// outputs for deps, and `${` variables from params.yaml, vars and foreach/matrix items.
import type { Position, SpecCompletion, SpecFileAccess, SpecKind } from './types';
import { editorArgs, type EditorOptions } from './editor-args';
import { cursorContext, type CursorContext } from './cursor-context';
import { describeSchema, itemOf, optionsOf, propertiesOf, schemaAt, type SchemaNode } from './schema-model';
import { schemaFor } from './spec-schemas';
import { expandDvcStages, parseDvcPipeline, type DvcPipeline, type ExpandResult } from './dvc-pipeline';
import type { CheckedFile } from './validate';
import { childScope, lookupInScope, scopeNames } from './dvc-variables';
import { wholeInterpolation } from './dvc-template';
import { pipelineStageNames } from './ponte-checks';
import { entryOf, MAX_EDITOR_TEXT, parseYamlSource, toPlain, valueOf, type LNode } from './yaml-source';
import { markdownFor } from './hover';

export function completeAt(text: string, kind: SpecKind, offset: number, fs?: SpecFileAccess): SpecCompletion[];
export function completeAt(text: string, position: Position, options: EditorOptions): SpecCompletion[];
export function completeAt(text: string, a: SpecKind | Position, b?: number | EditorOptions, c?: SpecFileAccess): SpecCompletion[] {
  const { kind, offset, fs, checked } = editorArgs(text, a, b, c);
  if (text.length > MAX_EDITOR_TEXT) return [];
  try {
    const ctx = cursorContext(text, offset);
    const parsed = parsedPipeline(text, kind, fs, checked);
    const items = ctx.mode === 'variable' ? variables(parsed, ctx) : ctx.mode === 'key' ? keysOrValues(text, kind, ctx, fs, parsed) : values(text, kind, ctx, fs, parsed);
    const partial = ctx.partial.toLowerCase();
    return items.filter((i) => i.label.toLowerCase().startsWith(partial) || partial === '');
  } catch {
    // Completion must never break typing.
    return [];
  }
}

/** A dvc.yaml's parse and expansion, made at most once per request, or taken from the editor's check. */
interface ParsedPipeline {
  pipeline(): DvcPipeline;
  expanded(): ExpandResult;
}

function parsedPipeline(text: string, kind: SpecKind, fs: SpecFileAccess | undefined, checked: CheckedFile | undefined): ParsedPipeline | undefined {
  if (kind !== 'dvc') return undefined;
  let pipeline = checked?.pipeline;
  let expanded = checked?.pipeline && checked.expanded;
  return {
    pipeline: () => (pipeline ??= parseDvcPipeline(text, 'dvc.yaml')),
    expanded: () => (expanded ||= expandDvcStages((pipeline ??= parseDvcPipeline(text, 'dvc.yaml')), { fs })),
  };
}

function keysOrValues(text: string, kind: SpecKind, ctx: CursorContext, fs: SpecFileAccess | undefined, parsed: ParsedPipeline | undefined): SpecCompletion[] {
  const schema = schemaAt(schemaFor[kind], ctx.path);
  if (!schema) return [];
  const isObject = optionsOf(schema).some((o) => o.type === 'object');
  if (!isObject) return valueItems(text, kind, schema, ctx, fs, parsed);
  const props = propertiesOf(schema);
  // `- ` in a list of `path` or `path: {options}`: the paths are what to offer.
  const scalarToo = optionsOf(schema).some((o) => o.type === 'string');
  const out: SpecCompletion[] = scalarToo ? valueItems(text, kind, schema, ctx, fs, parsed) : [];
  for (const [key, s] of Object.entries(props)) {
    if (ctx.siblings.includes(key) || s.deprecated) continue;
    const nested = optionsOf(s).every((o) => o.type === 'object' || o.type === 'array');
    out.push({ label: key, kind: 'key', detail: describeSchema(s), documentation: markdownFor(key, s), insertText: nested ? `${key}:\n` : `${key}: ` });
  }
  return out;
}

function values(text: string, kind: SpecKind, ctx: CursorContext, fs: SpecFileAccess | undefined, parsed: ParsedPipeline | undefined): SpecCompletion[] {
  let schema = schemaAt(schemaFor[kind], ctx.key === undefined ? ctx.path : [...ctx.path, ctx.key]);
  if (!schema) return [];
  if (ctx.key === undefined || ctx.partial.startsWith('[')) schema = itemOf(schema) ?? schema;
  return valueItems(text, kind, schema, ctx, fs, parsed);
}

function valueItems(text: string, kind: SpecKind, schema: SchemaNode, ctx: CursorContext, fs: SpecFileAccess | undefined, parsed: ParsedPipeline | undefined): SpecCompletion[] {
  const out: SpecCompletion[] = [];
  for (const o of optionsOf(schema)) {
    if (o.enum) for (const v of o.enum) out.push({ label: String(v), kind: 'value', documentation: o.enumDocs?.[String(v)], detail: o.description });
    if (o.type === 'boolean') out.push({ label: 'true', kind: 'value' }, { label: 'false', kind: 'value' });
    if (o.examples && !o.enum && !o.format) for (const e of o.examples) out.push({ label: e, kind: 'value', detail: o.description });
    if (o.format === 'gate-rule' || o.format === 'duration') for (const e of o.examples ?? []) out.push({ label: e, kind: 'value', insertText: o.format === 'gate-rule' ? `"${e}"` : e });
    if (o.ref === 'dataset') for (const n of sectionNames(text, 'datasets')) out.push({ label: n, kind: 'dataset', detail: 'dataset' });
    if (o.ref === 'deployment') for (const n of sectionNames(text, 'deployments')) out.push({ label: n, kind: 'value', detail: 'deployment' });
    if (o.ref === 'stage' && fs) {
      const file = pipelineFileOf(text);
      for (const n of pipelineStageNames(file, fs) ?? []) out.push({ label: n, kind: 'stage', detail: `stage in ${file}` });
    }
  }
  // In dvc.yaml, a dep is often another stage's output.
  if (parsed && (ctx.path.includes('deps') || ctx.key === 'deps')) {
    const expanded = parsed.expanded();
    const stage = ctx.path[1];
    for (const s of expanded.stages) {
      if (s.group === stage) continue;
      for (const o of [...s.outs, ...s.metrics]) out.push({ label: o.path, kind: 'value', detail: `output of stage ${s.name}` });
    }
  }
  const seen = new Set<string>();
  return out.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
}

/** The keys of a top-level section, read from the text even when it does not parse. */
export function sectionNames(text: string, section: string): string[] {
  const parsed = parseYamlSource(text, 'x.yaml');
  const node = valueOf(parsed.root, section);
  if (node?.kind === 'map') return node.entries.map((e) => e.key);
  const names: string[] = [];
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^${section}\\s*:\\s*(#.*)?$`).test(l));
  if (start === -1) return names;
  let indent = -1;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const col = line.length - line.trimStart().length;
    if (col === 0) break;
    if (indent === -1) indent = col;
    const m = /^\s*([^\s:#][^:#]*?)\s*:/.exec(line);
    if (col === indent && m) names.push(m[1]);
  }
  return names;
}

function pipelineFileOf(text: string): string {
  const m = /^pipeline\s*:\s*["']?([^"'#\s]+)/m.exec(text);
  return m ? m[1] : 'dvc.yaml';
}

function variables(parsed: ParsedPipeline | undefined, ctx: CursorContext): SpecCompletion[] {
  if (!parsed) return [];
  const pipeline = parsed.pipeline();
  const expanded = parsed.expanded();
  let scope = expanded.scope;
  const names: SpecCompletion[] = [];
  const stageName = ctx.path[0] === 'stages' ? ctx.path[1] : undefined;
  const def = typeof stageName === 'string' ? entryOf(valueOf(pipeline.source.root, 'stages'), stageName)?.value : undefined;
  if (def) {
    const foreach = valueOf(def, 'foreach');
    const matrix = valueOf(def, 'matrix');
    if (foreach) {
      const items = valuesOf(foreach, scope);
      if (items && !Array.isArray(items) && typeof items === 'object') {
        names.push({ label: 'key', kind: 'variable', detail: 'the key of this foreach item' });
        scope = childScope(scope, { item: Object.values(items)[0] });
      } else if (Array.isArray(items)) scope = childScope(scope, { item: items[0] });
      names.push({ label: 'item', kind: 'variable', detail: 'the foreach item' });
    } else if (matrix?.kind === 'map') {
      const item: Record<string, unknown> = {};
      for (const e of matrix.entries) {
        const v = valuesOf(e.value, scope);
        item[e.key] = Array.isArray(v) ? v[0] : undefined;
      }
      scope = childScope(scope, { item });
    }
  }
  for (const n of scopeNames(scope)) {
    const found = lookupInScope(scope, n);
    const value = found.found ? found.value : undefined;
    const detail = value !== null && typeof value === 'object' ? (Array.isArray(value) ? 'list' : 'mapping') : JSON.stringify(value);
    names.push({ label: n, kind: 'variable', detail, insertText: n });
  }
  const seen = new Set<string>();
  return names.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
}

function valuesOf(node: LNode, scope: Parameters<typeof lookupInScope>[0]): unknown {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const whole = wholeInterpolation(node.value);
    if (whole) {
      const r = lookupInScope(scope, whole.name);
      return r.found ? r.value : undefined;
    }
  }
  return toPlain(node);
}
