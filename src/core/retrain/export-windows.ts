// Step 1 of a retrain: the deployment's closed monitoring windows not yet exported, with the
// labels that arrived for their predictions, appended to the source dataset one window at a time,
// each a new version through data versioning (cache, `.dvc` file) registered in the backend
// with `source: production-window:<id>`.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { DatasetVersion, Json, MonitoringWindow, PonteApi, Prediction } from '../api';
import { addData } from '../data';
import { readCsvText } from '../drift/csv-text';
import { PonteError } from '../errors';
import { guardPath } from '../workspace';

export const WINDOW_SOURCE = 'production-window:';

/** Ponte's prediction id goes in this column when the dataset has one (rows from two exports never repeat). */
export const PREDICTION_ID_COLUMN = 'prediction_id';

export interface ExportOptions {
  api: PonteApi;
  root: string;
  deployment: string;
  dataset: { name: string; path: string };
  /** The features recorded and the label column, as ponte.yaml's monitor block names them. */
  label: string;
  signal?: AbortSignal;
}

export interface ExportedWindow {
  window: string;
  rows: number;
  version: DatasetVersion;
}

export interface ExportResult {
  /** Windows closed since the last export, oldest first. */
  pending: string[];
  exported: ExportedWindow[];
  /** Windows with no labelled prediction yet: left for a later retrain. */
  unlabelled: string[];
  rows: number;
  hash?: string;
}

/** The windows already in the dataset, by the sources of its registered versions. */
function exportedWindowIds(versions: DatasetVersion[]): Set<string> {
  return new Set(versions.flatMap((v) => (v.source?.startsWith(WINDOW_SOURCE) ? [v.source.slice(WINDOW_SOURCE.length)] : [])));
}

/** The deployment's closed windows, oldest first (the API pages them newest first). */
async function closedWindows(api: PonteApi, deployment: string): Promise<MonitoringWindow[]> {
  const windows = await api.listWindows(deployment, 1000);
  return windows.filter((w) => w.seq !== null).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * The labelled, answered predictions of one window. A window spans [start, end] with both ends
 * included; a prediction in the same millisecond as a neighbour's edge may be listed by both,
 * which the caller's set of seen ids settles.
 */
async function labelledPredictions(api: PonteApi, w: MonitoringWindow, signal?: AbortSignal): Promise<Prediction[]> {
  const out: Prediction[] = [];
  const until = new Date(Date.parse(w.end) + 1).toISOString();
  for (let token: string | undefined, first = true; first || token; first = false) {
    signal?.throwIfAborted();
    const page = await api.listPredictions({ deployment: w.deployment, since: w.start, until, limit: 1000, pageToken: token });
    for (const p of page.items) if (p.label !== undefined && p.label !== null && p.status < 400) out.push(p);
    token = page.nextPageToken;
  }
  return out;
}

function csvField(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** The dataset's header: its columns decide what each exported row holds. */
function readHeader(file: string, rel: string): { columns: string[]; endsWithNewline: boolean; ids: Set<string>; rows: number } {
  if (!existsSync(file)) {
    throw new PonteError('retrain.dataset_missing', `the retrain dataset ${rel} does not exist`, {
      hint: 'create it with its header line (the columns to train on), or restore it: ponte data checkout',
    });
  }
  // Read by the drift engine's CSV reader, the one that the data checks use too.
  const csv = readCsvText(file);
  const columns = csv.header;
  if (columns.length === 0 || columns[0] === '') {
    throw new PonteError('retrain.dataset_no_header', `the retrain dataset ${rel} has no header line`, { hint: 'its first line names the columns, e.g. prediction_id,age,income,churned' });
  }
  const idAt = columns.indexOf(PREDICTION_ID_COLUMN);
  const ids = new Set<string>(idAt >= 0 ? csv.rows.map((r) => r[idAt] ?? '') : []);
  return { columns, endsWithNewline: endsWithNewline(file), ids, rows: csv.rows.length };
}

function rowOf(p: Prediction, columns: string[], label: string): string {
  return columns.map((c) => csvField(c === PREDICTION_ID_COLUMN ? p.id : c === label ? p.label : p.features[c])).join(',');
}

/**
 * Appends each pending window as its own dataset version, oldest first. A window whose rows are
 * all unlabelled is left pending: its labels may still arrive.
 */
export async function exportWindows(o: ExportOptions): Promise<ExportResult> {
  if (!o.dataset.path.toLowerCase().endsWith('.csv')) {
    throw new PonteError('retrain.dataset_format', `retrain appends rows to a CSV dataset; ${o.dataset.path} is not one`, { hint: 'point retrain.data.dataset at a .csv dataset the pipeline reads' });
  }
  const file = guardPath(o.root, path.resolve(o.root, o.dataset.path), { action: 'write' });
  const versions = await o.api.listDatasetVersions(o.dataset.name);
  const done = exportedWindowIds(versions);
  const pending = (await closedWindows(o.api, o.deployment)).filter((w) => !done.has(w.id));
  const header = readHeader(file, o.dataset.path);
  const result: ExportResult = { pending: pending.map((w) => w.id), exported: [], unlabelled: [], rows: 0 };
  let needsNewline = !header.endsWithNewline;
  for (const w of pending) {
    const labelled = await labelledPredictions(o.api, w, o.signal);
    if (labelled.length === 0) {
      result.unlabelled.push(w.id);
      continue;
    }
    // Rows already in the file (an export interrupted before it registered its version) are not appended twice.
    const rows = labelled.filter((p) => !header.ids.has(p.id));
    for (const p of rows) header.ids.add(p.id);
    if (rows.length) await appendFile(file, `${needsNewline ? '\n' : ''}${rows.map((p) => rowOf(p, header.columns, o.label)).join('\n')}\n`);
    needsNewline = false;
    header.rows += rows.length;
    const [added] = await addData({ cwd: o.root, paths: [o.dataset.path], lockWaitMs: 30_000 });
    const version = await o.api.registerDatasetVersion({
      name: o.dataset.name, hash: added.md5!, path: o.dataset.path, size: added.size, rows: header.rows, source: `${WINDOW_SOURCE}${w.id}`,
    });
    result.exported.push({ window: w.id, rows: rows.length, version });
    result.rows += rows.length;
    result.hash = added.md5;
  }
  return result;
}
