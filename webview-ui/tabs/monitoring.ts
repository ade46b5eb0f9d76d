// Monitoring: for the chosen deployment, latency p50/p95/p99, error rate, throughput and accuracy
// per monitoring window, with alerts and deployment events (deploy, promote, rollback) marked on
// the same time axis, and the open alerts listed with their actions.
import { h, select } from '../dom';
import { deploymentsOf, markersFor, markersOutside, monitoringCharts, windowsOf } from '../timeseries';
import { emptyState, grid, section, type TabContext } from './context';

export function renderMonitoring(root: HTMLElement, ctx: TabContext): void {
  const { data, state } = ctx;
  const deployments = deploymentsOf(data.windows, data.deployments.map((d) => d.name));
  if (deployments.length === 0) {
    root.append(emptyState('No deployments yet', 'Deploy a model: its requests are recorded in monitoring windows (latency, errors, throughput, accuracy) and show here.', [['Deploy a Model', () => ctx.command('deploy')]]));
    return;
  }
  const deployment = deployments.includes(state.deployment ?? '') ? state.deployment! : deployments[0];
  const windows = windowsOf(data.windows, deployment);
  const info = data.deployments.find((d) => d.name === deployment);
  root.append(h('div', { class: 'toolbar' },
    select('Deployment', deployments, deployment, (v) => ctx.update({ deployment: v })),
    info ? h('span', { class: 'hint' }, `${info.status}${info.modelVersion !== undefined ? ` · model v${info.modelVersion}` : ''}`) : null,
  ));
  const open = data.alerts.filter((a) => a.deployment === deployment && a.status !== 'resolved');
  if (open.length) {
    root.append(section('Alerts', h('ul', { class: 'alerts' }, ...open.map((a) => h('li', { class: a.status },
      h('strong', null, a.rule), ` ${a.message} (${a.status}, ${a.firedAt.slice(0, 16).replace('T', ' ')}) `,
      h('vscode-button', { secondary: true, onclick: () => ctx.command('openAlert', [a.id]) }, 'Open'),
      a.status === 'open' ? h('vscode-button', { secondary: true, onclick: () => ctx.command('acknowledgeAlert', [a.id]) }, 'Acknowledge') : null,
    )))));
  }
  if (windows.length === 0) {
    root.append(emptyState(`No monitoring windows for ${deployment}`, 'Send requests to the deployment: each window of requests is summarised here once it closes.', [['Deploy a Model', () => ctx.command('deploy')]]));
    return;
  }
  const markers = markersFor(deployment, data.alerts, data.events);
  const outside = markersOutside(windows, markers);
  if (outside) root.append(h('p', { class: 'hint' }, outside));
  const charts = grid();
  root.append(charts);
  for (const spec of monitoringCharts(deployment, windows, markers)) ctx.charts.mount(charts, spec, 220);
}
