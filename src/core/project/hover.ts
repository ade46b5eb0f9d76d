// Hovers in pipeline files: the schema's documentation of the key under the cursor (and of an
// enum value), and in dvc.yaml what a `${...}` resolves to.
import type { Position, SpecFileAccess, SpecHover, SpecKind } from './types';
import { editorArgs, type EditorOptions } from './editor-args';
import { describeSchema, optionsOf, propertiesOf, schemaAt, type SchemaNode } from './schema-model';
import { schemaFor } from './spec-schemas';
import { MAX_EDITOR_TEXT, parseYamlSource, valueOf, type LNode, type LScalar, type SourceFile } from './yaml-source';
import { expandDvcStages, parseDvcPipeline, type ExpandResult } from './dvc-pipeline';
import { findInterpolations } from './dvc-template';
import { lookupInScope } from './dvc-variables';
import type { PathPart } from './cursor-context';

/** The documentation of a key, in markdown: its type, description, values and default. */
export function markdownFor(key: string, schema: SchemaNode, keyName?: string): string {
  const parts = [`**${key}**${keyName ? ` (${keyName})` : ''} — ${describeSchema(schema)}`];
  const descriptions = [...new Set([schema.description, ...optionsOf(schema).map((o) => o.description)].filter(Boolean))];
  if (descriptions.length) parts.push(descriptions[0]!);
  for (const o of optionsOf(schema)) {
    if (o.enumDocs) parts.push(Object.entries(o.enumDocs).map(([v, d]) => `- \`${v}\`: ${d}`).join('\n'));
    const props = Object.keys(o.properties ?? {});
    if (o.type === 'object' && props.length) parts.push(`Keys: ${props.map((p) => `\`${p}\``).join(', ')}${o.required?.length ? ` (required: ${o.required.map((r) => `\`${r}\``).join(', ')})` : ''}`);
  }
  const def = optionsOf(schema).find((o) => o.default !== undefined)?.default ?? schema.default;
  if (def !== undefined) parts.push(`Default: \`${JSON.stringify(def)}\``);
  return parts.join('\n\n');
}

interface Hit {
  path: PathPart[];
  /** The key itself, or a value. */
  on: 'key' | 'value';
  start: number;
  end: number;
  node?: LScalar;
}

function locate(node: LNode | undefined, offset: number, path: PathPart[]): Hit | undefined {
  if (!node) return undefined;
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (offset >= e.keyStart && offset <= e.keyEnd && e.keyEnd > e.keyStart) return { path: [...path, e.key], on: 'key', start: e.keyStart, end: e.keyEnd };
      const v = e.value;
      if (offset >= v.start && offset <= v.end && !(v.kind === 'scalar' && v.style === 'empty')) {
        const inner = locate(v, offset, [...path, e.key]);
        if (inner) return inner;
      }
    }
    return undefined;
  }
  if (node.kind === 'seq') {
    for (let i = 0; i < node.items.length; i++) {
      const it = node.items[i];
      if (offset >= it.start && offset <= it.end) return locate(it, offset, [...path, i]);
    }
    return undefined;
  }
  return { path, on: 'value', start: node.start, end: node.end, node };
}

