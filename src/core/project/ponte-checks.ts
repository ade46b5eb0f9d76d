// The checks of ponte.yaml that look across sections or files: names of datasets, deployments
// and pipeline stages used elsewhere must exist; min must not exceed max.
import { posix } from 'node:path';
import type { Diagnostic, SpecFileAccess } from './types';
import type { RefUse } from './check-schema';
import { closestNames, didYouMean } from './did-you-mean';
import { expandDvcStages, parseDvcPipeline, type ExpandResult } from './dvc-pipeline';
import type { CheckedPipeline } from './validate';
import { diagnosticAt, valueOf, type LNode, type SourceFile } from './yaml-source';
import { ancestors, existsOrTracked } from './dvc-checks';
import { readVarsFile } from './dvc-variables';
import { lookupName, splitName } from './dvc-template';

export interface PipelineSummary {
  /** Generated names and the names of their groups. */
  stageNames: string[];
  /** Every output, metric and plot, relative to ponte.yaml's directory. */
  outputs: string[];
}

/** What a ponte.yaml needs to know of its pipeline; undefined when the file cannot be read. */
export function readPipelineSummary(pipelineFile: string, fs: SpecFileAccess): PipelineSummary | undefined {
  const text = fs.read(pipelineFile);
  if (text === undefined) return undefined;
  const dir = posix.dirname(pipelineFile);
  const sub: SpecFileAccess = dir === '.' ? fs : { exists: (p) => fs.exists(posix.join(dir, p)), read: (p) => fs.read(posix.join(dir, p)) };
  return summarize(pipelineFile, expandDvcStages(parseDvcPipeline(text, pipelineFile), { fs: sub }));
}

function summarize(pipelineFile: string, expanded: ExpandResult): PipelineSummary {
  const dir = posix.dirname(pipelineFile);
  const names = new Set<string>();
  for (const g of expanded.groups) {
    names.add(g.name);
    for (const m of g.members) names.add(m);
  }
  const outputs = expanded.stages.flatMap((s) => [...s.outs, ...s.metrics, ...s.plots].map((o) => posix.normalize(posix.join(dir, s.wdir, o.path)).replace(/\/+$/, '')));
  return { stageNames: [...names], outputs };
}

/** The stage names a ponte.yaml may use: generated names and the names of their groups. */
export function pipelineStageNames(pipelineFile: string, fs: SpecFileAccess): string[] | undefined {
  return readPipelineSummary(pipelineFile, fs)?.stageNames;
}

/** The pipeline file a ponte.yaml names (`pipeline`, else dvc.yaml), `/`-separated, relative to it. */
export function pipelineFileOf(root: LNode | undefined): string {
  const node = root?.kind === 'map' ? valueOf(root, 'pipeline') : undefined;
  const file = node?.kind === 'scalar' && typeof node.value === 'string' && node.value ? node.value : 'dvc.yaml';
  return posix.normalize(file.replace(/\\/g, '/'));
}

/** `checked`: the pipeline file as the caller already parsed it; used when it is the one ponte.yaml names. */
export function checkPonteReferences(src: SourceFile, refs: RefUse[], fs: SpecFileAccess | undefined, sink: Diagnostic[], checked?: CheckedPipeline): void {
  const root = src.root;
  const names = {
    dataset: keysOf(valueOf(root, 'datasets')),
    deployment: keysOf(valueOf(root, 'deployments')),
    stage: undefined as string[] | undefined,
  };
  const stageRefs = refs.filter((r) => r.kind === 'stage');
  let pipeline: PipelineSummary | undefined;
  if (fs) {
    const pipelineNode = valueOf(root, 'pipeline');
    const rel = pipelineFileOf(root);
    const file = pipelineNode?.kind === 'scalar' && pipelineNode.value ? String(pipelineNode.value) : rel;
    if (checked?.expanded && checked.file === rel) pipeline = summarize(rel, checked.expanded);
    else if (fs.exists(rel)) pipeline = readPipelineSummary(rel, fs);
    else if (stageRefs.length || pipelineNode) {
      const [s, e] = pipelineNode ? [pipelineNode.start, pipelineNode.end] : [stageRefs[0].node.start, stageRefs[0].node.end];
      sink.push(diagnosticAt(src, s, e, 'warning', 'pipeline.missing', `pipeline file "${file}" does not exist${stageRefs.length ? ', so stage names cannot be checked' : ''}`));
    }
    names.stage = pipeline?.stageNames;
    checkPaths(src, fs, pipeline, sink);
    checkGateMetrics(src, fs, sink);
  }
  const sections = { dataset: 'datasets', deployment: 'deployments', stage: 'the pipeline\'s stages' };
  for (const ref of refs) {
    const known = names[ref.kind];
    if (!known || known.includes(ref.name)) continue;
    const suggestions = closestNames(ref.name, known);
    const hint = suggestions.length ? didYouMean(suggestions) : known.length ? `; known: ${known.slice(0, 10).join(', ')}` : `; ${sections[ref.kind]} declare none`;
    sink.push(diagnosticAt(src, ref.node.start, ref.node.end, 'error', `${ref.kind}.unknown`, `unknown ${ref.kind} "${ref.name}": not in ${sections[ref.kind]}${hint}`, suggestions.length ? suggestions : known.slice(0, 10)));
  }
  checkColumnBounds(src, root, sink);
  checkFeatures(src, root, sink);
}

