// Turns a document composed by the `yaml` package into the located tree, in one pass in document
// order: anchors in a Map, duplicate keys and merge keys (`<<`) through a Map per mapping, and each
// alias shared rather than copied, its expanded size and depth charged to a budget.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { LEntry, LNode, LScalar, Scalar } from './yaml-source';
import { thousands } from './message-text';
import { countWork } from './work-meter';

export interface ConvertLimits {
  /** Nodes the tree may hold once every alias is expanded ("billion laughs" stop here). */
  nodes: number;
  /** Levels of nesting, aliases expanded. */
  depth: number;
}

/** Why conversion stopped: the offset to point at, and the message. */
export interface ConvertStop {
  code: 'yaml.too_complex' | 'yaml.too_deep';
  start: number;
  end: number;
  message: string;
}

export interface ConvertResult {
  root: LNode | undefined;
  /** Keys given twice in one mapping: the later key's range. */
  duplicates: { start: number; end: number; key: string }[];
  stop?: ConvertStop;
}

class Stopped extends Error {}

/** Expanded node count and height of each node built, so an alias costs O(1) to charge. */
interface Measure {
  size: number;
  height: number;
}

export function convertDocument(doc: Document.Parsed, limits: ConvertLimits): ConvertResult {
  const c = new Converter(doc, limits);
  try {
    const root = doc.contents ? c.convert(doc.contents, 0) : undefined;
    return { root, duplicates: c.duplicates };
  } catch (e) {
    if (e instanceof Stopped && c.stop) return { root: undefined, duplicates: c.duplicates, stop: c.stop };
    throw e;
  }
}

class Converter {
  readonly duplicates: ConvertResult['duplicates'] = [];
  stop?: ConvertStop;
  private left: number;
  private readonly anchors = new Map<string, LNode>();
  private readonly measures = new WeakMap<LNode, Measure>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly limits: ConvertLimits,
  ) {
    this.left = limits.nodes;
  }

  convert(node: Node, depth: number): LNode {
    const built = this.build(node, depth);
    const anchor = (node as { anchor?: string }).anchor;
    // Registered after the node is built: an alias inside its own anchor (`&a [*a]`) is not a cycle.
    if (anchor && !isAlias(node)) this.anchors.set(anchor, built);
    return built;
  }

  private fail(stop: ConvertStop): never {
    this.stop = stop;
    throw new Stopped();
  }

  private charge(n: number, node: Node, what: string): void {
    countWork(n);
    this.left -= n;
    if (this.left < 0) {
      const [start, end] = rangeOf(node);
      this.fail({ code: 'yaml.too_complex', start, end, message: `${what} expands the file past ${thousands(this.limits.nodes)} nodes; the file is refused` });
    }
  }

  private checkDepth(height: number, node: Node): void {
    if (height > this.limits.depth) {
      const [start, end] = rangeOf(node);
      this.fail({ code: 'yaml.too_deep', start, end, message: `the file nests deeper than ${this.limits.depth} levels here; flatten it` });
    }
  }

  private measured(n: LNode, size: number, height: number): LNode {
    this.measures.set(n, { size, height });
    return n;
  }

  private build(node: Node, depth: number): LNode {
    const [start, end] = rangeOf(node);
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target) return this.measured(emptyAt(start, end), 1, 0);
      const m = this.measures.get(target) ?? { size: 1, height: 0 };
      // The target is shared, not copied: what it would cost expanded is charged instead.
      this.charge(m.size, node, `the alias *${node.source}`);
      this.checkDepth(depth + m.height, node);
      return this.measured({ ...target, start, end }, m.size, m.height);
    }
    this.charge(1, node, 'this node');
    this.checkDepth(depth, node);
    if (isScalar(node)) return this.measured(scalarOf(node, start, end), 1, 0);
    if (isSeq(node)) {
      const items: LNode[] = [];
      let size = 1;
      let height = 0;
      for (const item of node.items) {
        const child = item ? this.convert(item as Node, depth + 1) : emptyAt(end, end);
        const m = this.measures.get(child);
        size += m?.size ?? 1;
        height = Math.max(height, (m?.height ?? 0) + 1);
        items.push(child);
      }
      return this.measured({ kind: 'seq', items, start, end }, size, height);
    }
    if (isMap(node)) return this.map(node, start, end, depth);
    return this.measured(emptyAt(start, end), 1, 0);
  }

  private map(node: Node & { items: unknown[] }, start: number, end: number, depth: number): LNode {
    const entries: LEntry[] = [];
    const at = new Map<string, number>();
    const merged = new Set<string>();
    let size = 1;
    let height = 0;
    const put = (entry: LEntry, fromMerge: boolean) => {
      countWork(1);
      const i = at.get(entry.key);
      if (i === undefined) {
        at.set(entry.key, entries.length);
        entries.push(entry);
        if (fromMerge) merged.add(entry.key);
      } else if (!fromMerge) {
        // An own key overrides a merged one silently; given twice by hand, it is a mistake.
        if (!merged.delete(entry.key)) this.duplicates.push({ start: entry.keyStart, end: entry.keyEnd, key: entry.key });
        entries[i] = entry;
      }
      const m = this.measures.get(entry.value);
      size += m?.size ?? 1;
      height = Math.max(height, (m?.height ?? 0) + 1);
    };
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      const [ks, ke] = k ? rangeOf(k) : [start, start];
      if (k && isMergeKey(k) && pair.value) {
        // YAML merge key: the merged map(s) give entries that the map's own keys override.
        const source = this.convert(pair.value as Node, depth + 1);
        const maps = source.kind === 'seq' ? source.items : [source];
        for (const m of maps) {
          if (m.kind !== 'map') continue;
          this.charge(m.entries.length, pair.value as Node, 'this merge');
          for (const e of m.entries) put(e, true);
        }
        continue;
      }
      const key = k ? this.keyText(k, depth) : '';
      const v = pair.value as Node | null;
      const value = v ? this.convert(v, depth + 1) : this.measured(emptyAt(ke, ke), 1, 0);
      put({ key, keyStart: ks, keyEnd: ke, value }, false);
    }
    return this.measured({ kind: 'map', entries, start, end }, size, height);
  }

  private keyText(k: Node, depth: number): string {
    if (isScalar(k)) {
      const v: unknown = k.value;
      if (v === null || v === undefined) return '';
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : String(k);
    }
    const key = this.convert(k, depth + 1);
    return JSON.stringify(plainOf(key)) ?? '';
  }
}

/** `<<`: with `merge: true` the `yaml` package gives its value as Symbol('<<'), not the string. */
function isMergeKey(k: Node): boolean {
  if (!isScalar(k)) return false;
  const v = k.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

/** A key that is itself a collection, as JSON (its size was charged when it was built). */
function plainOf(node: LNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plainOf);
  const o: Record<string, unknown> = {};
  for (const e of node.entries) o[e.key] = plainOf(e.value);
  return o;
}

function scalarOf(node: Node & { value: unknown; type?: string }, start: number, end: number): LScalar {
  let value = node.value;
  if (typeof value === 'bigint') value = Number(value);
  if (value !== null && typeof value === 'object') value = String(node); // a tag's object (a date): the scalar's text
  if (value === undefined) value = null;
  const style =
    node.type === 'PLAIN' ? (start === end ? 'empty' : 'plain') : node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL' ? 'block' : 'quoted';
  return { kind: 'scalar', value: value as Scalar, start, end, style };
}

function rangeOf(node: Node | null | undefined): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

function emptyAt(start: number, end: number): LScalar {
  return { kind: 'scalar', value: null, start, end, style: 'empty' };
}
