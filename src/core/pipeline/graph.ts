// The stage graph: which stage feeds which (a dep at or under another stage's out), a
// topological order, cycles reported by the stages that form them, and the stages a
// `ponte run STAGE` must consider (the target and everything upstream of it).
import * as path from 'node:path';
import { PonteError } from '../errors';
import type { DvcPath, DvcStage } from '../project';

export interface StageNode {
  stage: DvcStage;
  /** Absolute working directory of the stage. */
  dir: string;
  /** Deps and outs (outs, metrics, plots), relative to the project root with `/`. */
  deps: string[];
  outs: string[];
}

export interface StageGraph {
  root: string;
  nodes: Map<string, StageNode>;
  /** Stage → the stages whose outs it uses. */
  upstream: Map<string, Set<string>>;
  downstream: Map<string, Set<string>>;
  /** Every stage, each after all of its upstream stages; ties keep dvc.yaml's order. */
  order: string[];
}

/** Every out of a stage: `outs`, `metrics` and `plots` are all outputs to DVC. */
export function allOuts(stage: DvcStage): DvcPath[] {
  return [...stage.outs, ...stage.metrics, ...stage.plots];
}

/** A stage path (relative to its wdir) as a root-relative POSIX path. */
export function rootRelative(root: string, dir: string, p: string): string {
  return path.relative(root, path.resolve(dir, p)).split(path.sep).join('/');
}

function covers(out: string, dep: string): boolean {
  return dep === out || dep.startsWith(out + '/') || out.startsWith(dep + '/');
}

function lineOf(stage: DvcStage): number {
  return stage.range.start.line + 1;
}

export function buildStageGraph(stages: DvcStage[], root: string): StageGraph {
  const nodes = new Map<string, StageNode>();
  for (const stage of stages) {
    const dir = path.resolve(root, stage.wdir);
    nodes.set(stage.name, {
      stage,
      dir,
      deps: stage.deps.map((d) => rootRelative(root, dir, d.path)),
      outs: allOuts(stage).map((o) => rootRelative(root, dir, o.path)),
    });
  }
  const producer = new Map<string, string>();
  for (const [name, node] of nodes) {
    for (const out of node.outs) {
      const other = producer.get(out);
      if (other !== undefined && other !== name) {
        throw new PonteError('pipeline.duplicate_out', `stages "${other}" and "${name}" both declare the out "${out}"`, {
          file: node.stage.file, line: lineOf(node.stage), hint: 'an output belongs to one stage: rename one of them',
        });
      }
      producer.set(out, name);
    }
  }
  const upstream = new Map<string, Set<string>>();
  const downstream = new Map<string, Set<string>>();
  for (const name of nodes.keys()) {
    upstream.set(name, new Set());
    downstream.set(name, new Set());
  }
  const outList = [...producer.entries()];
  for (const [name, node] of nodes) {
    for (const dep of node.deps) {
      for (const [out, from] of outList) {
        if (from !== name && covers(out, dep)) {
          upstream.get(name)!.add(from);
          downstream.get(from)!.add(name);
        } else if (from === name && covers(out, dep)) {
          throw new PonteError('pipeline.cycle', `stage "${name}" depends on its own out "${out}"`, {
            file: node.stage.file, line: lineOf(node.stage), hint: 'a stage cannot read what it writes: remove the dep or the out',
          });
        }
      }
    }
  }
  return { root, nodes, upstream, downstream, order: topologicalOrder(nodes, upstream) };
}

function topologicalOrder(nodes: Map<string, StageNode>, upstream: Map<string, Set<string>>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const trail: string[] = [];
  const visit = (name: string): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      const first = nodes.get(name)!.stage;
      throw new PonteError('pipeline.cycle', `stages form a cycle: ${cycle.join(' → ')}`, {
        file: first.file, line: lineOf(first), hint: 'each arrow is a dep on the next stage\'s out: remove one of those deps to break the cycle',
      });
    }
    state.set(name, 'visiting');
    trail.push(name);
    for (const up of [...upstream.get(name)!].sort((a, b) => position(nodes, a) - position(nodes, b))) visit(up);
    trail.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of nodes.keys()) visit(name);
  return order;
}

function position(nodes: Map<string, StageNode>, name: string): number {
  let i = 0;
  for (const k of nodes.keys()) {
    if (k === name) return i;
    i++;
  }
  return i;
}

/** The stages to consider for `targets` (all when empty): each target and all its upstream, in order. */
export function selectStages(graph: StageGraph, targets: string[], groups: { name: string; members: string[] }[] = []): string[] {
  if (targets.length === 0) return graph.order;
  const wanted = new Set<string>();
  const add = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const up of graph.upstream.get(name) ?? []) add(up);
  };
  for (const t of targets) {
    if (graph.nodes.has(t)) {
      add(t);
      continue;
    }
    const group = groups.find((g) => g.name === t);
    if (group && group.members.length > 0) {
      group.members.forEach(add);
      continue;
    }
    const names = [...graph.nodes.keys()];
    throw new PonteError('usage.unknown_stage', `no stage named "${t}" in dvc.yaml`, {
      hint: names.length ? `the stages are: ${names.join(', ')}` : 'dvc.yaml declares no stages',
    });
  }
  return graph.order.filter((n) => wanted.has(n));
}
