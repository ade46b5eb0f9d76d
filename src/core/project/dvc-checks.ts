// The checks of dvc.yaml that need the whole pipeline: stage names, foreach/do pairing, cycles,
// outputs declared twice or nested, deps that nothing provides, params keys that do not exist,
// and outputs or a wdir outside the repository (or outputs in .git/.dvc), which the path guard
// would refuse at run time.
import { posix } from 'node:path';
import { protectedName } from '../workspace/path-guard';
import type { Diagnostic, Range, SpecFileAccess } from './types';
import type { DvcPath, DvcStage, ExpandResult } from './dvc-pipeline';
import { entryOf, diagnosticAt, valueOf, type LEntry, type SourceFile } from './yaml-source';
import { lookupName, splitName } from './dvc-template';
import { readVarsFile } from './dvc-variables';

// DVC refuses these in stage names: `@` separates generated names, `:` addresses a file's stage.
const BAD_NAME = /[@:/\\]/;

export function checkStageDefinitions(src: SourceFile, entries: LEntry[], sink: Diagnostic[]): void {
  for (const e of entries) {
    if (BAD_NAME.test(e.key) || e.key.trim() === '') {
      sink.push(diagnosticAt(src, e.keyStart, e.keyEnd, 'error', 'stage.bad_name', `stage name "${e.key}" may not be empty or hold any of @ : / \\`));
    }
    const def = e.value;
    if (def.kind !== 'map') continue;
    const foreach = entryOf(def, 'foreach');
    const doEntry = entryOf(def, 'do');
    if (foreach && !doEntry) {
      sink.push(diagnosticAt(src, foreach.keyStart, foreach.keyEnd, 'error', 'key.required', `stage "${e.key}" has "foreach" but no "do" with the stage to generate`));
    }
    if (doEntry && !foreach) {
      sink.push(diagnosticAt(src, doEntry.keyStart, doEntry.keyEnd, 'error', 'key.conflict', `"do" goes with "foreach"; stage "${e.key}" has no "foreach"`));
    }
    if (foreach) {
      for (const other of def.entries) {
        if (other.key !== 'foreach' && other.key !== 'do') {
          sink.push(diagnosticAt(src, other.keyStart, other.keyEnd, 'error', 'key.conflict', `"${other.key}" belongs inside "do" in a foreach stage`));
        }
      }
    }
  }
}

interface OutRef {
  stage: DvcStage;
  out: DvcPath;
  path: string;
}

/** Paths of a stage, relative to the dvc.yaml's directory, without `./` or a trailing `/`. */
function norm(stage: DvcStage, p: string): string {
  return posix.normalize(posix.join(stage.wdir || '.', p.replace(/\\/g, '/'))).replace(/\/+$/, '');
}

function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}

// Paths are compared through their first 64 directories: every ancestor of a 10,000-directory
// path is a key to hash, which made one such output cost a second (quadratic in its length).
const MAX_ANCESTORS = 64;

/** The directories above a path, deepest first (at most the MAX_ANCESTORS shallowest). */
export function ancestors(p: string): string[] {
  const ends: number[] = [];
  for (let i = p.indexOf('/', 1); i > 0 && ends.length < MAX_ANCESTORS; i = p.indexOf('/', i + 1)) ends.push(i);
  return ends.reverse().map((i) => p.slice(0, i));
}

