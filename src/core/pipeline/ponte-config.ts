// The parts of ponte.yaml that runs, tests and gates use: project, pipeline, tests, gates and the
// datasets' schemas, each with its line so a failure can point at it. ponte.yaml as a whole is
// validated by core/project; this reader only refuses what it cannot use.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { fromSystemError, PonteError } from '../errors';

export interface ColumnCheck {
  name: string;
  type?: string;
  min?: number;
  max?: number;
  values?: (string | number | boolean)[];
  maxMissing?: number;
  line: number;
}

export interface DatasetConfig {
  name: string;
  /** Relative to the project root, as written. */
  path: string;
  columns: ColumnCheck[];
  line: number;
}

export interface GateRuleConfig {
  metric: string;
  text: string;
  line: number;
  column: number;
}

export interface PonteConfig {
  /** Absolute path of ponte.yaml, or undefined when the project has none. */
  file?: string;
  root: string;
  project: string;
  /** Absolute path of the DVC pipeline file. */
  pipeline: string;
  tests?: { command: string; junit?: string; line: number };
  gates?: { metrics: string; rules: GateRuleConfig[]; line: number };
  datasets: DatasetConfig[];
  modelPath?: string;
}

/** Reads `<root>/ponte.yaml`; a project without one gets the defaults (dvc.yaml, no tests or gates). */
export function readPonteConfig(root: string): PonteConfig {
  const file = path.join(root, 'ponte.yaml');
  const base: PonteConfig = { root, project: path.basename(path.resolve(root)), pipeline: path.join(root, 'dvc.yaml'), datasets: [] };
  if (!existsSync(file)) return base;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (n: Node | null | undefined) => lines.linePos(n?.range?.[0] ?? 0);
  if (doc.errors.length > 0) {
    const pos = lines.linePos(doc.errors[0].pos[0]);
    throw new PonteError('config.syntax', `ponte.yaml is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, {
      file, line: pos.line, column: pos.col, hint: "run 'ponte validate' to see every problem",
    });
  }
  const root_ = doc.contents;
  if (!isMap(root_)) return { ...base, file };
  const bad = (n: Node | null | undefined, message: string): never => {
    const pos = lineOf(n);
    throw new PonteError('config.invalid', message, { file, line: pos.line, column: pos.col, hint: "run 'ponte validate' to see every problem" });
  };
  const str = (m: YAMLMap, key: string): string | undefined => {
    const n = m.get(key, true) as Node | undefined;
    if (n === undefined || (isScalar(n) && n.value === null)) return undefined;
    if (!isScalar(n) || typeof n.value !== 'string') bad(n, `\`${key}\` must be a string`);
    return String((n as { value: unknown }).value);
  };
  const cfg: PonteConfig = { ...base, file };
  cfg.project = str(root_, 'project') ?? base.project;
  const pipeline = str(root_, 'pipeline');
  if (pipeline) cfg.pipeline = path.resolve(root, pipeline);
  const tests = root_.get('tests', true) as Node | undefined;
  if (isMap(tests)) {
    const command = str(tests, 'command');
    if (!command) bad(tests, '`tests.command` is missing: the command that runs the test suite, e.g. "python3 -m pytest tests"');
    cfg.tests = { command: command!, junit: str(tests, 'junit'), line: lineOf(tests).line };
  }
  const gates = root_.get('gates', true) as Node | undefined;
  if (isMap(gates)) {
    const rules: GateRuleConfig[] = [];
    const rulesNode = gates.get('rules', true) as Node | undefined;
    if (isMap(rulesNode)) {
      for (const pair of rulesNode.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const v = pair.value as Node | null;
        const pos = lineOf(v ?? (pair.key as Node));
        rules.push({ metric: key, text: isScalar(v) && v.value !== null && v.value !== undefined ? String(v) : '', line: pos.line, column: pos.col });
      }
    }
    cfg.gates = { metrics: str(gates, 'metrics') ?? 'metrics.json', rules, line: lineOf(gates).line };
  }
  const datasets = root_.get('datasets', true) as Node | undefined;
  if (isMap(datasets)) {
    for (const pair of datasets.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const d = pair.value as Node | null;
      if (!isMap(d)) continue;
      const p = str(d, 'path');
      if (!p) continue;
      const columns: ColumnCheck[] = [];
      const schema = d.get('schema', true) as Node | undefined;
      const cols = isMap(schema) ? (schema.get('columns', true) as Node | undefined) : undefined;
      if (isMap(cols)) {
        for (const c of cols.items) {
          const cname = isScalar(c.key) ? String(c.key.value) : '';
          const spec = c.value as Node | null;
          const check: ColumnCheck = { name: cname, line: lineOf(spec ?? (c.key as Node)).line };
          if (isMap(spec)) {
            const plain = spec.toJSON() as Record<string, unknown>;
            if (typeof plain.type === 'string') check.type = plain.type;
            if (typeof plain.min === 'number') check.min = plain.min;
            if (typeof plain.max === 'number') check.max = plain.max;
            if (typeof plain.max_missing === 'number') check.maxMissing = plain.max_missing;
            if (Array.isArray(plain.values)) check.values = plain.values.filter((x): x is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof x));
          }
          columns.push(check);
        }
      }
      cfg.datasets.push({ name, path: p, columns, line: lineOf(d).line });
    }
  }
  const model = root_.get('model', true) as Node | undefined;
  if (isMap(model)) cfg.modelPath = str(model, 'path');
  return cfg;
}
