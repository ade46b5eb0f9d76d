// Reads what drift needs from ponte.yaml: `monitor.drift` (method, threshold, share, per-column
// overrides) and the column types declared under `datasets.<name>.schema.columns`, so a
// dataset's file is read with the types its owner declared. Errors name ponte.yaml and the line.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, type Node } from 'yaml';
import { PonteError } from '../errors';
import { kindOfSpecType, type TypeOverrides } from './columns';
import { DRIFT_METHODS, type DriftConfig, type DriftMethod } from './methods';

export interface DriftSettings {
  config: DriftConfig;
  /** Declared column kinds by absolute dataset file path. */
  typesByFile: Map<string, TypeOverrides>;
  /** Absolute path of the dataset `monitor.reference` names, when it names one. */
  referenceFile?: string;
  /** The ponte.yaml read, when one exists. */
  file?: string;
}

function fail(file: string, lc: LineCounter, node: Node | null | undefined, message: string, hint: string): never {
  const pos = node?.range ? lc.linePos(node.range[0]) : undefined;
  throw new PonteError('drift.config.invalid', message, { file, line: pos?.line, column: pos?.col, hint });
}

function asMethod(file: string, lc: LineCounter, node: Node | null | undefined, where: string): DriftMethod | 'auto' | undefined {
  const v = (node as { value?: unknown } | undefined)?.value;
  if (v === undefined) return undefined;
  if (v === 'auto' || DRIFT_METHODS.includes(v as DriftMethod)) return v as DriftMethod | 'auto';
  return fail(file, lc, node, `${where}: unknown method '${typeof v === 'string' ? v : JSON.stringify(v)}'`, `use one of: auto, ${DRIFT_METHODS.join(', ')}`);
}

function asNumber(file: string, lc: LineCounter, node: Node | null | undefined, where: string, max?: number): number | undefined {
  const v = (node as { value?: unknown } | undefined)?.value;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (max !== undefined && v > max)) {
    return fail(file, lc, node, `${where} must be a number${max !== undefined ? ` between 0 and ${max}` : ' >= 0'}`, 'for example 0.1');
  }
  return v;
}

/** Reads ponte.yaml in `dir` (absent file: defaults). */
export function readDriftSettings(dir: string): DriftSettings {
  const file = join(dir, 'ponte.yaml');
  const settings: DriftSettings = { config: {}, typesByFile: new Map() };
  if (!existsSync(file)) return settings;
  settings.file = file;
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new PonteError('drift.config.yaml', `ponte.yaml is not valid YAML: ${e.message.split('\n')[0]}`, {
      file,
      line: e.linePos?.[0].line,
      column: e.linePos?.[0].col,
      hint: 'run `ponte validate` for every problem in the file',
    });
  }
  const datasets = doc.getIn(['datasets'], true);
  const pathOf = new Map<string, string>();
  if (isMap(datasets)) {
    for (const pair of datasets.items) {
      const name = String((pair.key as { value?: unknown }).value);
      const ds = pair.value;
      if (!isMap(ds)) continue;
      const p = ds.get('path');
      if (typeof p !== 'string') continue;
      const abs = resolve(dir, p);
      pathOf.set(name, abs);
      const cols = ds.getIn(['schema', 'columns'], true);
      if (!isMap(cols)) continue;
      const types: TypeOverrides = {};
      for (const c of cols.items) {
        const col = String((c.key as { value?: unknown }).value);
        if (!isMap(c.value)) continue;
        const typeNode = c.value.get('type', true) as Node | undefined;
        const t = (typeNode as { value?: unknown } | undefined)?.value;
        if (typeof t !== 'string') continue;
        const kind = kindOfSpecType(t);
        if (!kind) fail(file, lc, typeNode, `datasets.${name}.schema.columns.${col}.type: unknown type '${t}'`, 'use integer, number, category, string or boolean');
        types[col] = kind;
      }
      settings.typesByFile.set(abs, types);
    }
  }
  const ref = doc.getIn(['monitor', 'reference']);
  if (typeof ref === 'string') settings.referenceFile = pathOf.get(ref);
  const drift = doc.getIn(['monitor', 'drift'], true);
  if (isMap(drift)) {
    const node = (k: string) => drift.get(k, true) as Node | undefined;
    settings.config.method = asMethod(file, lc, node('method'), 'monitor.drift.method');
    settings.config.threshold = asNumber(file, lc, node('threshold'), 'monitor.drift.threshold');
    settings.config.share = asNumber(file, lc, node('share'), 'monitor.drift.share', 1);
    const cols = node('columns');
    if (isMap(cols)) {
      settings.config.columns = {};
      for (const c of cols.items) {
        const col = String((c.key as { value?: unknown }).value);
        if (!isMap(c.value)) fail(file, lc, c.value as Node, `monitor.drift.columns.${col} must be a mapping`, 'for example { method: psi, threshold: 0.2 }');
        settings.config.columns[col] = {
          method: asMethod(file, lc, c.value.get('method', true), `monitor.drift.columns.${col}.method`),
          threshold: asNumber(file, lc, c.value.get('threshold', true), `monitor.drift.columns.${col}.threshold`),
        };
      }
    }
  }
  return settings;
}
