// The controllers of the three panel kinds, required on first use (see index.ts): the dashboard
// (all of DashboardData, re-posted on the backend's events, throttled so a burst redraws once,
// and `connection: down` while the backend is gone), Compare Runs (the selected runs with their
// histories and kept plots), and the drift report (a kept one-off report).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PonteApi, PonteEvent, RunPlotInput } from '../../core/api';
import { isPonteError } from '../../core/errors';
import { dataLog } from '../../core/data/index';
import { collectRunPlots, type PlotSources } from '../../core/pipeline/run-plots';
import type { FromWebview, PanelState } from '../../shared/webview-protocol';
import type { PonteContext } from '../context';
import { describeError } from '../error-message';
import type { HostedPanel, PanelController } from '../webview/host';
import { historiesOf, loadDashboardData, runView } from './data';
import type { DashboardFeature } from './feature';
import { dashboardPlots, type PlotRevision } from './plots';
import { Redraws } from './redraws';
import type * as VersionStats from './version-stats';
import type * as DriftRun from '../../core/drift/run';

function versionStats(): { stats: typeof VersionStats; drift: typeof DriftRun } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the cache reader and the profiler load when the Data tab first asks
  return { stats: require('./version-stats') as typeof VersionStats, drift: require('../../core/drift/run') as typeof DriftRun };
}

/** Events that change what the dashboard shows; predictions alone do not (their windows do). */
export function redrawsOn(e: PonteEvent): boolean {
  return e.type !== 'predictions.ingested' && e.type !== 'feedback.added';
}

/** A failure that means "no backend to read from", shown as the page's banner with Retry. */
export function isConnectionError(e: unknown): boolean {
  return isPonteError(e) && (e.code.startsWith('backend.') || e.code === 'trust.required');
}

/** A burst of events within this long redraws once. */
const THROTTLE_MS = 250;

/** Plot sources of the workspace: each pipeline file's stages, relative to its directory. */
function workspacePlotSources(ctx: PonteContext): PlotSources[] {
  const model = ctx.project.models()[0];
  if (!model) return [];
  const byDir = new Map<string, PlotSources>();
  for (const s of model.stages) {
    const dir = path.dirname(path.resolve(model.root, s.file));
    const src = byDir.get(dir) ?? byDir.set(dir, { root: dir, stages: [] }).get(dir)!;
    src.stages.push({ wdir: s.wdir, plots: s.plots.map((p) => ({ path: p })) });
  }
  return [...byDir.values()];
}

async function workspacePlots(ctx: PonteContext): Promise<RunPlotInput[]> {
  const out: RunPlotInput[] = [];
  for (const src of workspacePlotSources(ctx)) out.push(...(await collectRunPlots(src)).plots);
  return out;
}

function notFoundAsUndefined(e: unknown): undefined {
  if (isPonteError(e) && e.code === 'api.not_found') return undefined;
  throw e;
}

abstract class BackendPanel implements PanelController {
  protected readonly disposables: vscode.Disposable[] = [];
  protected down = false;
  protected readonly redraws: Redraws;

  constructor(
    protected readonly ctx: PonteContext,
    protected readonly panel: HostedPanel,
    protected readonly feature: DashboardFeature,
  ) {
    this.redraws = new Redraws({ delayMs: THROTTLE_MS, run: () => this.send(), onError: (e) => ctx.showError(e) });
    this.disposables.push(
      { dispose: () => this.redraws.dispose() },
      ctx.backend.onEvent((e) => {
        if (redrawsOn(e)) this.redraws.ask();
      }),
      ctx.backend.onDidChangeState((s) => {
        if (s.kind === 'unreachable' || s.kind === 'off') this.setDown(s.error ?? (s.kind === 'off' ? 'the Ponte backend is stopped' : 'the Ponte backend is unreachable'));
        else if (s.kind === 'ready' && this.down) void this.redraws.now();
      }),
    );
  }

  load(): Promise<void> {
    return this.redraws.now();
  }

  async retry(): Promise<void> {
    if (this.ctx.backend.state.kind !== 'ready') await this.ctx.backend.retry();
    await this.redraws.now();
  }

  command(m: Extract<FromWebview, { type: 'command' }>): unknown {
    return this.feature.runCommand(m.command, m.args ?? [], this.panel);
  }

  stateChanged(previous: PanelState): void {
    // A new selection brings its runs' histories and kept plots.
    if ((previous.runs ?? []).join() !== (this.panel.state.runs ?? []).join()) this.redraws.ask();
  }

  protected setDown(message: string): void {
    this.down = true;
    this.panel.post({ type: 'connection', status: 'down', message });
  }

