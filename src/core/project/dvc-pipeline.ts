// dvc.yaml → the concrete stages DVC would run, after templating. Contract (used by `ponte run`):
//   parseDvcPipeline(text, file) never throws; expandDvcStages(p, {dir?, fs?, params?, vars?}) returns
//   {stages, groups, diagnostics}: `${}` from params.yaml + `vars`, foreach (`name@key`), matrix
//   (`name@v1-v2`), stage `vars`. Paths stay as written (relative to the stage's wdir); a stage whose
//   templating fails is still listed, with the failing text left in place and a diagnostic.
import { channel } from 'node:diagnostics_channel';
import type { Diagnostic, Range, SpecFileAccess } from './types';
import { diagnosticAt, entryOf, parseYamlSource, toPlain, valueOf, type LEntry, type LNode, type LScalar, type SourceFile } from './yaml-source';
import { findInterpolations, interpolationText, wholeInterpolation } from './dvc-template';
import { childScope, loadGlobalScope, loadVarsEntries, lookupInScope, type VarScope } from './dvc-variables';
import { nodeFileAccess } from './file-access';

export interface DvcPipeline {
  file: string;
  source: SourceFile;
  /** The `stages:` entries as written: name → definition. */
  stageEntries: LEntry[];
  /** YAML syntax problems; the schema and semantic checks live in validate. */
  diagnostics: Diagnostic[];
}

export interface DvcPath {
  /** As written (after templating), relative to the stage's wdir. */
  path: string;
  /** `cache`, `persist`, `remote`, `x`, `template`... for the entries written as `- path: {...}`. */
  options: Record<string, unknown>;
  range: Range;
}

export interface DvcParamRef {
  /** Relative to the stage's wdir; `params.yaml` for plain keys. */
  file: string;
  /** null: the whole file is a dependency. */
  keys: string[] | null;
  range: Range;
}

export interface DvcStage {
  /** The name DVC addresses it by: `train`, `train@us`, `train@rf-small`. */
  name: string;
  /** The name as written under `stages:`. */
  group: string;
  /** The commands, run one after the other; empty when the stage has none. */
  cmd: string[];
  wdir: string;
  deps: DvcPath[];
  outs: DvcPath[];
  metrics: DvcPath[];
  plots: DvcPath[];
  params: DvcParamRef[];
  frozen: boolean;
  alwaysChanged: boolean;
  desc?: string;
  meta?: unknown;
  file: string;
  /** The stage's name in dvc.yaml. */
  range: Range;
}

export interface StageGroup {
  name: string;
  kind: 'plain' | 'foreach' | 'matrix';
  /** The generated names; empty when the iteration could not be resolved. */
  members: string[];
  range: Range;
}

export interface ExpandOptions {
  /** Directory of the dvc.yaml; used for file access when `fs` is not given. */
  dir?: string;
  /** File access relative to the dvc.yaml's directory. */
  fs?: SpecFileAccess;
  /** Use these instead of reading params.yaml. */
  params?: Record<string, unknown>;
  /** Extra variables, looked up before everything else. */
  vars?: Record<string, unknown>;
}

export interface ExpandResult {
  stages: DvcStage[];
  groups: StageGroup[];
  /** Templating problems: unknown names, unreadable vars files, foreach/matrix shapes. */
  diagnostics: Diagnostic[];
  /** The variables of the file-level scope, for `${` completion. */
  scope: VarScope;
}

/** Publishes `{file}` for each dvc.yaml parsed: tests count parses with it (`ponte run` parses once). */
export const dvcParseChannel = channel('ponte:dvc-parse');

export function parseDvcPipeline(text: string, file: string): DvcPipeline {
  if (dvcParseChannel.hasSubscribers) dvcParseChannel.publish({ file });
  const source = parseYamlSource(text, file);
  const stagesNode = valueOf(source.root, 'stages');
  return { file, source, stageEntries: stagesNode?.kind === 'map' ? stagesNode.entries : [], diagnostics: source.diagnostics };
}

