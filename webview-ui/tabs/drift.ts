// Drift: per deployment, each feature's drift score over time against its threshold, the share of
// drifted features over time, and reference-against-current histograms for a chosen window and
// feature; below, the one-off drift reports (`ponte drift`, Compare Datasets for Drift).
import type { DriftReportView, FeatureDrift } from '../../src/shared/webview-protocol';
import { formatValue, h, select } from '../dom';
import { deploymentsOf, driftedFirst, driftShareChart, featureDriftChart, featuresOf, histogramChart, markersFor, reportScoresChart, windowsOf } from '../timeseries';
import { emptyState, grid, section, type TabContext } from './context';

export function renderDrift(root: HTMLElement, ctx: TabContext): void {
  const { data, state } = ctx;
  const withFeatures = data.windows.filter((w) => Object.keys(w.features).length > 0 || w.driftShare !== undefined);
  if (withFeatures.length === 0 && data.driftReports.length === 0) {
    root.append(emptyState('No drift data yet', 'Compare two datasets for drift, or deploy a model with monitoring: each monitoring window is checked for drift against the reference data.', [
      ['Compare Datasets for Drift', () => ctx.command('compareDatasets')],
      ['Deploy a Model', () => ctx.command('deploy')],
    ]));
    return;
  }
  if (withFeatures.length) renderWindows(root, ctx);
  if (data.driftReports.length) {
    const report = data.driftReports.find((r) => r.id === state.report) ?? data.driftReports[data.driftReports.length - 1];
    const box = h('div');
    root.append(section('Drift reports', select('Report', data.driftReports.map((r) => r.id), report.id, (v) => ctx.update({ report: v })), box));
    renderReport(box, ctx, report);
  }
}

function renderWindows(root: HTMLElement, ctx: TabContext): void {
  const { data, state } = ctx;
  const deployments = deploymentsOf(data.windows.filter((w) => Object.keys(w.features).length), []);
  const deployment = deployments.includes(state.deployment ?? '') ? state.deployment! : deployments[0];
  const windows = windowsOf(data.windows, deployment);
  const features = featuresOf(windows);
  const markers = markersFor(deployment, data.alerts, data.events);
  const window = windows.find((w) => w.id === state.window) ?? windows[windows.length - 1];
  const feature = features.includes(state.feature ?? '') ? state.feature! : features[0];
  root.append(h('div', { class: 'toolbar' },
    select('Deployment', deployments, deployment, (v) => ctx.update({ deployment: v })),
    select('Window', windows.map((w) => w.id), window?.id, (v) => ctx.update({ window: v })),
    select('Feature', features, feature, (v) => ctx.update({ feature: v })),
  ));
  const top = grid();
  root.append(section(`Dataset drift · ${deployment}`, top));
  ctx.charts.mount(top, driftShareChart(deployment, windows, markers));
  const h0 = window?.features[feature]?.histogram;
  if (h0) ctx.charts.mount(top, histogramChart('drift.histogram', `${feature} in ${window.id}`, h0));
  else top.append(h('div', { class: 'chart-card note-card' }, h('p', { class: 'note' }, `The window ${window?.id ?? ''} keeps no histogram of ${feature}.`)));
  const perFeature = grid();
  root.append(section('Drift score per feature', perFeature));
  for (const f of features) ctx.charts.mount(perFeature, featureDriftChart(deployment, f, windows, markers), 200);
}

function renderReport(root: HTMLElement, ctx: TabContext, report: DriftReportView): void {
  const features = driftedFirst(report.features);
  const drifted = features.filter(([, f]) => f.drifted).length;
  root.append(h('p', { class: report.datasetDrift ? 'verdict bad' : 'verdict ok' },
    `${report.title}: ${report.datasetDrift ? 'dataset drift' : 'no dataset drift'}, ${drifted} of ${features.length} features drifted (share ${formatValue(report.driftShare)}), ${report.createdAt.slice(0, 16).replace('T', ' ')}`));
  for (const n of report.notes ?? []) root.append(h('p', { class: 'note' }, n));
  const charts = grid();
  root.append(charts);
  ctx.charts.mount(charts, reportScoresChart(report));
  const feature = report.features[ctx.state.feature ?? ''] ? ctx.state.feature! : features.find(([, f]) => f.histogram)?.[0];
  const hist = feature ? report.features[feature].histogram : undefined;
  if (feature && hist) ctx.charts.mount(charts, histogramChart(`drift.report.${report.id}.histogram`, feature, hist));
  root.append(featureTable(features, (f) => ctx.update({ feature: f })));
}

function featureTable(features: [string, FeatureDrift][], choose: (f: string) => void): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, ...['feature', 'method', 'score', 'threshold', 'drifted', ''].map((c) => h('th', null, c)))),
    h('tbody', null, ...features.map(([name, f]) => h('tr', { class: f.drifted ? 'differs' : undefined },
      h('td', null, name), h('td', null, f.method), h('td', { class: 'num' }, formatValue(f.score)), h('td', { class: 'num' }, formatValue(f.threshold)),
      h('td', null, f.drifted ? 'yes' : 'no'),
      h('td', null, f.histogram ? h('vscode-button', { secondary: true, onclick: () => choose(name) }, 'Histogram') : null),
    ))),
  ));
}

/** The drift panel (a one-off report opened on its own). */
export function renderReportPanel(root: HTMLElement, ctx: TabContext, report: DriftReportView | undefined): void {
  if (!report) {
    root.append(emptyState('No report', 'Compare two datasets for drift to see a report here.', [['Compare Datasets for Drift', () => ctx.command('compareDatasets')]]));
    return;
  }
  renderReport(root, ctx, report);
}