// The files ponte.yaml names that must exist, be tracked by DVC, or come out of the pipeline.
const PATH_FIELDS: { path: string[]; what: string }[] = [
  { path: ['model', 'path'], what: 'model' },
  { path: ['gates', 'metrics'], what: 'metrics file' },
  { path: ['container', 'dockerfile'], what: 'Dockerfile' },
  { path: ['container', 'generate', 'requirements'], what: 'requirements file' },
];

function checkPaths(src: SourceFile, fs: SpecFileAccess, pipeline: PipelineSummary | undefined, sink: Diagnostic[]): void {
  const targets: { node: LNode; what: string }[] = [];
  for (const f of PATH_FIELDS) {
    let node: LNode | undefined = src.root;
    for (const k of f.path) node = valueOf(node, k);
    if (node?.kind === 'seq') for (const item of node.items) targets.push({ node: item, what: f.what });
    else if (node) targets.push({ node, what: f.what });
  }
  const datasets = valueOf(src.root, 'datasets');
  if (datasets?.kind === 'map') {
    for (const ds of datasets.entries) {
      const p = valueOf(ds.value, 'path');
      if (p) targets.push({ node: p, what: `dataset "${ds.key}"` });
    }
  }
  const produced = new Set(pipeline?.outputs ?? []);
  for (const { node, what } of targets) {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value) continue;
    const path = posix.normalize(node.value.replace(/\\/g, '/')).replace(/\/+$/, '');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || existsOrTracked(fs, path)) continue;
    if (produced.has(path) || ancestors(path).some((a) => produced.has(a))) continue;
    sink.push(
      diagnosticAt(src, node.start, node.end, 'warning', 'path.missing', `${what} path "${node.value}" does not exist, is not tracked by a .dvc file, and no pipeline stage writes it`),
    );
  }
}

/** Gate rules must name metrics the metrics file holds, once that file exists. */
function checkGateMetrics(src: SourceFile, fs: SpecFileAccess, sink: Diagnostic[]): void {
  const gates = valueOf(src.root, 'gates');
  const rules = valueOf(gates, 'rules');
  const files = valueOf(gates, 'metrics');
  if (rules?.kind !== 'map' || !files) return;
  const paths = (files.kind === 'seq' ? files.items : [files]).flatMap((n) => (n.kind === 'scalar' && typeof n.value === 'string' ? [n.value] : []));
  const read = paths.filter((p) => fs.exists(p)).map((p) => readVarsFile(fs, p));
  if (read.length === 0 || read.some((r) => !r.ok)) return;
  const values = read.map((r) => (r.ok ? r.value : {}));
  const names = values.flatMap((v) => flatNames(v, ''));
  for (const e of rules.entries) {
    const parts = splitName(e.key);
    if (parts && values.some((v) => lookupName(v, parts).found)) continue;
    const suggestions = closestNames(e.key, names);
    sink.push(
      diagnosticAt(src, e.keyStart, e.keyEnd, 'warning', 'metric.unknown', `metric "${e.key}" is not in ${paths.join(', ')}${didYouMean(suggestions)}`, suggestions),
    );
  }
}

function flatNames(v: unknown, prefix: string): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return prefix ? [prefix] : [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => flatNames(x, prefix ? `${prefix}.${k}` : k));
}

/** monitor.features must be columns of the reference dataset, when its schema lists them. */
function checkFeatures(src: SourceFile, root: LNode | undefined, sink: Diagnostic[]): void {
  const monitor = valueOf(root, 'monitor');
  const reference = valueOf(monitor, 'reference');
  const features = valueOf(monitor, 'features');
  if (reference?.kind !== 'scalar' || features?.kind !== 'seq') return;
  const columns = valueOf(valueOf(valueOf(valueOf(root, 'datasets'), String(reference.value)), 'schema'), 'columns');
  if (columns?.kind !== 'map') return;
  const known = columns.entries.map((e) => e.key);
  for (const f of features.items) {
    if (f.kind !== 'scalar' || known.includes(String(f.value))) continue;
    const suggestions = closestNames(String(f.value), known);
    sink.push(
      diagnosticAt(src, f.start, f.end, 'warning', 'feature.unknown', `feature "${String(f.value)}" is not a column of dataset "${String(reference.value)}"${didYouMean(suggestions)}`, suggestions),
    );
  }
}

function keysOf(node: LNode | undefined): string[] {
  return node?.kind === 'map' ? node.entries.map((e) => e.key) : [];
}

function checkColumnBounds(src: SourceFile, root: LNode | undefined, sink: Diagnostic[]): void {
  const datasets = valueOf(root, 'datasets');
  if (datasets?.kind !== 'map') return;
  for (const ds of datasets.entries) {
    const columns = valueOf(valueOf(ds.value, 'schema'), 'columns');
    if (columns?.kind !== 'map') continue;
    for (const col of columns.entries) {
      const min = valueOf(col.value, 'min');
      const max = valueOf(col.value, 'max');
      if (min?.kind === 'scalar' && max?.kind === 'scalar' && typeof min.value === 'number' && typeof max.value === 'number' && min.value > max.value) {
        sink.push(diagnosticAt(src, max.start, max.end, 'error', 'value.range', `column "${col.key}": max (${max.value}) is below min (${min.value})`));
      }
    }
  }
}
