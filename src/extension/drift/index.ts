// "Ponte: Compare Datasets for Drift": two files (picked, or two selected in the Explorer), or two
// versions of a DVC-tracked dataset, compared by the core drift engine with progress and
// cancellation; the result opens in the drift panel of the webview host (restored after a
// reload): drifted columns first, statistic and threshold, histograms. The engine (with core/data and simple-git)
// is required on first use, so activation does not pay for it.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PonteError } from '../../core/errors';
// run.ts, not index.ts: the loaders (and hyparquet) stay in the worker, out of this bundle.
import type * as DriftRun from '../../core/drift/run';
import type * as Versions from '../../core/versions';
import type { PonteContext } from '../context';
import { driftReportView } from '../dashboard/drift-view';

function engine(): typeof DriftRun {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  return require('../../core/drift/run') as typeof DriftRun;
}

function datasetVersions(): typeof Versions {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  return require('../../core/versions') as typeof Versions;
}

const DATA_FILTERS = { 'Datasets (CSV, JSON lines, Parquet)': ['csv', 'jsonl', 'ndjson', 'parquet', 'pq'], 'All files': ['*'] };

interface Inputs {
  reference: string;
  current: string;
  label: string;
  formats?: { reference?: 'csv' | 'jsonl' | 'parquet'; current?: 'csv' | 'jsonl' | 'parquet' };
  cwd: string;
  /** The path whose declared column types apply (the dataset, when comparing versions from the cache). */
  typesFrom: string;
  /** What the report calls each side, when not its file (a cache object is named dataset@commit). */
  names?: { reference: string; current: string };
}

/** Explorer: (clicked, selected[]); palette: no arguments. */
export async function compareDatasetsForDrift(ctx: PonteContext, clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<void> {
  const inputs = await chooseInputs(ctx, clicked, selected);
  if (!inputs) return;
  const drift = engine();
  const settings = drift.readDriftSettings(inputs.cwd);
  const report = await ctx.withProgress(`Ponte: drift ${inputs.label}`, (signal, progress) =>
    drift.runDrift(inputs.reference, inputs.current, {
      mode: 'auto',
      config: settings.config,
      keep: settings.features,
      types: settings.typesByFile.get(path.resolve(inputs.cwd, inputs.typesFrom)),
      formats: inputs.formats,
      signal,
      onProgress: (p) => progress(`${Math.round(p.fraction * 100)}%`),
    }),
  );
  if (inputs.names) {
    report.reference.file = inputs.names.reference;
    report.current.file = inputs.names.current;
  }
  const s = report.summary;
  ctx.log.info(`drift ${inputs.label}: ${s.drifted} of ${s.columns} columns drifted, dataset drift ${s.dataset_drift} [${report.mode}]`);
  await ctx.dashboard.showDriftReport(driftReportView(report, randomUUID(), `Drift: ${inputs.label}`));
}

async function chooseInputs(ctx: PonteContext, clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<Inputs | undefined> {
  const cwd = ctx.roots()[0] ?? process.cwd();
  const files = (selected ?? (clicked ? [clicked] : [])).filter((u) => u.scheme === 'file');
  if (files.length === 2) return fileInputs(cwd, files[0].fsPath, files[1].fsPath);
  const how = await vscode.window.showQuickPick(
    [
      { label: 'Two files…', description: 'a reference file and a current file', id: 'files' },
      { label: 'Two versions of a tracked dataset…', description: 'from the git history of its .dvc file', id: 'versions' },
    ],
    { title: 'Compare datasets for drift' },
  );
  if (!how) return undefined;
  if (how.id === 'versions') return versionInputs(ctx, cwd);
  const defaultUri = ctx.roots()[0] ? vscode.Uri.file(ctx.roots()[0]) : undefined;
  const reference = clicked?.scheme === 'file' ? [clicked] : await vscode.window.showOpenDialog({ title: 'Reference dataset', filters: DATA_FILTERS, defaultUri, canSelectMany: false });
  if (!reference?.[0]) return undefined;
  const current = await vscode.window.showOpenDialog({ title: 'Current dataset (compared with the reference)', filters: DATA_FILTERS, defaultUri, canSelectMany: false });
  if (!current?.[0]) return undefined;
  return fileInputs(cwd, reference[0].fsPath, current[0].fsPath);
}

function fileInputs(cwd: string, reference: string, current: string): Inputs {
  return { reference, current, label: `${path.basename(current)} vs ${path.basename(reference)}`, cwd, typesFrom: reference };
}

async function versionInputs(ctx: PonteContext, cwd: string): Promise<Inputs | undefined> {
  // reading the history runs git
  ctx.requireTrust('Comparing dataset versions');
  const drift = datasetVersions();
  const files = await drift.trackedDataFiles(cwd);
  if (files.length === 0) {
    throw new PonteError('drift.version.none_tracked', 'no DVC-tracked data file in this workspace', { hint: 'track one with ponte data add PATH, or compare two files instead' });
  }
  const dataset = await vscode.window.showQuickPick(files, { title: 'Which dataset?' });
  if (!dataset) return undefined;
  const root = await drift.dataRepoRoot(cwd);
  const versions = await drift.datasetVersions(root, dataset);
  if (versions.length < 2) {
    throw new PonteError('drift.version.too_few', `${dataset} has ${versions.length} recorded version${versions.length === 1 ? '' : 's'}; two are needed`, {
      hint: 'commit a new version of its .dvc file, or compare two files instead',
    });
  }
  const items = versions.map((v) => ({ label: v.commit.slice(0, 7), description: v.message, detail: `${v.date} ${v.size === undefined ? '' : `${v.size} bytes`}`.trim(), v }));
  const reference = await vscode.window.showQuickPick(items, { title: 'Reference version', matchOnDescription: true });
  if (!reference) return undefined;
  const current = await vscode.window.showQuickPick(
    items.filter((i) => i !== reference),
    { title: 'Current version (compared with the reference)', matchOnDescription: true },
  );
  if (!current) return undefined;
  const r = await drift.datasetVersionFile(root, dataset, reference.v);
  const c = await drift.datasetVersionFile(root, dataset, current.v);
  return {
    reference: r.file,
    current: c.file,
    formats: { reference: r.format, current: c.format },
    label: `${dataset} ${current.label} vs ${reference.label}`,
    cwd,
    typesFrom: path.join(root, dataset),
    names: { reference: `${dataset}@${reference.label}`, current: `${dataset}@${current.label}` },
  };
}
