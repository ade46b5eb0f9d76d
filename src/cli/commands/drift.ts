// `ponte drift`: compares a current dataset with a reference, column by column, and decides
// dataset drift; `ponte drift profile` saves a reference as a sketch profile for reuse.
// Exit 0: no dataset drift; 1: dataset drift (or an error); 2: bad usage.
import { relative, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import type { Json, PonteApi } from '../../core/api';
import { loadProject, type PonteConfig } from '../../core/project';
import { formatTable, renderJson } from '../output';
import type { DriftOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import { writeFileAtomic } from '../../core/workspace';
import {
  DRIFT_METHODS,
  formatStat,
  kindOfSpecType,
  profileDataset,
  profileToJson,
  readDriftSettings,
  readProfile,
  renderDriftHtml,
  runDrift,
  // in-thread loading when the worker bundle is absent (the CLI carries the loaders; the extension does not)
  runLoadJob,
  type DriftConfig,
  type DriftMethod,
  type DriftReport,
  type DriftRunOptions,
  type TypeOverrides,
  driftSettingsOf,
} from '../../core/drift';

const HELP = `Usage: ponte drift --reference FILE --current FILE [options]
       ponte drift --reference-profile PROFILE.json --current FILE [options]
       ponte drift profile FILE --output PROFILE.json [--columns a,b] [--type col=kind]

Compares the current dataset with the reference, column by column, and reports which columns
drifted and whether the dataset drifted (the share of drifted columns reaches monitor.drift.share).
Files: CSV (.csv, default), JSON lines (.jsonl, .ndjson), Parquet (.parquet).
Settings come from ponte.yaml in the current directory (monitor.drift; column types declared
under datasets.<name>.schema.columns); flags override them. Inside a project (a ponte.yaml here)
the report is also recorded in the project's backend, so the dashboard's Drift tab shows it.

Options:
  --reference FILE            the reference dataset
  --reference-profile FILE    a saved profile instead of the reference data (sketch mode)
  --current FILE              the dataset to check
  --columns a,b               compare only these columns (default: all, and both sides must match)
  --method M                  auto (default) | ks | wasserstein | psi | jensenshannon | chisquare | ztest
  --threshold X               threshold for --method (default: the method's own)
  --share X                   dataset drift when at least this share of columns drifted (default 0.5)
  --mode MODE                 exact (default) | sketch | auto (sketch above ${(5_000_000).toLocaleString('en')} rows)
  --type col=kind             read a column as number or category (repeatable)
  --stats all                 add every statistic per column
  --json                      print the report as JSON
  --html FILE                 write a standalone HTML report with histograms
  --max-line-bytes N          longest CSV record accepted (default 64 MiB)
  --quiet                     no progress on stderr
  --no-record                 do not record the report in the project's backend
${backendHelp}
Exit codes: 0 no dataset drift, 1 dataset drift or an error, 2 bad usage.

Examples:
  ponte drift --reference data/reference.csv --current data/today.csv
  ponte drift --reference ref.parquet --current cur.parquet --columns age,income --method psi --json
  ponte drift profile data/reference.csv --output reference.profile.json
  ponte drift --reference-profile reference.profile.json --current today.csv --html drift.html
`;

const OPTIONS = {
  reference: { type: 'string' },
  'reference-profile': { type: 'string' },
  current: { type: 'string' },
  columns: { type: 'string' },
  method: { type: 'string' },
  threshold: { type: 'string' },
  share: { type: 'string' },
  mode: { type: 'string' },
  type: { type: 'string', multiple: true },
  stats: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  output: { type: 'string' },
  'max-line-bytes': { type: 'string' },
  quiet: { type: 'boolean' },
  'no-record': { type: 'boolean' },
  ...backendOptions,
} as const;

function usage(message: string): PonteError {
  return new PonteError('usage.drift', message, { hint: "run 'ponte drift --help'" });
}

function numberFlag(name: string, value: string | undefined, max?: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (max !== undefined && n > max)) {
    throw usage(`--${name} must be a number${max !== undefined ? ` between 0 and ${max}` : ' >= 0'}, not '${value}'`);
  }
  return n;
}

function parseTypes(list: string[] | undefined): TypeOverrides {
  const out: TypeOverrides = {};
  for (const item of list ?? []) {
    const eq = item.lastIndexOf('=');
    const kind = eq > 0 ? kindOfSpecType(item.slice(eq + 1)) : undefined;
    if (!kind) throw usage(`--type expects column=kind (kind: number, integer, category, string), not '${item}'`);
    out[item.slice(0, eq)] = kind;
  }
  return out;
}

/** Progress on stderr: a rewritten line on a terminal, a line per 10% elsewhere. */
function progressReporter(quiet: boolean | undefined): DriftRunOptions['onProgress'] {
  if (quiet) return undefined;
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDecile = -1;
  let shown = false;
  return ({ fraction, message }) => {
    if (Date.now() - started < 1000 && fraction < 1) return; // short runs stay silent
    const pct = Math.floor(fraction * 100);
    if (tty) {
      process.stderr.write(`\r${message}: ${pct}%`);
      shown = true;
      if (fraction >= 1) process.stderr.write('\n');
    } else if (Math.floor(pct / 10) !== lastDecile) {
      lastDecile = Math.floor(pct / 10);
      if (shown || fraction < 1) process.stderr.write(`${message}: ${pct}%\n`);
      shown = true;
    }
  };
}

function textReport(report: DriftReport): string {
  const rows = [['column', 'kind', 'method', 'statistic', 'p-value', 'threshold', 'result']];
  for (const c of report.columns) {
    rows.push([c.column, c.kind, c.method, formatStat(c.statistic), formatStat(c.p_value), formatStat(c.threshold), c.drifted ? 'DRIFT' : 'ok']);
  }
  const s = report.summary;
  return (
    formatTable(rows) +
    `\n${s.drifted} of ${s.columns} columns drifted (share ${formatStat(s.share)}, threshold ${formatStat(s.share_threshold)}): ` +
    `${s.dataset_drift ? 'dataset drift' : 'no dataset drift'} [${report.mode}]\n` +
    (report.skipped?.length ? report.skipped.map((k) => `skipped ${k.column}: ${k.reason}\n`).join('') : '')
  );
}

async function runProfile(argv: string[]): Promise<number> {
  const args = parseCommandArgs('drift profile', argv, OPTIONS, HELP);
  if (!args) return 0;
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) throw usage('ponte drift profile takes one data file');
  const output = args.values.output;
  if (!output) throw usage('ponte drift profile needs --output PROFILE.json');
  const settings = readDriftSettings(process.cwd());
  const types = { ...settings.typesByFile.get(resolve(file)), ...parseTypes(args.values.type) };
  const profile = await profileDataset(file, {
    columns: args.values.columns?.split(',').map((s) => s.trim()),
    types,
    maxLineBytes: numberFlag('max-line-bytes', args.values['max-line-bytes']),
    onProgress: progressReporter(args.values.quiet),
    inThread: runLoadJob,
  });
  await writeFileAtomic(output, `${JSON.stringify(profileToJson(profile))}\n`);
  if (!args.values.quiet) process.stderr.write(`profile of ${file} (${profile.rows} rows, ${profile.columns.length} columns) written to ${output}\n`);
  return 0;
}