export function expandDvcStages(pipeline: DvcPipeline, options: ExpandOptions = {}): ExpandResult {
  const fs = options.fs ?? (options.dir ? nodeFileAccess(options.dir) : undefined);
  const src = pipeline.source;
  const diagnostics: Diagnostic[] = [];
  const scope = loadGlobalScope(src, valueOf(src.root, 'vars'), { fs, params: options.params, vars: options.vars }, diagnostics);
  const ctx: Expander = { src, fs, diagnostics, reported: new Set() };
  const stages: DvcStage[] = [];
  const groups: StageGroup[] = [];
  for (const entry of pipeline.stageEntries) {
    const def = entry.value;
    const range = src.rangeOf(entry.keyStart, entry.keyEnd);
    if (def.kind !== 'map') {
      groups.push({ name: entry.key, kind: 'plain', members: [], range });
      continue;
    }
    const foreach = entryOf(def, 'foreach');
    const matrix = entryOf(def, 'matrix');
    if (foreach) {
      const members = expandForeach(ctx, entry, foreach, valueOf(def, 'do'), scope, stages);
      groups.push({ name: entry.key, kind: 'foreach', members, range });
    } else if (matrix) {
      const members = expandMatrix(ctx, entry, matrix, scope, stages);
      groups.push({ name: entry.key, kind: 'matrix', members, range });
    } else {
      stages.push(buildStage(ctx, entry.key, entry, def, scope, undefined));
      groups.push({ name: entry.key, kind: 'plain', members: [entry.key], range });
    }
  }
  return { stages, groups, diagnostics, scope };
}

interface Expander {
  src: SourceFile;
  fs?: SpecFileAccess;
  diagnostics: Diagnostic[];
  /** A template node used by many generated stages reports each problem once. */
  reported: Set<string>;
}

