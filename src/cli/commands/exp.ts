// `ponte exp list|show|compare|delete`: the experiments `ponte run` recorded, newest first;
// one run in full; runs side by side with their differences marked.
import type { CliCommand } from '../command';
import { parseCommandArgs, unknownSubcommand } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import { formatTable, renderJson } from '../output';
import type { ExpCompareOutput, ExpDeleteOutput, ExpListOutput, ExpShowOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import type { PonteApi, Run } from '../../core/api';
import { compareRuns, gateVerdictOf } from '../../core/pipeline';
import { loadProject } from '../../core/project';

const HELP = `Usage: ponte exp <list|show|compare|delete> [...] [--json]

  ponte exp list [--limit N] [--filter EXPR] [--all-projects]
      runs of this project, newest first: id, when, status, gate verdict, metrics
      EXPR as the backend reads it, e.g. "metrics.accuracy >= 0.85 and status = finished"
  ponte exp show ID
      one run: params, metrics, data hashes, stage durations, gate result, tags
  ponte exp compare ID ID [ID...] [--all]
      params and metrics side by side; * marks a difference; --all also shows equal params
  ponte exp delete ID
      deletes the run from the backend

An ID may be a unique prefix of a run id (at least 4 characters).

Options:
  --json    machine-readable output
${backendHelp}`;

const options = {
  json: { type: 'boolean' }, limit: { type: 'string' }, filter: { type: 'string' }, 'all-projects': { type: 'boolean' }, all: { type: 'boolean' },
  ...backendOptions,
} as const;

const subcommands = { list: {}, show: {}, compare: {}, delete: {} };

export const expCommand: CliCommand = {
  grammar: { options, subcommands },
  summary: 'list, show, compare and delete recorded runs (experiments)',
  async run(argv) {
    let api: PonteApi | undefined;
    try {
      const args = parseCommandArgs('exp', argv, options, HELP);
      if (!args) return 0;
      const [sub, ...ids] = args.positionals;
      if (!sub || !Object.hasOwn(subcommands, sub)) {
        throw unknownSubcommand('exp', sub, Object.keys(subcommands), { hint: 'list, show, compare or delete' });
      }
      const json = args.values.json === true;
      const project = loadProject(process.cwd()).config.project;
      api = (await resolveBackend({ backend: args.values.backend, token: args.values.token })).api;
      if (sub === 'list') {
        const limit = args.values.limit === undefined ? 20 : Number(args.values.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new PonteError('usage.bad_limit', '--limit must be an integer from 1 to 1000');
        const page = await api.searchRuns({ project: args.values['all-projects'] ? undefined : project, limit, filter: args.values.filter });
        if (json) process.stdout.write(renderJson(page.items satisfies ExpListOutput));
        else process.stdout.write(renderList(page.items));
        return 0;
      }
      if (sub === 'show') {
        if (ids.length !== 1) throw new PonteError('usage.bad_arguments', 'ponte exp show takes one run ID');
        const run = await api.getRun(await resolveRunId(api, ids[0], project));
        process.stdout.write(json ? renderJson(run satisfies ExpShowOutput) : renderRun(run));
        return 0;
      }
      if (sub === 'delete') {
        if (ids.length !== 1) throw new PonteError('usage.bad_arguments', 'ponte exp delete takes one run ID');
        const id = await resolveRunId(api, ids[0], project);
        await api.deleteRun(id);
        process.stdout.write(json ? renderJson({ deleted: id } satisfies ExpDeleteOutput) : `deleted run ${id}\n`);
        return 0;
      }
      if (ids.length < 2) throw new PonteError('usage.bad_arguments', 'ponte exp compare takes two or more run IDs');
      const runs: Run[] = [];
      for (const id of ids) runs.push(await api.getRun(await resolveRunId(api, id, project)));
      const cmp = compareRuns(runs);
      if (json) process.stdout.write(renderJson(cmp satisfies ExpCompareOutput));
      else process.stdout.write(renderComparison(cmp, args.values.all === true));
      return 0;
    } finally {
      await api?.close().catch(() => undefined);
    }
  },
};

/** A full id, or a unique prefix of one among the project's runs (newest 5,000 are searched). */
export async function resolveRunId(api: PonteApi, idOrPrefix: string, project: string): Promise<string> {
  try {
    return (await api.getRun(idOrPrefix)).id;
  } catch (e) {
    if (idOrPrefix.length < 4) throw e;
  }
  const matches: string[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await api.searchRuns({ project, limit: 1000, pageToken });
    for (const r of page.items) if (r.id.startsWith(idOrPrefix)) matches.push(r.id);
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  if (matches.length === 1) return matches[0];
  throw new PonteError(matches.length ? 'exp.ambiguous_id' : 'exp.unknown_run', matches.length ? `"${idOrPrefix}" matches ${matches.length} runs` : `no run "${idOrPrefix}" in project "${project}"`, {
    hint: matches.length ? 'give more characters of the id' : "list the runs with 'ponte exp list'",
  });
}

function short(id: string): string {
  return id.slice(0, 8);
}

function renderList(runs: Run[]): string {
  if (runs.length === 0) return "No runs recorded yet: 'ponte run' records one.\n";
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort().slice(0, 6);
  const rows = [['id', 'created', 'status', 'gates', ...metricKeys]];
  for (const r of runs) {
    rows.push([short(r.id), r.createdAt.replace('T', ' ').slice(0, 19), r.status, gateVerdictOf(r) ?? '-', ...metricKeys.map((k) => (r.metrics[k] === undefined ? '' : String(Number(r.metrics[k].toPrecision(6)))))]);
  }
  return formatTable(rows);
}

function renderRun(run: Run): string {
  const section = (title: string, m: Record<string, unknown>) => {
    const keys = Object.keys(m).sort();
    return keys.length ? `${title}:\n${keys.map((k) => `  ${k}: ${typeof m[k] === 'string' && m[k].includes('\n') ? `(${m[k].length} characters)` : shown(m[k])}`).join('\n')}\n` : '';
  };
  let s = `run ${run.id}${run.name ? ` (${run.name})` : ''}\n  project: ${run.project}\n  status: ${run.status}\n  created: ${run.createdAt}\n  ended: ${run.endedAt ?? '-'}\n`;
  s += `  git: ${run.gitCommit ?? '-'}${run.gitDirty ? ' (dirty)' : ''}\n  gates: ${gateVerdictOf(run) ?? 'not checked'}\n`;
  s += section('params', run.params) + section('metrics', run.metrics) + section('durations (ms)', run.durations) + section('data', run.dataHashes) + section('tags', run.tags);
  return s;
}

/** A param, metric or tag as text: a list or mapping as JSON, not "[object Object]". */
function shown(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

function renderComparison(cmp: ReturnType<typeof compareRuns>, all: boolean): string {
  const header = ['', ...cmp.runs.map((r) => short(r.id))];
  const show = (v: unknown) => (v === undefined ? '-' : shown(v));
  const rows = [header];
  const params = all ? cmp.params : cmp.params.filter((p) => p.differs);
  for (const p of params) rows.push([`${p.differs ? '* ' : '  '}params.${p.key}`, ...p.values.map(show)]);
  for (const m of cmp.metrics) rows.push([`${m.differs ? '* ' : '  '}metrics.${m.key}`, ...m.values.map(show)]);
  const hidden = all ? 0 : cmp.params.length - params.length;
  return formatTable(rows) + (hidden ? `(${hidden} equal params hidden; --all shows them)\n` : '');
}
