// The churn example as the loop tests use it: a copy of examples/churn with its reference dataset
// made by its own pipeline (`ponte run prepare`), production traffic drawn by its own generator
// (src/traffic.py, with or without drift) as rows and as predictions, and its monitoring settings
// read from its ponte.yaml the way `ponte deploy` sends them to the backend.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Deployment, Json, PredictionInput } from '../../../../src/core/api';
import { profileDataset, runLoadJob, type DatasetProfile } from '../../../../src/core/drift';
import { monitorBlock, monitorSettingsOf, type MonitorSettings } from '../../../../src/core/monitor';
import { loadProject } from '../../../../src/core/project';
import { cliJs, repoRoot, tempDir } from '../../server/lib/backends';

export const PYTHON = '/usr/bin/python3';
export type Row = Record<string, string>;

export interface ChurnCopy {
  dir: string;
  remove(): void;
}

/** A copy of the example (what git would commit), with the pipeline run up to `prepare`. */
export function churnCopy(prefix: string): ChurnCopy {
  const tmp = tempDir(prefix);
  const src = path.join(repoRoot, 'examples', 'churn');
  cpSync(src, tmp.dir, { recursive: true, filter: (f) => !/\/(data|models|plots|reports|\.ponte|__pycache__|\.pytest_cache)$/.test(f) && !f.endsWith('dvc.lock') && !f.includes('/.dvc/cache') });
  run(process.execPath, [cliJs, 'run', 'prepare', '--no-record'], tmp.dir);
  return tmp;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, PONTE_BACKEND: '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Rows from src/traffic.py: `rows` customers from seed `seed`, from the changed world with `drift`. */
export function sample(copy: ChurnCopy, rows: number, seed: number, drift: boolean): Row[] {
  const out = path.join(copy.dir, `sample-${seed}-${drift ? 'd' : 'u'}.csv`);
  run(PYTHON, ['src/traffic.py', 'sample', '--rows', String(rows), '--seed', String(seed), '--out', out, ...(drift ? ['--drift'] : [])], copy.dir);
  return readCsv(out);
}

/** The example's CSVs hold no quoted fields. */
export function readCsv(file: string): Row[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

/** What the proxy records of a request the traffic generator sends: its JSON features. */
export function features(row: Row): Record<string, Json> {
  return {
    age: Number(row.age),
    income: row.income === '' ? null : Number(row.income),
    plan: row.plan,
    tenure_months: Number(row.tenure_months),
    monthly_charges: Number(row.monthly_charges),
    support_calls: Number(row.support_calls),
  };
}

export function predictions(deployment: string, rows: Row[], startMs: number, prefix: string): PredictionInput[] {
  return rows.map((row, i) => ({
    id: `${prefix}-${String(i).padStart(6, '0')}`,
    deployment,
    timestamp: new Date(startMs + i).toISOString(),
    features: features(row),
    prediction: { churn_probability: 0.5 },
    latencyMs: 5,
    status: 200,
  }));
}

/** The example's monitor block as `ponte deploy` sends it, read back as the window closer reads it. */
export function monitorSettings(copy: ChurnCopy): { block: Record<string, Json>; settings: MonitorSettings } {
  const { config } = loadProject(copy.dir);
  if (!config.monitor) throw new Error('examples/churn/ponte.yaml has no monitor block');
  const block = monitorBlock(config.monitor);
  return { block, settings: monitorSettingsOf({ name: config.monitor.deployment, config: { monitor: block } } as unknown as Deployment)! };
}

/** The reference dataset's profile, made as `ponte deploy` makes it. */
export async function referenceProfile(copy: ChurnCopy): Promise<DatasetProfile> {
  const { config } = loadProject(copy.dir);
  const ref = config.datasets.find((d) => d.name === config.monitor?.reference);
  if (!ref?.path) throw new Error('monitor.reference names no dataset with a path');
  return profileDataset(path.join(copy.dir, ref.path), { threads: false, inThread: runLoadJob });
}