async function runCompare(argv: string[]): Promise<number> {
  const args = parseCommandArgs('drift', argv, OPTIONS, HELP);
  if (!args) return 0;
  const v = args.values;
  if (args.positionals.length) throw usage(`unexpected argument '${args.positionals[0]}'`);
  if (!v.current) throw usage('--current FILE is required');
  if (!v.reference === !v['reference-profile']) throw usage('give exactly one of --reference FILE and --reference-profile FILE');
  const method = v.method;
  if (method !== undefined && method !== 'auto' && !DRIFT_METHODS.includes(method as DriftMethod)) {
    throw usage(`--method must be auto or one of ${DRIFT_METHODS.join(', ')}, not '${method}'`);
  }
  const mode = v.mode ?? 'exact';
  if (mode !== 'exact' && mode !== 'sketch' && mode !== 'auto') throw usage(`--mode must be exact, sketch or auto, not '${mode}'`);
  if (v.stats !== undefined && v.stats !== 'all') throw usage(`--stats takes only 'all', not '${v.stats}'`);
  const project = loadProject(process.cwd()).config;
  const settings = driftSettingsOf(project);
  const config: DriftConfig = { ...settings.config };
  if (method !== undefined) {
    config.method = method as DriftMethod | 'auto';
    // a method on the command line applies to every column
    config.columns = undefined;
  }
  const threshold = numberFlag('threshold', v.threshold);
  if (threshold !== undefined) config.threshold = threshold;
  const share = numberFlag('share', v.share, 1);
  if (share !== undefined) config.share = share;
  const referenceFile = v.reference;
  const types = { ...(referenceFile ? settings.typesByFile.get(resolve(referenceFile)) : undefined), ...parseTypes(v.type) };
  const options: DriftRunOptions = {
    mode,
    columns: v.columns?.split(',').map((s) => s.trim()).filter(Boolean),
    keep: settings.features,
    types,
    config,
    stats: v.stats === 'all' ? 'all' : undefined,
    maxLineBytes: numberFlag('max-line-bytes', v['max-line-bytes']),
    onProgress: progressReporter(v.quiet),
    inThread: runLoadJob,
  };
  const reference = referenceFile ?? readProfile(v['reference-profile']!);
  const report = await runDrift(reference, v.current, options);
  if (v.html) await writeFileAtomic(v.html, renderDriftHtml(report));
  process.stdout.write(v.json ? renderJson(report satisfies DriftOutput) : textReport(report));
  if (project.file && v['no-record'] !== true) await recordReport(project, report, v);
  return report.summary.dataset_drift ? 1 : 0;
}

