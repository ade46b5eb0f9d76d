// The checks of ponte.yaml that look across sections or files: names of datasets, deployments
// and pipeline stages used elsewhere must exist; min must not exceed max.
import { posix } from 'node:path';
import type { Diagnostic, SpecFileAccess } from './types';
import type { RefUse } from './check-schema';
import { closestNames, didYouMean } from './did-you-mean';
import { expandDvcStages, parseDvcPipeline } from './dvc-pipeline';
import { diagnosticAt, valueOf, type LNode, type SourceFile } from './yaml-source';

/** The stage names a ponte.yaml may use: generated names and the names of their groups. */
export function pipelineStageNames(pipelineFile: string, fs: SpecFileAccess): string[] | undefined {
  const text = fs.read(pipelineFile);
  if (text === undefined) return undefined;
  const dir = posix.dirname(pipelineFile);
  const sub: SpecFileAccess = dir === '.' ? fs : { exists: (p) => fs.exists(posix.join(dir, p)), read: (p) => fs.read(posix.join(dir, p)) };
  const expanded = expandDvcStages(parseDvcPipeline(text, pipelineFile), { fs: sub });
  const names = new Set<string>();
  for (const g of expanded.groups) {
    names.add(g.name);
    for (const m of g.members) names.add(m);
  }
  return [...names];
}

export function checkPonteReferences(src: SourceFile, refs: RefUse[], fs: SpecFileAccess | undefined, sink: Diagnostic[]): void {
  const root = src.root;
  const names = {
    dataset: keysOf(valueOf(root, 'datasets')),
    deployment: keysOf(valueOf(root, 'deployments')),
    stage: undefined as string[] | undefined,
  };
  const stageRefs = refs.filter((r) => r.kind === 'stage');
  if (stageRefs.length && fs) {
    const pipelineNode = valueOf(root, 'pipeline');
    const file = pipelineNode?.kind === 'scalar' && typeof pipelineNode.value === 'string' ? pipelineNode.value : 'dvc.yaml';
    const rel = posix.normalize(file.replace(/\\/g, '/'));
    if (!fs.exists(rel)) {
      const [s, e] = pipelineNode ? [pipelineNode.start, pipelineNode.end] : [stageRefs[0].node.start, stageRefs[0].node.end];
      sink.push(diagnosticAt(src, s, e, 'warning', 'pipeline.missing', `pipeline file "${file}" does not exist, so stage names cannot be checked`));
    } else {
      names.stage = pipelineStageNames(rel, fs);
    }
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
