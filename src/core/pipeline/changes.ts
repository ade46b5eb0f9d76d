// Whether a stage must run, by DVC's rules, with the reasons a person reads: the command
// changed, a dep or out was deleted, modified, added or is missing from the cache, a param
// changed key by key; `always_changed` always runs; `frozen` is never checked; a stage with a
// command but no deps and no outs always runs.
import * as path from 'node:path';
import type { StageNode } from './graph';
import { allOuts } from './graph';
import type { LockEntry, LockStage } from './lock-file';
import { readParamsFile, selectParams, type ParamsTree } from '../formats/params-file';
import { isPyMapping, plainOf, PyDate, pyEqual, PyFloat, pyFloatRepr, type PyValue } from '../formats/py-values';
import type { StageStorage } from './storage';

export interface StageCheck {
  changed: boolean;
  /** Why it will run, or why it will not (`up to date`, `frozen`). */
  reasons: string[];
}

/** Params files read once per pipeline run; keyed by absolute path. */
export class ParamsReader {
  private readonly files = new Map<string, Promise<ParamsTree>>();

  read(abs: string): Promise<ParamsTree> {
    let p = this.files.get(abs);
    if (!p) {
      p = readParamsFile(abs);
      this.files.set(abs, p);
    }
    return p;
  }

  /** The stage's params as dvc.lock records them: file (as written) → key → value. */
  async valuesFor(node: StageNode): Promise<Record<string, Record<string, PyValue>>> {
    const out: Record<string, Record<string, PyValue>> = {};
    for (const ref of node.stage.params) {
      const abs = path.resolve(node.dir, ref.file);
      const tree = await this.read(abs);
      out[ref.file] = { ...(out[ref.file] ?? {}), ...selectParams(tree, ref.keys, { file: abs, stage: node.stage.name }) };
    }
    return out;
  }
}

function show(v: PyValue | undefined): string {
  if (v === undefined) return '(none)';
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (v instanceof PyDate) return v.text;
  if (typeof v === 'number' && !Number.isInteger(v)) return pyFloatRepr(v);
  return JSON.stringify(plainOf(v));
}

function isTree(v: PyValue | undefined): v is { [key: string]: PyValue } {
  return isPyMapping(v);
}

/** Differences key by key; a section compared as a whole reports the keys inside it that changed. */
function diffParams(key: string, then: PyValue | undefined, now: PyValue | undefined, reasons: string[]): void {
  if (then === undefined) reasons.push(`param ${key} added`);
  else if (now === undefined) reasons.push(`param ${key} removed`);
  else if (isTree(then) && isTree(now)) {
    for (const k of new Set([...Object.keys(then), ...Object.keys(now)])) diffParams(`${key}.${k}`, then[k], now[k], reasons);
  } else if (!pyEqual(now, then)) reasons.push(`param ${key} changed: ${show(then)} → ${show(now)}`);
}

function cmdEqual(a: string | string[], b: string[]): boolean {
  const x = Array.isArray(a) ? a : [a];
  return x.length === b.length && x.every((c, i) => c === b[i]);
}

export interface CheckContext {
  storage: StageStorage;
  params: ParamsReader;
  signal?: AbortSignal;
}

export async function checkStage(node: StageNode, locked: LockStage | undefined, ctx: CheckContext): Promise<StageCheck> {
  const stage = node.stage;
  if (stage.frozen) return { changed: false, reasons: ['frozen'] };
  const reasons: string[] = [];
  if (stage.alwaysChanged) reasons.push('always_changed');
  const outs = allOuts(stage);
  if (stage.cmd.length > 0 && stage.deps.length === 0 && outs.length === 0) reasons.push('has a command but no deps or outs, so it always runs');
  if (!locked) {
    reasons.push('never run: no entry in dvc.lock');
    return { changed: true, reasons };
  }
  if (!cmdEqual(locked.cmd, stage.cmd)) reasons.push('command changed');

  const current = await ctx.params.valuesFor(node);
  const files = new Set([...Object.keys(current), ...Object.keys(locked.params)]);
  for (const f of files) {
    const now = current[f] ?? {};
    const then = locked.params[f] ?? {};
    for (const key of new Set([...Object.keys(then), ...Object.keys(now)])) diffParams(key, then[key], now[key], reasons);
  }

  await compareEntries('dep', stage.deps.map((d) => d.path), locked.deps, node, ctx, reasons, new Set());
  const uncached = new Set(outs.filter((o) => o.options.cache === false).map((o) => o.path));
  await compareEntries('out', outs.map((o) => o.path), locked.outs, node, ctx, reasons, uncached);
  return reasons.length ? { changed: true, reasons } : { changed: false, reasons: ['up to date'] };
}

async function compareEntries(
  kind: 'dep' | 'out', declared: string[], locked: LockEntry[], node: StageNode, ctx: CheckContext, reasons: string[], uncached: Set<string>,
): Promise<void> {
  const byPath = new Map(locked.map((e) => [e.path, e]));
  for (const p of declared) {
    const entry = byPath.get(p);
    const current = await ctx.storage.hash(path.resolve(node.dir, p), { legacy: entry?.legacy, signal: ctx.signal });
    if (!current) {
      reasons.push(`${kind} ${p} deleted`);
      continue;
    }
    if (!entry) {
      reasons.push(`${kind} ${p} is new`);
      continue;
    }
    if (current.md5 !== entry.md5) {
      reasons.push(`${kind} ${p} modified`);
      continue;
    }
    if (kind === 'out' && !uncached.has(p) && !(await ctx.storage.isCached(entry.md5, { legacy: entry.legacy }))) {
      reasons.push(`out ${p} not in cache`);
    }
  }
  const declaredSet = new Set(declared);
  for (const e of locked) if (!declaredSet.has(e.path)) reasons.push(`${kind} ${e.path} removed from the stage`);
}