  private async send(): Promise<void> {
    if (!this.panel.isReady) return;
    let api: PonteApi;
    try {
      api = await this.ctx.backend.api();
      await this.post(api);
    } catch (e) {
      // The backend gone (or not startable) is the banner's business; anything else is a failure to show.
      if (!isConnectionError(e)) throw e;
      this.ctx.log.warn(`dashboard: ${describeError(e)}`);
      this.setDown(describeError(e));
      return;
    }
    if (this.down) {
      this.down = false;
      this.panel.post({ type: 'connection', status: 'ok' });
    }
  }

  protected abstract post(api: PonteApi): Promise<void>;

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export class DashboardPanel extends BackendPanel {
  protected async post(api: PonteApi): Promise<void> {
    const model = this.ctx.project.models()[0];
    const backend = this.ctx.backend.state;
    const data = await loadDashboardData({
      api,
      project: model?.project ?? (model ? path.basename(model.root) : undefined),
      backend: { url: backend.url ?? '', kind: backend.mode },
      selectedRuns: this.panel.state.runs ?? [],
      workspacePlots: () => workspacePlots(this.ctx),
      plots: (revisions) => dashboardPlots(model?.dvcFiles[0], revisions),
      datasets: async () => {
        if (!model) return [];
        return Promise.all(
          model.datasets.map(async (d) => {
            const git = await dataLog({ cwd: model.root, path: d.path }).catch(() => []);
            return { name: d.name, path: d.path, git: git.filter((v) => !v.deleted).map((v) => ({ commit: v.commit, hash: v.md5 ?? v.oid, date: v.date })) };
          }),
        );
      },
      driftReports: this.feature.keptReports(),
      profileVersions: this.profileVersions(model),
    });
    this.panel.post({ type: 'data', data });
  }

  /** Versions without statistics are profiled from the DVC cache only while the Data tab shows their dataset. */
  private profileVersions(model: ReturnType<PonteContext['project']['models']>[number] | undefined) {
    const state = this.panel.state;
    if (!model || state.tab !== 'data' || !model.datasets.length) return undefined;
    const dataset = model.datasets.find((d) => d.name === state.dataset) ?? model.datasets[0];
    const { stats, drift } = versionStats();
    let types: DriftRun.TypeOverrides | undefined;
    try {
      types = drift.readDriftSettings(model.root).typesByFile.get(path.resolve(model.root, dataset.path));
    } catch {
      // a broken ponte.yaml has its own diagnostics; the columns are read with inferred kinds
    }
    return { dataset: dataset.name, profile: (file: string, version: { commit: string; hash: string }) => stats.profileFromCache(file, version, { cwd: model.root, types }) };
  }

  override stateChanged(previous: PanelState): void {
    super.stateChanged(previous);
    // The Data tab opened, or another dataset chosen on it: its versions' statistics are made now.
    const now = this.panel.state;
    if (now.tab === 'data' && (previous.tab !== 'data' || previous.dataset !== now.dataset)) this.redraws.ask();
  }
}

export class ComparePanel extends BackendPanel {
  protected async post(api: PonteApi): Promise<void> {
    const ids = this.panel.state.runs ?? [];
    const [found, models] = await Promise.all([Promise.all(ids.map((id) => api.getRun(id).catch(notFoundAsUndefined))), api.listModelVersions()]);
    // A run deleted since the panel opened drops out rather than failing the whole comparison.
    const details = found.filter((d) => d !== undefined);
    const revisions: PlotRevision[] = [];
    for (const d of details) revisions.push({ revision: d.id, label: d.name ?? d.id.slice(0, 8), files: await api.listRunPlots(d.id) });
    const plots = await dashboardPlots(this.ctx.project.models()[0]?.dvcFiles[0], revisions.filter((r) => r.files.length));
    this.panel.post({ type: 'compare', runs: details.map((d) => runView(d, models)), plots, histories: details.flatMap(historiesOf) });
  }
}

export class DriftPanel implements PanelController {
  constructor(
    private readonly panel: HostedPanel,
    private readonly feature: DashboardFeature,
  ) {}

  async load(): Promise<void> {
    const report = this.feature.keptReports().find((r) => r.id === this.panel.state.report);
    this.panel.post({
      type: 'driftReport',
      report: report ?? { id: this.panel.state.report ?? 'none', title: 'Drift report', createdAt: new Date().toISOString(), driftShare: 0, datasetDrift: false, features: {}, notes: ['This report is no longer kept: run "Ponte: Compare Datasets for Drift" again.'] },
    });
  }

  command(m: Extract<FromWebview, { type: 'command' }>): unknown {
    return this.feature.runCommand(m.command, m.args ?? [], this.panel);
  }

  dispose(): void {}
}
