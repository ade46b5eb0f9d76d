// The page: keeps the state and the last data, draws the panel it is (the dashboard's six tabs,
// Compare Runs, or a drift report), a banner with Retry while the backend is down (the charts keep
// their last data), and saves the state with setState and posts it to the extension on each change.
import {
  DASHBOARD_TABS, type DashboardData, type DashboardTab, type DriftReportView, type FromWebview, type MetricHistory, type PanelState,
  type PlotView, type RunView, type WebviewCommand,
} from '../src/shared/webview-protocol';
import { ChartHost } from './charts';
import { h } from './dom';
import { createMessageHandler } from './messages';
import { mergeState, toggleRun, withRange, withTab } from './state';
import type { TabContext } from './tabs/context';
import { renderCompare } from './tabs/compare';
import { renderData } from './tabs/data';
import { renderDrift, renderReportPanel } from './tabs/drift';
import { renderExperiments } from './tabs/experiments';
import { renderMonitoring } from './tabs/monitoring';
import { renderPlots } from './tabs/plots';

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

const TAB_TITLES: Record<DashboardTab, string> = { experiments: 'Experiments', plots: 'Plots', compare: 'Compare', drift: 'Drift', monitoring: 'Monitoring', data: 'Data' };
const RENDER: Record<DashboardTab, (root: HTMLElement, ctx: TabContext) => void> = {
  experiments: renderExperiments, plots: renderPlots, compare: renderCompare, drift: renderDrift, monitoring: renderMonitoring, data: renderData,
};

/** Fills what a (possibly older or partial) `data` message leaves out, so a tab never reads undefined. */
export function completeData(d: Partial<DashboardData>): DashboardData {
  const list = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);
  return {
    project: d.project, backend: d.backend ?? { url: '', kind: 'local' },
    runs: list(d.runs), histories: list(d.histories), plots: list(d.plots), windows: list(d.windows), driftReports: list(d.driftReports),
    alerts: list(d.alerts), deployments: list(d.deployments), events: list(d.events), datasets: list(d.datasets),
  };
}

export class App {
  state: PanelState;
  private data?: DashboardData;
  private connection: { status: 'ok' | 'down'; message?: string } = { status: 'ok' };
  private compare?: { runs: RunView[]; plots: PlotView[]; histories: MetricHistory[] };
  private report?: DriftReportView;
  readonly charts: ChartHost;
  private readonly banner = h('div', { role: 'alert' });
  private readonly tabs = h('vscode-tabs');
  private readonly content = h('div', { class: 'content' });
  readonly handle: (raw: unknown) => void;

  constructor(private readonly root: HTMLElement, readonly api: VsCodeApi, log: (line: string) => void = (l) => console.warn(l)) {
    this.state = mergeState(api.getState());
    this.charts = new ChartHost({
      range: (id) => this.state.ranges?.[id],
      onRange: (id, range) => this.save(withRange(this.state, id, range)),
      onPoint: (runId) => this.select(toggleRun(this.state, runId).runs ?? []),
    });
    this.handle = createMessageHandler({
      init: (m) => { this.state = mergeState(api.getState(), m.state); this.save(this.state); this.render(); },
      data: (m) => { this.data = completeData(m.data); this.render(); },
      connection: (m) => { this.connection = { status: m.status, message: m.message }; this.renderBanner(); },
      compare: (m) => { this.compare = { runs: m.runs, plots: m.plots, histories: m.histories ?? [] }; this.render(); },
      driftReport: (m) => { this.report = m.report; this.render(); },
    }, log);
    for (const tab of DASHBOARD_TABS) {
      this.tabs.append(h('vscode-tab-header', { slot: 'header', 'data-tab': tab }, TAB_TITLES[tab]), h('vscode-tab-panel'));
    }
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      const tab = DASHBOARD_TABS[(e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex];
      if (tab && tab !== this.state.tab) this.goTo(tab);
    });
    root.append(this.banner, this.content);
  }

  private save(state: PanelState): void {
    this.state = state;
    this.api.setState(state);
    this.api.postMessage({ type: 'state', state });
  }

  update(patch: Partial<PanelState>): void {
    this.save({ ...this.state, ...patch });
    this.render();
  }

  goTo(tab: DashboardTab): void {
    this.save(withTab(this.state, tab));
    this.render();
  }

  select(runs: string[]): void {
    this.api.postMessage({ type: 'select', runs });
    this.update({ runs });
  }

  command(command: WebviewCommand, args?: string[]): void {
    this.api.postMessage({ type: 'command', command, ...(args ? { args } : {}) });
  }

  private renderBanner(): void {
    this.banner.replaceChildren();
    if (this.connection.status !== 'down') return;
    const url = this.data?.backend.url;
    this.banner.append(h('div', { class: 'banner' },
      // the extension's message usually names the URL already
      h('p', null, `The backend${url && !this.connection.message?.includes(url) ? ` at ${url}` : ''} is not answering${this.connection.message ? `: ${this.connection.message}` : ''}. The charts show the last data received.`),
      h('vscode-button', { onclick: () => this.api.postMessage({ type: 'retry' }) }, 'Retry'),
    ));
  }

  render(): void {
    this.charts.clear();
    this.renderBanner();
    const body = h('div');
    this.content.replaceChildren(body);
    const ctx: TabContext = {
      data: this.data ?? completeData({}),
      state: this.state,
      charts: this.charts,
      update: (p) => this.update(p),
      select: (r) => this.select(r),
      command: (c, a) => this.command(c, a),
      goTo: (t) => this.goTo(t),
    };
    // the first draw (before `init`) is the dashboard's; a compare or drift panel has no tabs
    if (this.state.panel !== 'dashboard') this.tabs.remove();
    if (this.state.panel === 'compare') {
      const runs = this.compare?.runs ?? [];
      renderCompare(body, { ...ctx, data: { ...ctx.data, plots: this.compare?.plots ?? [], histories: this.compare?.histories ?? [] } }, runs);
      return;
    }
    if (this.state.panel === 'drift') {
      renderReportPanel(body, ctx, this.report);
      return;
    }
    const tab = this.state.tab ?? 'experiments';
    if (this.tabs.parentElement !== this.root) this.root.insertBefore(this.tabs, this.content);
    const index = DASHBOARD_TABS.indexOf(tab);
    if ((this.tabs as unknown as { selectedIndex: number }).selectedIndex !== index) (this.tabs as unknown as { selectedIndex: number }).selectedIndex = index;
    if (!this.data) {
      body.append(h('div', { class: 'empty', role: 'status' }, h('h2', null, 'Loading'), h('p', null, 'Reading runs, plots, drift and monitoring data from the backend…')));
      return;
    }
    RENDER[tab](body, ctx);
  }
}