export function hoverAt(text: string, kind: SpecKind, offset: number, fs?: SpecFileAccess): SpecHover | undefined;
export function hoverAt(text: string, position: Position, options: EditorOptions): SpecHover | undefined;
export function hoverAt(text: string, a: SpecKind | Position, b?: number | EditorOptions, c?: SpecFileAccess): SpecHover | undefined {
  const { kind, offset, fs, checked } = editorArgs(text, a, b, c);
  if (text.length > MAX_EDITOR_TEXT) return undefined;
  try {
    // At most one parse per hover, none when the editor's check of this text is given: a dvc.yaml's
    // parse (and expansion) also serves the stage and `${}` hovers below.
    const pipeline = kind === 'dvc' ? (checked?.pipeline ?? parseDvcPipeline(text, 'dvc.yaml')) : undefined;
    const expand = (): ExpandResult => (checked?.pipeline === pipeline && checked?.expanded) || expandDvcStages(pipeline!, { fs });
    const src = pipeline?.source ?? checked?.source ?? parseYamlSource(text, 'ponte.yaml');
    const hit = locate(src.root, offset, []);
    if (!hit) return undefined;
    const root = schemaFor[kind];
    if (hit.on === 'key') {
      const key = String(hit.path[hit.path.length - 1]);
      const parent = schemaAt(root, hit.path.slice(0, -1));
      const schema = schemaAt(root, hit.path);
      if (!schema) return undefined;
      const known = propertiesOf(parent)[key];
      const keyName = known ? undefined : optionsOf(parent!).find((o) => o.keyName)?.keyName;
      let markdown = markdownFor(key, schema, keyName);
      if (pipeline && hit.path.length === 2 && hit.path[0] === 'stages') markdown += stageSummary(expand(), key);
      return { range: src.rangeOf(hit.start, hit.end), markdown };
    }
    const node = hit.node!;
    if (pipeline && typeof node.value === 'string' && node.value.includes('${')) {
      const md = interpolationHover(pipeline.source, expand, text, node, offset);
      if (md) return md;
    }
    const schema = schemaAt(root, hit.path);
    if (!schema) return undefined;
    for (const o of optionsOf(schema)) {
      const doc = o.enumDocs?.[String(node.value)];
      if (doc) return { range: src.rangeOf(hit.start, hit.end), markdown: `**${String(node.value)}**: ${doc}` };
      if (o.ref === 'dataset' || o.ref === 'deployment') {
        const md = declarationHover(src.root, o.ref, String(node.value));
        if (md) return { range: src.rangeOf(hit.start, hit.end), markdown: md };
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function interpolationHover(src: SourceFile, expand: () => ExpandResult, text: string, node: LScalar, offset: number): SpecHover | undefined {
  const raw = text.slice(node.start, node.end);
  const found = findInterpolations(raw).find((i) => offset >= node.start + i.start && offset <= node.start + i.end);
  if (!found) return undefined;
  const range = src.rangeOf(node.start + found.start, node.start + found.end);
  const scope = expand().scope;
  const r = lookupInScope(scope, found.name);
  if (r.found) return { range, markdown: `\`\${${found.name}}\` = \`${JSON.stringify(r.value)}\`` };
  if (/^(item|key)\b/.test(found.name)) return { range, markdown: `\`\${${found.name}}\`: set for each stage that foreach or matrix generates` };
  return { range, markdown: `\`\${${found.name}}\`: not found in params.yaml or vars` };
}

/** A name that refers to a dataset or deployment: what its declaration says. */
function declarationHover(root: LNode | undefined, ref: 'dataset' | 'deployment', name: string): string | undefined {
  const decl = valueOf(valueOf(root, ref === 'dataset' ? 'datasets' : 'deployments'), name);
  if (!decl || decl.kind !== 'map') return undefined;
  const fields = decl.entries
    .filter((e) => e.value.kind === 'scalar')
    .map((e) => `${e.key}: \`${String((e.value as LScalar).value)}\``)
    .join(', ');
  return `${ref} **${name}**${fields ? ` — ${fields}` : ''}`;
}

// A hover stays readable: the first few generated stages, then a count.
const SHOWN_STAGES = 8;

/** Under a stage's name in dvc.yaml: the stages it generates, with their commands after templating. */
function stageSummary(expanded: ExpandResult, name: string): string {
  const stages = expanded.stages.filter((s) => s.group === name);
  if (stages.length === 0) return '';
  const lines = stages.slice(0, SHOWN_STAGES).map((s) => `- \`${s.name}\`: \`${s.cmd.join(' && ') || '(no command)'}\``);
  if (stages.length > SHOWN_STAGES) lines.push(`- … and ${stages.length - SHOWN_STAGES} more`);
  const title = stages.length === 1 && stages[0].name === name ? 'Runs' : `Generates ${stages.length} stage${stages.length === 1 ? '' : 's'}`;
  return `\n\n${title}:\n${lines.join('\n')}`;
}
