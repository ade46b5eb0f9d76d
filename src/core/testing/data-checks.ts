// Data checks declared under `datasets.<name>.schema.columns` in ponte.yaml, run as tests: the
// column exists, its values have the declared type, lie within min/max, belong to the allowed
// values, and the share of missing cells stays under max_missing. One test per column.
import * as path from 'node:path';
import { readCsvText } from '../drift/csv-text';
import { isPonteError } from '../errors';
import { MISSING_TOKENS, type ColumnConfig, type DatasetConfig } from '../project';
import type { TestResult } from './results';

// The same cells drift counts as missing, so max_missing and drift agree on a file.
const MISSING: ReadonlySet<string> = new Set(MISSING_TOKENS);
const INTEGER = /^[+-]?\d+(\.0+)?$/;

interface Problem {
  count: number;
  first?: { row: number; value: string };
  what: string;
}

/** What the checks use of a column's config, and where it is written. */
export type ColumnCheck = Pick<ColumnConfig, 'name' | 'type' | 'min' | 'max' | 'values' | 'maxMissing' | 'range'>;
export type DatasetChecks = Pick<DatasetConfig, 'name' | 'path' | 'range'> & { columns: ColumnCheck[] };

/** `lines[i]`: the file's line of cell i (a quoted cell may span lines, blank lines are skipped). */
function checkColumn(check: ColumnCheck, cells: string[], lines: number[]): string[] {
  const problems: Problem[] = [];
  const note = (what: string) => {
    let p = problems.find((x) => x.what === what);
    if (!p) problems.push((p = { count: 0, what }));
    return p;
  };
  const flag = (what: string, row: number, value: string) => {
    const p = note(what);
    p.count++;
    p.first ??= { row, value };
  };
  const type = check.type;
  const numeric = type === 'integer' || type === 'number';
  const allowed = check.values?.map(String);
  let missing = 0;
  cells.forEach((cell, i) => {
    const row = lines[i];
    if (MISSING.has(cell.trim())) {
      missing++;
      return;
    }
    if (type === 'integer') {
      if (!INTEGER.test(cell.trim())) return flag('not an integer', row, cell);
    } else if (numeric) {
      if (!Number.isFinite(Number(cell))) return flag('not a number', row, cell);
    } else if (type === 'boolean') {
      if (!/^(true|false|0|1|True|False|TRUE|FALSE)$/.test(cell.trim())) return flag('not a boolean', row, cell);
    }
    if (numeric || check.min !== undefined || check.max !== undefined) {
      const v = Number(cell);
      if (check.min !== undefined && Number.isFinite(v) && v < check.min) flag(`below min ${check.min}`, row, cell);
      if (check.max !== undefined && Number.isFinite(v) && v > check.max) flag(`above max ${check.max}`, row, cell);
    }
    if (allowed && !allowed.includes(cell) && !(numeric && allowed.some((a) => Number(a) === Number(cell)))) {
      flag(`not one of [${allowed.join(', ')}]`, row, cell);
    }
  });
  const out = problems.map((p) => `${p.count} of ${cells.length} values ${p.what} (first on line ${p.first!.row}: "${p.first!.value}")`);
  if (check.maxMissing !== undefined && cells.length > 0) {
    const share = missing / cells.length;
    if (share > check.maxMissing) out.push(`${missing} of ${cells.length} values missing (${(share * 100).toFixed(2)}%), more than max_missing ${check.maxMissing}`);
  }
  return out;
}

export interface DataCheckOptions {
  root: string;
  /** ponte.yaml, where the checks are declared: failures point at the column's line there. */
  configFile: string;
  datasets: DatasetChecks[];
}

export async function runDataChecks(options: DataCheckOptions): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const config = path.relative(options.root, options.configFile).split(path.sep).join('/') || 'ponte.yaml';
  for (const ds of options.datasets) {
    if (ds.columns.length === 0) continue;
    const started = Date.now();
    const abs = path.resolve(options.root, ds.path);
    const suite = `data:${ds.name}`;
    let header: string[];
    let rows: string[][];
    let lines: number[];
    try {
      if (!/\.(csv|txt)$/i.test(ds.path)) throw new Error(`data checks read CSV files; ${ds.path} is not one`);
      ({ header, rows, lines } = readCsvText(abs));
    } catch (e) {
      const message = isPonteError(e) && e.code === 'io.enoent' ? `${ds.path} does not exist yet: run the pipeline (ponte run) or fetch the data first` : isPonteError(e) ? `${e.where()}: ${e.message}` : (e as Error).message;
      results.push({ id: suite, name: ds.name, suite, status: 'error', durationS: (Date.now() - started) / 1000, file: config, line: ds.range.start.line + 1, message, kind: 'data' });
      continue;
    }
    for (const check of ds.columns) {
      const t0 = Date.now();
      const id = `${suite}/${check.name}`;
      const col = header.indexOf(check.name);
      const base = { id, name: check.name, suite, file: config, line: check.range.start.line + 1, kind: 'data' as const };
      if (col === -1) {
        results.push({ ...base, status: 'failed', durationS: 0, message: `column "${check.name}" is missing from ${ds.path} (it has: ${header.join(', ')})` });
        continue;
      }
      const problems = checkColumn(check, rows.map((r) => r[col] ?? ''), lines);
      const durationS = (Date.now() - t0) / 1000;
      if (problems.length === 0) results.push({ ...base, status: 'passed', durationS });
      else results.push({ ...base, status: 'failed', durationS, message: `${ds.path}: ${problems[0]}`, details: problems.map((p) => `${ds.path}: ${p}`).join('\n') });
    }
  }
  return results;
}