export function checkStageGraph(src: SourceFile, expanded: ExpandResult, fs: SpecFileAccess | undefined, sink: Diagnostic[]): void {
  const { stages } = expanded;
  const byPath = new Map<string, OutRef>();
  const byAncestor = new Map<string, OutRef[]>();
  for (const stage of stages) {
    for (const out of [...stage.outs, ...stage.metrics, ...stage.plots]) {
      if (isRemote(out.path)) continue;
      const path = norm(stage, out.path);
      const ref = { stage, out, path };
      const prior = byPath.get(path);
      if (prior) {
        const who = prior.stage === stage ? 'this stage already' : `stage "${prior.stage.name}"`;
        sink.push(at(src, out.range, 'error', 'out.duplicate', `output "${out.path}" is already declared by ${who}; two stages cannot write the same output`));
        continue;
      }
      byPath.set(path, ref);
      for (const a of ancestors(path)) {
        const list = byAncestor.get(a);
        if (list) list.push(ref);
        else byAncestor.set(a, [ref]);
      }
    }
  }
  for (const ref of byPath.values()) {
    for (const a of ancestors(ref.path)) {
      const outer = byPath.get(a);
      if (outer && outer.stage !== ref.stage) {
        sink.push(at(src, ref.out.range, 'error', 'out.overlap', `output "${ref.out.path}" lies inside "${outer.out.path}", an output of stage "${outer.stage.name}"`));
        break;
      }
    }
  }

  // Edges: a stage depends on the stages whose outputs its deps are, contain, or lie inside.
  const edges = new Map<DvcStage, { to: DvcStage; dep: DvcPath }[]>();
  for (const stage of stages) {
    const list: { to: DvcStage; dep: DvcPath }[] = [];
    for (const dep of stage.deps) {
      if (isRemote(dep.path) || dep.path.startsWith('ds://')) continue;
      const path = norm(stage, dep.path);
      const producers = new Set<DvcStage>();
      const exact = byPath.get(path);
      if (exact) producers.add(exact.stage);
      for (const a of ancestors(path)) {
        const o = byPath.get(a);
        if (o) producers.add(o.stage);
      }
      for (const inner of byAncestor.get(path) ?? []) producers.add(inner.stage);
      for (const p of producers) list.push({ to: p, dep });
      if (producers.size === 0 && fs && !existsOrTracked(fs, path)) {
        sink.push(at(src, dep.range, 'warning', 'dep.missing', `dependency "${dep.path}" does not exist and no stage produces it`));
      }
    }
    edges.set(stage, list);
  }
  findCycles(src, stages, edges, sink);
  checkRepositoryPaths(src, stages, fs, sink);
  if (fs) checkParams(src, stages, fs, sink);
}

/**
 * How many folders above dvc.yaml the repository root is: the nearest holding `.dvc`, else the
 * nearest holding `.git` (as `findRepoRoot` decides), else dvc.yaml's own folder. Asked only
 * when a path climbs out of dvc.yaml's folder.
 */
function repoDepth(fs: SpecFileAccess): number {
  const MAX_UP = 64;
  for (const marker of ['.dvc', '.git']) {
    for (let up = 0; up <= MAX_UP; up++) if (fs.exists(`${'../'.repeat(up)}${marker}`)) return up;
  }
  return 0;
}

/** A normalised path relative to dvc.yaml's folder: how many `..` it starts with, and the rest. */
function climb(p: string): { up: number; rest: string[] } {
  const parts = p.split('/');
  let up = 0;
  while (parts[up] === '..') up++;
  return { up, rest: parts.slice(up).filter((x) => x !== '.' && x !== '') };
}

/**
 * Outputs (outs, metrics, plots) and a stage's wdir stay inside the repository, and no output is
 * in `.git` or `.dvc`; DVC refuses outputs outside the repository too. Deps may be anywhere, as
 * in DVC. Without file access the repository root is unknown: only absolute paths and `.git`/
 * `.dvc` components are reported, and `ponte run` checks the rest with the path guard.
 */
function checkRepositoryPaths(src: SourceFile, stages: DvcStage[], fs: SpecFileAccess | undefined, sink: Diagnostic[]): void {
  let depth: number | undefined;
  const rootDepth = () => (depth ??= fs ? repoDepth(fs) : Infinity);
  const leaves = (p: string) => {
    const { up } = climb(p);
    return up > 0 && up > rootDepth();
  };
  for (const stage of stages) {
    const wdir = stage.wdir.replace(/\\/g, '/');
    if (posix.isAbsolute(wdir) || leaves(posix.normalize(wdir))) {
      const range = wdirRange(src, stage) ?? stage.range;
      sink.push(at(src, range, 'error', 'wdir.outside_repo', `wdir "${stage.wdir}" of stage "${stage.name}" is outside the repository; a stage runs inside it (write the folder relative to dvc.yaml, without leaving the repository)`));
      continue;
    }
    for (const out of [...stage.outs, ...stage.metrics, ...stage.plots]) {
      if (isRemote(out.path)) continue;
      const written = out.path.replace(/\\/g, '/');
      const p = norm(stage, out.path);
      if (posix.isAbsolute(written) || leaves(p)) {
        const what = posix.isAbsolute(written) ? 'is an absolute path' : 'is outside the repository';
        sink.push(at(src, out.range, 'error', 'out.outside_repo', `output "${out.path}" ${what}; outputs are written inside the repository, as DVC requires (write it relative to the stage's wdir)`));
        continue;
      }
      const { up, rest } = climb(p);
      const hit = rest.map(protectedName).find((x) => x !== undefined);
      if (hit) {
        sink.push(at(src, out.range, 'error', 'out.protected', `output "${out.path}" is inside ${hit}; Ponte never writes or deletes there (rename the output)`));
      } else if (rest.length === 0 && up === rootDepth()) {
        sink.push(at(src, out.range, 'error', 'out.protected', `output "${out.path}" is the repository root itself; running the stage would delete it first (name a file or folder inside)`));
      }
    }
  }
}