function report(ctx: Expander, d: Diagnostic): void {
  const key = `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
  if (ctx.reported.has(key)) return;
  ctx.reported.add(key);
  ctx.diagnostics.push(d);
}

// Generated stages per foreach or matrix: beyond this it is almost surely a mistake, and
// validation (which runs on every keystroke) must stay fast.
const MAX_GENERATED = 10_000;

function expandForeach(ctx: Expander, entry: LEntry, foreach: LEntry, doNode: LNode | undefined, scope: VarScope, out: DvcStage[]): string[] {
  const iterable = resolveNode(ctx, foreach.value, scope, false);
  if (!iterable.ok) return [];
  const v = iterable.value;
  let pairs: { key: string; item: unknown; hasKey: boolean }[];
  if (Array.isArray(v)) {
    // DVC: a list of scalars names stages by value; a list holding dicts or lists, by index.
    const composite = v.some((x) => x !== null && typeof x === 'object');
    pairs = v.map((item: unknown, i) => ({ key: composite ? String(i) : textOf(item), item, hasKey: false }));
  } else if (v !== null && typeof v === 'object') {
    pairs = Object.entries(v as Record<string, unknown>).map(([key, item]) => ({ key, item, hasKey: true }));
  } else {
    // A literal of the wrong type is the schema check's; here, what a `${...}` turned out to be.
    if (foreach.value.kind === 'scalar' && typeof foreach.value.value === 'string') {
      report(ctx, diagnosticAt(ctx.src, foreach.value.start, foreach.value.end, 'error', 'foreach.shape', `foreach needs a list or a mapping to iterate over, got ${shapeOf(v)}`));
    }
    return [];
  }
  if (!doNode || doNode.kind !== 'map') return [];
  if (pairs.length > MAX_GENERATED) {
    report(ctx, diagnosticAt(ctx.src, foreach.value.start, foreach.value.end, 'error', 'foreach.too_large', `foreach generates ${pairs.length} stages; Ponte expands at most ${MAX_GENERATED}`));
    return [];
  }
  const names: string[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    const name = `${entry.key}@${p.key}`;
    if (seen.has(name)) {
      report(ctx, diagnosticAt(ctx.src, foreach.value.start, foreach.value.end, 'error', 'foreach.duplicate', `foreach generates the stage name "${name}" twice`));
      continue;
    }
    seen.add(name);
    const layer: Record<string, unknown> = { item: p.item };
    if (p.hasKey) layer.key = p.key;
    out.push(buildStage(ctx, name, entry, doNode, childScope(scope, layer), entry.key));
    names.push(name);
  }
  return names;
}

function expandMatrix(ctx: Expander, entry: LEntry, matrix: LEntry, scope: VarScope, out: DvcStage[]): string[] {
  const m = matrix.value;
  // Not a mapping: the schema check reports it.
  if (m.kind !== 'map') return [];
  const axes: { name: string; values: unknown[] }[] = [];
  for (const e of m.entries) {
    const r = resolveNode(ctx, e.value, scope, false);
    if (!r.ok) return [];
    if (!Array.isArray(r.value)) {
      report(ctx, diagnosticAt(ctx.src, e.value.start, e.value.end, 'error', 'matrix.shape', `matrix "${e.key}" needs a list of values, got ${shapeOf(r.value)}`));
      return [];
    }
    if (r.value.length === 0) {
      report(ctx, diagnosticAt(ctx.src, e.value.start, e.value.end, 'warning', 'matrix.empty', `matrix "${e.key}" is empty, so no stage is generated`));
    }
    axes.push({ name: e.key, values: r.value });
  }
  if (axes.length === 0) return [];
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_GENERATED) {
    report(ctx, diagnosticAt(ctx.src, m.start, m.end, 'error', 'matrix.too_large', `matrix generates ${total} stages; Ponte expands at most ${MAX_GENERATED}`));
    return [];
  }
  const names: string[] = [];
  const idx = axes.map(() => 0);
  for (let n = 0; n < total; n++) {
    const item: Record<string, unknown> = {};
    const parts: string[] = [];
    axes.forEach((a, i) => {
      const v = a.values[idx[i]];
      item[a.name] = v;
      parts.push(v !== null && typeof v === 'object' ? `${a.name}${idx[i]}` : textOf(v));
    });
    const name = `${entry.key}@${parts.join('-')}`;
    out.push(buildStage(ctx, name, entry, entry.value, childScope(scope, { item }), entry.key));
    names.push(name);
    for (let i = axes.length - 1; i >= 0; i--) {
      if (++idx[i] < axes[i].values.length) break;
      idx[i] = 0;
    }
  }
  return names;
}

function buildStage(ctx: Expander, name: string, entry: LEntry, def: LNode, outer: VarScope, group: string | undefined): DvcStage {
  const wdirNode = valueOf(def, 'wdir');
  // A stage's own `vars` are read relative to its wdir, which itself may use only the outer scope.
  const wdirRes = wdirNode ? resolveNode(ctx, wdirNode, outer, false) : { ok: true as const, value: '.' };
  const wdir = wdirRes.ok && typeof wdirRes.value === 'string' && wdirRes.value ? wdirRes.value : '.';
  const local = loadVarsEntries(ctx.src, valueOf(def, 'vars'), wdir, ctx.fs, ctx.diagnostics);
  let scope = outer;
  for (const layer of local.layers) scope = childScope(scope, layer);
  if (local.unknown.length) scope = childScope(scope, undefined, local.unknown);

  const stage: DvcStage = {
    name,
    group: group ?? name,
    cmd: [],
    wdir,
    deps: [],
    outs: [],
    metrics: [],
    plots: [],
    params: [],
    frozen: false,
    alwaysChanged: false,
    file: ctx.src.file,
    range: ctx.src.rangeOf(entry.keyStart, entry.keyEnd),
  };
  const cmdNode = valueOf(def, 'cmd');
  if (cmdNode) {
    const items = cmdNode.kind === 'seq' ? cmdNode.items : [cmdNode];
    for (const item of items) {
      const r = resolveNode(ctx, item, scope, true);
      if (r.ok && (typeof r.value === 'string' || typeof r.value === 'number' || typeof r.value === 'boolean')) stage.cmd.push(textOf(r.value));
      else if (r.ok && Array.isArray(r.value)) stage.cmd.push(...r.value.map(textOf));
      else if (!r.ok && r.partial !== undefined) stage.cmd.push(r.partial);
    }
  }
  stage.deps = pathList(ctx, valueOf(def, 'deps'), scope);
  stage.outs = pathList(ctx, valueOf(def, 'outs'), scope);
  stage.metrics = pathList(ctx, valueOf(def, 'metrics'), scope);
  stage.plots = pathList(ctx, valueOf(def, 'plots'), scope);
  stage.params = paramList(ctx, valueOf(def, 'params'), scope);
  stage.frozen = boolOf(ctx, valueOf(def, 'frozen'), scope);
  stage.alwaysChanged = boolOf(ctx, valueOf(def, 'always_changed'), scope);
  const desc = valueOf(def, 'desc');
  if (desc) {
    const r = resolveNode(ctx, desc, scope, false);
    if (r.ok && r.value !== null) stage.desc = textOf(r.value);
  }
  const meta = valueOf(def, 'meta');
  if (meta) stage.meta = toPlain(meta);
  return stage;
}

/** A list field, each entry `path` or `{path: {options}}`; a whole `${list}` spreads its values. */
function listEntries(ctx: Expander, node: LNode | undefined, scope: VarScope): { value: unknown; node: LNode }[] {
  if (!node) return [];
  if (node.kind === 'seq') {
    const out: { value: unknown; node: LNode }[] = [];
    for (const item of node.items) {
      const r = resolveNode(ctx, item, scope, false);
      if (!r.ok) continue;
      if (item.kind === 'scalar' && Array.isArray(r.value)) for (const v of r.value) out.push({ value: v, node: item });
      else out.push({ value: r.value, node: item });
    }
    return out;
  }
  const r = resolveNode(ctx, node, scope, false);
  if (!r.ok) return [];
  return Array.isArray(r.value) ? r.value.map((value: unknown) => ({ value, node })) : [{ value: r.value, node }];
}

function pathList(ctx: Expander, node: LNode | undefined, scope: VarScope): DvcPath[] {
  const out: DvcPath[] = [];
  for (const { value, node: at } of listEntries(ctx, node, scope)) {
    const range = ctx.src.rangeOf(at.start, at.end);
    if (typeof value === 'string') out.push({ path: value, options: {}, range });
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [path, opts] of Object.entries(value as Record<string, unknown>)) {
        const options = opts !== null && typeof opts === 'object' && !Array.isArray(opts) ? (opts as Record<string, unknown>) : {};
        out.push({ path, options, range });
      }
    }
  }
  return out;
}

function paramList(ctx: Expander, node: LNode | undefined, scope: VarScope): DvcParamRef[] {
  const out: DvcParamRef[] = [];
  for (const { value, node: at } of listEntries(ctx, node, scope)) {
    const range = ctx.src.rangeOf(at.start, at.end);
    if (typeof value === 'string') out.push({ file: 'params.yaml', keys: [value], range });
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [file, keys] of Object.entries(value as Record<string, unknown>)) {
        out.push({ file, keys: Array.isArray(keys) ? keys.map(textOf) : null, range });
      }
    }
  }
  return out;
}

function boolOf(ctx: Expander, node: LNode | undefined, scope: VarScope): boolean {
  if (!node) return false;
  const r = resolveNode(ctx, node, scope, false);
  return r.ok && r.value === true;
}

/** `partial`: the text with the failing `${}` left in place, when the node is a string. */
export type Resolved = { ok: true; value: unknown } | { ok: false; partial?: string };

/** Resolves every `${}` in a node's strings (keys of mappings too). Problems go to ctx.diagnostics. */
function resolveNode(ctx: Expander, node: LNode, scope: VarScope, inCmd: boolean): Resolved {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'string' ? resolveString(ctx, node, node.value, scope, inCmd) : { ok: true, value: node.value };
    case 'seq': {
      const items: unknown[] = [];
      let ok = true;
      for (const it of node.items) {
        const r = resolveNode(ctx, it, scope, inCmd);
        if (r.ok) items.push(r.value);
        else ok = false;
      }
      return ok ? { ok: true, value: items } : { ok: false };
    }
    case 'map': {
      const o: Record<string, unknown> = {};
      let ok = true;
      for (const e of node.entries) {
        const keyNode: LScalar = { kind: 'scalar', value: e.key, start: e.keyStart, end: e.keyEnd, style: 'plain' };
        const k = resolveString(ctx, keyNode, e.key, scope, false);
        const v = resolveNode(ctx, e.value, scope, inCmd);
        if (k.ok && v.ok) o[textOf(k.value)] = v.value;
        else ok = false;
      }
      return ok ? { ok: true, value: o } : { ok: false };
    }
  }
}

function resolveString(ctx: Expander, node: LScalar, s: string, scope: VarScope, inCmd: boolean): Resolved {
  const found = findInterpolations(s);
  if (found.length === 0) return { ok: true, value: unescape(s) };
  const whole = wholeInterpolation(s);
  if (whole) {
    const v = lookup(ctx, node, s, whole.start, whole.end, whole.name, scope);
    return v.ok ? v : { ok: false, partial: s };
  }
  let text = '';
  let last = 0;
  let ok = true;
  for (const i of found) {
    text += unescape(s.slice(last, i.start));
    last = i.end;
    const v = lookup(ctx, node, s, i.start, i.end, i.name, scope);
    if (!v.ok) {
      ok = false;
      text += s.slice(i.start, i.end);
      continue;
    }
    const t = interpolationText(v.value, inCmd);
    if (!t.ok) {
      const [a, b] = locate(ctx.src, node, s, i.start, i.end);
      report(ctx, diagnosticAt(ctx.src, a, b, 'error', 'var.type', `\${${i.name}}: ${t.message}`));
      ok = false;
      text += s.slice(i.start, i.end);
      continue;
    }
    text += t.text;
  }
  text += unescape(s.slice(last));
  return ok ? { ok: true, value: text } : { ok: false, partial: text };
}

function lookup(ctx: Expander, node: LScalar, s: string, start: number, end: number, name: string, scope: VarScope): Resolved {
  const r = lookupInScope(scope, name);
  if (r.found) return { ok: true, value: r.value };
  const [a, b] = locate(ctx.src, node, s, start, end);
  if ('bad' in r) {
    report(ctx, diagnosticAt(ctx.src, a, b, 'error', 'var.syntax', `"\${${name}}" is not a variable name; write \${name}, \${a.b} or \${list[0]}`));
    return { ok: false };
  }
  if (r.depth > 0) {
    // The first part resolved, so the source is known: the rest is definitely missing.
    report(ctx, diagnosticAt(ctx.src, a, b, 'error', 'var.unknown', `\${${name}}: "${name.split(/[.[]/).slice(0, r.depth + 1).join('.')}" does not exist`));
    return { ok: false };
  }
  if (scope.unknown.some((u) => u.state === 'unchecked')) return { ok: false };
  if (scope.unknown.length) {
    const from = scope.unknown.map((u) => u.label).join(', ');
    report(ctx, diagnosticAt(ctx.src, a, b, 'warning', 'var.unresolved', `\${${name}} is not defined by the variables that could be read; it may come from ${from}`));
    return { ok: false };
  }
  report(ctx, diagnosticAt(ctx.src, a, b, 'error', 'var.unknown', `\${${name}} names no variable: it is not in params.yaml, in vars, or an item of foreach/matrix`));
  return { ok: false };
}

/** Where `${...}` sits in the source: found in the raw text of the node, else the whole node. */
function locate(src: SourceFile, node: LScalar, s: string, start: number, end: number): [number, number] {
  const raw = src.text.slice(node.start, node.end);
  const needle = s.slice(start, end);
  const at = raw.indexOf(needle);
  if (at === -1) return [node.start, node.end];
  return [node.start + at, node.start + at + needle.length];
}

function unescape(s: string): string {
  return s.indexOf('\\${') === -1 ? s : s.replace(/\\\$\{/g, '${');
}

function textOf(v: unknown): string {
  const t = interpolationText(v, false);
  return t.ok ? t.text : JSON.stringify(v);
}

function shapeOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}
