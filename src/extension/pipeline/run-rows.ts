// The Experiments view's runs, as plain rows: a "Runs" row per project, its runs newest first,
// paged (a "Load more" row fetches the next page, so thousands of runs never load at once),
// and under each run its params and metrics. No vscode import: unit tests and the bench use it.
import type { ModelVersion, PonteApi, Run } from '../../core/api';
import { gateVerdictOf } from '../../core/pipeline/compare-runs';
import type { PonteNode } from '../views/node';

export const runKinds = {
  runs: 'ponte.runs',
  run: 'ponte.run',
  more: 'ponte.runsMore',
  params: 'ponte.runParams',
  metrics: 'ponte.runMetrics',
  value: 'ponte.runValue',
  notice: 'ponte.runsNotice',
} as const;

export const RUNS_PAGE_SIZE = 100;

/** The runs loaded so far for one project, and where the next page starts. */
/** What the registry holds of a run: its model versions and the aliases (staging, production) on them. */
export interface RunRegistration {
  versions: number[];
  aliases: string[];
}

export class RunList {
  runs: Run[] = [];
  /** Run id -> its registered model versions, read with each reload. */
  registry = new Map<string, RunRegistration>();
  private nextToken?: string;
  private loaded = false;

  constructor(
    readonly project: string,
    private readonly api: () => Promise<PonteApi>,
    private readonly pageSize = RUNS_PAGE_SIZE,
  ) {}

  get hasMore(): boolean {
    return !this.loaded || this.nextToken !== undefined;
  }

  /** The first page, or as many runs as were shown before (a refresh keeps what was loaded). */
  async reload(): Promise<void> {
    const want = Math.max(this.pageSize, this.runs.length);
    const api = await this.api();
    const runs: Run[] = [];
    let token: string | undefined;
    do {
      const page = await api.searchRuns({ project: this.project, limit: Math.min(1000, want - runs.length), pageToken: token });
      runs.push(...page.items);
      token = page.nextPageToken;
    } while (token && runs.length < want);
    this.runs = runs;
    this.nextToken = token;
    this.loaded = true;
    // An older backend, or one that fails here, shows the runs without their model versions.
    this.registry = registrations(await Promise.resolve().then(() => api.listModelVersions()).catch(() => []));
  }

  async loadMore(): Promise<void> {
    if (!this.loaded) return this.reload();
    if (!this.nextToken) return;
    const page = await (await this.api()).searchRuns({ project: this.project, limit: this.pageSize, pageToken: this.nextToken });
    this.runs.push(...page.items);
    this.nextToken = page.nextPageToken;
  }

  async ensureLoaded(): Promise<void> {
    if (!this.loaded) await this.reload();
  }
}

export function registrations(versions: readonly ModelVersion[]): Map<string, RunRegistration> {
  const out = new Map<string, RunRegistration>();
  for (const v of versions) {
    if (!v.runId) continue;
    const r = out.get(v.runId) ?? { versions: [], aliases: [] };
    r.versions.push(v.version);
    r.aliases.push(...v.aliases);
    out.set(v.runId, r);
  }
  return out;
}

function fmt(v: unknown): string {
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
  return String(v);
}

const STATUS_ICON: Record<string, string> = { finished: 'pass', failed: 'error', running: 'sync~spin', killed: 'circle-slash' };

/** The metrics shown beside a run: the gated ones first, then the rest, at most three. */
function headlineMetrics(run: Run, preferred: string[]): string {
  const keys = [...preferred.filter((k) => k in run.metrics), ...Object.keys(run.metrics).sort().filter((k) => !preferred.includes(k))].slice(0, 3);
  return keys.map((k) => `${k} ${fmt(run.metrics[k])}`).join(' · ');
}