/** The report as --json prints it: an infinite statistic becomes null, as over HTTP. */
const asJson = (report: DriftReport) => JSON.parse(JSON.stringify(report)) as Record<string, Json>;

/** The files compared, as the project names them: relative to its root when inside it. */
function titleOf(project: PonteConfig, report: DriftReport, v: { reference?: string; 'reference-profile'?: string; current?: string }): string {
  const named = (file: string) => {
    const rel = relative(project.root, resolve(file));
    return rel && !rel.startsWith('..') ? rel : file;
  };
  const reference = v.reference ?? v['reference-profile'] ?? report.reference.file;
  return `${named(reference)} → ${named(v.current ?? report.current.file)}`.slice(0, 1000);
}

/**
 * Keeps the report in the project's backend (the local server, else the embedded store, or
 * --backend). The comparison has been printed already: a backend that refuses it is reported on
 * stderr and leaves the exit code to the drift verdict.
 */
async function recordReport(project: PonteConfig, report: DriftReport, v: { backend?: string; token?: string; quiet?: boolean; reference?: string; 'reference-profile'?: string; current?: string }): Promise<void> {
  let api: PonteApi | undefined;
  try {
    const backend = await resolveBackend({ backend: v.backend, token: v.token, root: project.root });
    api = backend.api;
    const stored = await api.addDriftReport({ project: project.project, title: titleOf(project, report, v), report: asJson(report) });
    if (!v.quiet) process.stderr.write(`drift report ${stored.id} recorded in ${backend.describe}\n`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`warning: the drift report was not recorded: ${message}\n  hint: check the backend, or pass --no-record\n`);
  } finally {
    await api?.close().catch(() => undefined);
  }
}

export const driftCommand: CliCommand = {
  grammar: { options: OPTIONS, subcommands: { profile: {} } },
  summary: 'compare a dataset with a reference for data drift (exit 1 on dataset drift)',
  async run(argv) {
    if (argv[0] === 'profile') return runProfile(argv.slice(1));
    return runCompare(argv);
  },
};
