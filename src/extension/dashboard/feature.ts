// The dashboard feature's owner object: the panel host with its three kinds (their controllers
// required on first use, so activation pays only for the host), the one-off drift reports kept
// for restoring drift panels, and what a page's `command` message runs (existing commands).
import * as vscode from 'vscode';
import type { DriftReportView, PanelState, WebviewCommand } from '../../shared/webview-protocol';
import type { PonteContext } from '../context';
import { PanelHost, type HostedPanel } from '../webview/host';
import { keepReport } from './drift-view';
import type * as Panels from './panels';

const REPORTS_KEY = 'ponte.dashboard.driftReports';

function panels(): typeof Panels {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  return require('./panels') as typeof Panels;
}

const TAB_TITLES: Record<string, string> = { experiments: 'Experiments', plots: 'Plots', compare: 'Compare', drift: 'Drift', monitoring: 'Monitoring', data: 'Data' };

export class DashboardFeature implements vscode.Disposable {
  readonly host: PanelHost;

  constructor(private readonly ctx: PonteContext) {
    this.host = new PanelHost({
      extensionUri: ctx.extension.extensionUri,
      log: (line) => ctx.log.warn(line),
      kinds: {
        dashboard: { single: true, title: () => 'Ponte Dashboard', controller: (p) => new (panels().DashboardPanel)(ctx, p, this) },
        compare: { single: true, title: (s) => `Compare ${s.runs?.length ?? 0} Runs`, controller: (p) => new (panels().ComparePanel)(ctx, p, this) },
        drift: { single: false, title: (s) => this.keptReports().find((r) => r.id === s.report)?.title ?? 'Drift Report', controller: (p) => new (panels().DriftPanel)(p, this) },
      },
    });
  }

  /** Opens (or reveals) a panel on a state: `{panel: 'dashboard', tab: 'monitoring', deployment}`. */
  show(state: PanelState): HostedPanel {
    this.ctx.log.info(`open ${state.panel}${state.tab ? ` on ${TAB_TITLES[state.tab] ?? state.tab}` : ''}`);
    return this.host.show(state);
  }

  keptReports(): DriftReportView[] {
    return this.ctx.extension.workspaceState.get<DriftReportView[]>(REPORTS_KEY, []);
  }

  /** Keeps a one-off drift report (so its panel restores) and opens it. */
  async showDriftReport(report: DriftReportView): Promise<HostedPanel> {
    await this.ctx.extension.workspaceState.update(REPORTS_KEY, keepReport(this.keptReports(), report));
    return this.show({ panel: 'drift', report: report.id });
  }

  /** A page's `command`: the same commands the palette and the trees run. */
  async runCommand(command: WebviewCommand, args: string[], from: HostedPanel): Promise<unknown> {
    switch (command) {
      case 'runPipeline':
        return vscode.commands.executeCommand('ponte.runPipeline');
      case 'deploy':
        return vscode.commands.executeCommand('ponte.deploy');
      case 'compareDatasets':
        return vscode.commands.executeCommand('ponte.compareDatasetsForDrift');
      case 'openRun':
        return args.length ? this.show({ panel: 'compare', runs: args }) : undefined;
      case 'openAlert': {
        const api = await this.ctx.backend.api();
        const alert = (await api.listAlerts({ limit: 1000 })).items.find((a) => a.id === args[0]);
        const state: PanelState = from.state.panel === 'dashboard' ? from.state : { panel: 'dashboard' };
        return this.show({ ...state, tab: 'monitoring', ...(alert?.deployment ? { deployment: alert.deployment } : {}) });
      }
      case 'acknowledgeAlert':
        return vscode.commands.executeCommand('ponte.acknowledgeAlert', args[0]);
      case 'openPonteYaml':
        return vscode.commands.executeCommand('ponte.openPonteYaml');
      default: {
        // every command of the protocol is handled: a new one fails to compile here
        const unhandled: never = command;
        return unhandled;
      }
    }
  }

  dispose(): void {
    this.host.dispose();
  }
}