export function runRow(run: Run, preferredMetrics: string[] = [], registered?: RunRegistration): PonteNode {
  const verdict = gateVerdictOf(run);
  const stage = registered?.aliases.includes('production') ? 'production' : registered?.aliases.includes('staging') ? 'staging' : undefined;
  const model = registered ? `${stage ? `${stage} ` : ''}v${registered.versions.join(', v')}` : undefined;
  const metrics = headlineMetrics(run, preferredMetrics);
  const when = run.createdAt.replace('T', ' ').slice(0, 16);
  const lines = [
    `**Run** \`${run.id}\`${run.name ? ` (${run.name})` : ''}`,
    `- status: ${run.status}`,
    `- gates: ${verdict ?? 'not checked'}`,
    `- created: ${run.createdAt}`,
    `- git: ${run.gitCommit ? `\`${run.gitCommit.slice(0, 12)}\`${run.gitDirty ? ' (dirty)' : ''}` : '-'}`,
  ];
  if (registered) lines.push(`- model: v${registered.versions.join(', v')}${registered.aliases.length ? ` (${registered.aliases.join(', ')})` : ''}`);
  if (run.tags.error) lines.push(`- error: ${run.tags.error.split('\n')[0]}`);
  return {
    id: `run:${run.id}`,
    kind: runKinds.run,
    label: `${when}  ${run.id.slice(0, 8)}`,
    description: [model, run.status, verdict ? `gates ${verdict}` : undefined, metrics || undefined].filter(Boolean).join(' · '),
    tooltip: lines.join('\n'),
    icon: stage ? 'rocket' : verdict === 'failed' ? 'warning' : (STATUS_ICON[run.status] ?? 'circle-outline'),
    iconColor: stage === 'production' ? 'charts.green' : stage === 'staging' ? 'charts.yellow' : undefined,
    children: 'collapsed',
    data: { run },
  };
}

/** The rows under a run, under its Params or Metrics row; [] for any other parent. */
export function runChildRows(parent: PonteNode): PonteNode[] {
  const run = (parent.data as { run?: Run } | undefined)?.run;
  if (!run) return [];
  if (parent.kind === runKinds.run) {
    return [
      { id: `run:${run.id}:params`, kind: runKinds.params, label: 'Params', description: String(Object.keys(run.params).length), icon: 'settings', children: 'collapsed', data: { run } },
      { id: `run:${run.id}:metrics`, kind: runKinds.metrics, label: 'Metrics', description: String(Object.keys(run.metrics).length), icon: 'graph', children: 'collapsed', data: { run } },
    ];
  }
  const map: Record<string, unknown> = parent.kind === runKinds.params ? run.params : parent.kind === runKinds.metrics ? run.metrics : {};
  return Object.keys(map)
    .sort()
    .map((k) => ({ id: `${parent.id}:${k}`, kind: runKinds.value, label: k, description: fmt(map[k]), icon: 'symbol-field', data: { run, key: k } }));
}

/** Loads pages until `end` runs are loaded or there are no more. */
export async function loadThrough(list: RunList, end: number): Promise<void> {
  await list.ensureLoaded();
  while (list.runs.length < end && list.hasMore) {
    const before = list.runs.length;
    await list.loadMore();
    if (list.runs.length === before) break;
  }
}

/**
 * One page of a project's runs, from `offset`: the runs, then an "Older runs" row that expands to
 * the next page. Paging by expansion keeps the view responsive with thousands of runs and needs
 * no click handler: nothing past what a person opens is ever fetched.
 */
export async function runPageRows(list: RunList, offset = 0, preferredMetrics: string[] = []): Promise<PonteNode[]> {
  await loadThrough(list, offset + RUNS_PAGE_SIZE + 1);
  const page = list.runs.slice(offset, offset + RUNS_PAGE_SIZE);
  const rows = page.map((r) => runRow(r, preferredMetrics, list.registry.get(r.id)));
  if (offset === 0 && page.length === 0) {
    rows.push({ id: `runs:${list.project}:empty`, kind: runKinds.notice, label: 'No runs yet', description: 'run the pipeline to record one', icon: 'info' });
  }
  const next = offset + RUNS_PAGE_SIZE;
  if (list.runs.length > next || (list.runs.length === next && list.hasMore)) {
    rows.push({
      id: `runs:${list.project}:older:${next}`, kind: runKinds.more, label: 'Older runs…', description: `from #${next + 1}`,
      icon: 'history', children: 'collapsed', data: { project: list.project, offset: next },
    });
  }
  return rows;
}