/** The range of a stage's `wdir:` value (inside `do:` for a foreach stage), when written. */
function wdirRange(src: SourceFile, stage: DvcStage): Range | undefined {
  const def = valueOf(valueOf(src.root, 'stages'), stage.group);
  const wdir = entryOf(valueOf(def, 'do') ?? def, 'wdir');
  return wdir ? src.rangeOf(wdir.value.start, wdir.value.end) : undefined;
}

/** The path exists, or a `.dvc` file tracks it (or a directory above it): data not pulled yet. */
export function existsOrTracked(fs: SpecFileAccess, path: string): boolean {
  if (fs.exists(path) || fs.exists(`${path}.dvc`)) return true;
  return ancestors(path).some((a) => fs.exists(`${a}.dvc`));
}

function findCycles(src: SourceFile, stages: DvcStage[], edges: Map<DvcStage, { to: DvcStage; dep: DvcPath }[]>, sink: Diagnostic[]): void {
  const state = new Map<DvcStage, 1 | 2>();
  const reported = new Set<string>();
  const path: { stage: DvcStage; dep?: DvcPath }[] = [];
  // Iterative DFS: a 5,000-stage chain must not overflow the stack.
  for (const root of stages) {
    if (state.has(root)) continue;
    const stack: { stage: DvcStage; i: number }[] = [{ stage: root, i: 0 }];
    state.set(root, 1);
    path.push({ stage: root });
    while (stack.length) {
      const top = stack[stack.length - 1];
      const out = edges.get(top.stage) ?? [];
      if (top.i >= out.length) {
        state.set(top.stage, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const edge = out[top.i++];
      const s = state.get(edge.to);
      if (s === 2) continue;
      if (s === 1) {
        const from = path.findIndex((p) => p.stage === edge.to);
        const cycle = path.slice(from).map((p) => p.stage.name);
        const key = [...cycle].sort().join('\u0000');
        if (reported.has(key)) continue;
        reported.add(key);
        const names = [...cycle, edge.to.name].join(' → ');
        const message = cycle.length === 1 ? `stage "${edge.to.name}" depends on its own output "${edge.dep.path}"` : `stages form a cycle: ${names}`;
        // Point at the dep of the stage where the cycle was entered: the first one in the file.
        const dep = cycle.length === 1 ? edge.dep : (path[from].dep ?? edge.dep);
        sink.push(at(src, dep.range, 'error', 'stage.cycle', message));
        continue;
      }
      state.set(edge.to, 1);
      path[path.length - 1].dep = edge.dep;
      path.push({ stage: edge.to });
      stack.push({ stage: edge.to, i: 0 });
    }
  }
}

function checkParams(src: SourceFile, stages: DvcStage[], fs: SpecFileAccess, sink: Diagnostic[]): void {
  for (const stage of stages) {
    for (const ref of stage.params) {
      const file = posix.normalize(posix.join(stage.wdir || '.', ref.file));
      if (!fs.exists(file)) {
        sink.push(at(src, ref.range, 'warning', 'params.missing_file', `params file "${ref.file}" does not exist`));
        continue;
      }
      if (!ref.keys) continue;
      const read = readVarsFile(fs, file);
      if (!read.ok) continue;
      for (const key of ref.keys) {
        const parts = splitName(key);
        if (parts && lookupName(read.value, parts).found) continue;
        sink.push(at(src, ref.range, 'error', 'params.unknown', `"${key}" is not a key of ${ref.file}`));
      }
    }
  }
}

function at(src: SourceFile, range: Range, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  return { file: src.file, range, severity, code, message };
}
