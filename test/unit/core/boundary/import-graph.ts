// Reads the import graph of a source tree as text (static imports, `import type`, `import()` and
// `require()` of relative paths) and judges it against the architecture's rules: the capabilities
// under src/core import each other without cycles, and the faces (cli, server, extension,
// webview-ui) import a capability only through its public surfaces.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  from: string;
  /** The resolved file, relative to the tree's root, with `/` separators. */
  to: string;
  line: number;
}

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\1/gm;

function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec.replace(/\.js$/, ''));
  for (const c of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return undefined;
}

/** Every relative import below `root`'s `dirs`, resolved to files. */
export function importEdges(root: string, dirs: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of dirs.flatMap((d) => sources(join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(file, m[2]);
      if (!target) continue;
      const line = text.slice(0, m.index).split('\n').length;
      edges.push({ from: rel(root, file), to: rel(root, target), line });
    }
  }
  return edges;
}

const rel = (root: string, p: string) => relative(root, p).split(sep).join('/');

/** `src/core/data/cache.ts` -> `data`; top-level core files (errors.ts) belong to no capability. */
export function capabilityOf(file: string): string | undefined {
  const m = /^src\/core\/([^/]+)\//.exec(file);
  return m?.[1];
}

/** Cycles between capabilities, each as the list of capabilities around it, with one import per step as evidence. */
export function capabilityCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const e of edges) {
    const a = capabilityOf(e.from);
    const b = capabilityOf(e.to);
    if (!a || !b || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, e);
  }
  // Tarjan's strongly connected components: every component of more than one capability is a cycle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) {
        const members = new Set(comp);
        const evidence = comp.flatMap((c) =>
          [...(graph.get(c) ?? new Map<string, ImportEdge>()).entries()].filter(([t]) => members.has(t)).map(([t, e]) => `${c} -> ${t} (${e.from}:${e.line})`),
        );
        out.push(evidence.sort());
      }
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/**
 * Imports from a face into a capability's files other than its public surfaces: `index.ts`, and
 * the extra surfaces named in `surfaces` (`drift/run`: the engine without its loaders).
 */
export function deepImports(edges: ImportEdge[], faces: string[], surfaces: readonly string[]): ImportEdge[] {
  return edges.filter((e) => {
    if (!faces.some((f) => e.from.startsWith(`${f}/`))) return false;
    const m = /^src\/core\/([^/]+)\/(.+)\.tsx?$/.exec(e.to);
    if (!m) return false;
    return m[2] !== 'index' && !surfaces.includes(`${m[1]}/${m[2]}`);
  });
}
