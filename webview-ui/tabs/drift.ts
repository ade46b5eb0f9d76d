// Drift: per deployment, each feature's drift score over time against its threshold, the share of
// drifted features over time, and reference-against-current histograms for a chosen window and
// feature; below, the one-off drift reports (`ponte drift`, Compare Datasets for Drift).
import type { DriftReportView, FeatureDrift, WindowView } from '../../src/shared/webview-protocol';
import { formatTime, formatValue, h, select } from '../dom';
import { deploymentsOf, driftedFirst, driftShareChart, featureDriftChart, featuresOf, histogramChart, markersFor, markersOutside, windowsOf } from '../timeseries';
import { emptyState, grid, section, type TabContext } from './context';

export function renderDrift(root: HTMLElement, ctx: TabContext): void {
  const { data, state } = ctx;
  const withFeatures = data.windows.filter((w) => Object.keys(w.features).length > 0 || w.driftShare !== undefined);
  if (withFeatures.length === 0 && data.driftReports.length === 0) {
    root.append(emptyState('No drift data yet', 'Compare two datasets for drift (here, or with ponte drift in a terminal), or deploy a model with monitoring: each monitoring window is checked for drift against the reference data.', [
      ['Compare Datasets for Drift', () => ctx.command('compareDatasets')],
      ['Deploy a Model', () => ctx.command('deploy')],
    ]));
    return;
  }
  if (withFeatures.length) renderWindows(root, ctx);
  if (data.driftReports.length) {
    const report = data.driftReports.find((r) => r.id === state.report) ?? data.driftReports[0];
    const box = h('div');
    // reports are named by their title and time (their ids are random)
    const name = (r: DriftReportView) => `${r.title} · ${r.createdAt.slice(0, 16).replace('T', ' ')}`;
    const chooser = select('Report', data.driftReports.map(name), name(report), (v) => ctx.update({ report: data.driftReports.find((r) => name(r) === v)?.id }));
    root.append(section('Drift reports', h('div', { class: 'toolbar' }, chooser), box));
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
  // windows are named by their time span (their ids are random)
  const label = (w: WindowView) => {
    const [from, to] = [formatTime(Date.parse(w.start)), formatTime(Date.parse(w.end))];
    return `${from} – ${to.slice(0, 5) === from.slice(0, 5) ? to.slice(6) : to}`;
  };
  root.append(h('div', { class: 'toolbar' },
    select('Deployment', deployments, deployment, (v) => ctx.update({ deployment: v })),
    select('Window', windows.map(label), window ? label(window) : undefined, (v) => ctx.update({ window: windows.find((w) => label(w) === v)?.id })),
    select('Feature', features, feature, (v) => ctx.update({ feature: v })),
  ));
  const outside = markersOutside(windows, markers);
  const top = grid();
  root.append(section(`Dataset drift · ${deployment}`, outside ? h('p', { class: 'hint' }, outside) : null, top));
  ctx.charts.mount(top, driftShareChart(deployment, windows, markers));
  if (window) {
    // the chosen window's verdict per feature, and its histogram where the window keeps one
    const card = h('div', { class: 'chart-card' },
      h('h4', null, `Window ${label(window)}: ${window.datasetDrift ? 'dataset drift' : 'no dataset drift'}, ${window.count} requests`),
      featureTable(driftedFirst(window.features)));
    top.append(card);
    const h0 = window.features[feature]?.histogram;
    if (h0) ctx.charts.mount(top, histogramChart('drift.histogram', `${feature} in ${label(window)}`, h0));
    else card.append(h('p', { class: 'note' }, `This window keeps no histogram of ${feature} (windows closed before Ponte kept their bins).`));
  }
  const perFeature = grid();
  root.append(section('Drift score per feature', perFeature));
  for (const f of features) ctx.charts.mount(perFeature, featureDriftChart(deployment, f, windows, markers), 200);
}

/**
 * A one-off report as a person reads it: the verdict in words, what was compared, each column's
 * method, statistic, p-value and threshold with its result (drifted first), and each column's
 * histogram, reference against current over the same bins.
 */
function renderReport(root: HTMLElement, ctx: TabContext, report: DriftReportView): void {
  const features = driftedFirst(report.features);
  const drifted = features.filter(([, f]) => f.drifted).length;
  root.append(h('h2', { class: 'report-title' }, report.title));
  root.append(h('p', { class: report.datasetDrift ? 'verdict bad' : 'verdict ok' },
    h('strong', null, report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'),
    `: ${drifted} of ${features.length} features drifted (share ${formatValue(report.driftShare)}), ${report.createdAt.slice(0, 16).replace('T', ' ')}`));
  for (const n of report.notes ?? []) root.append(h('p', { class: 'note' }, n));
  if (features.length === 0) return;
  root.append(featureTable(features));
  const charts = grid();
  root.append(section('Reference and current, per feature', charts));
  for (const [name, f] of features) {
    if (f.histogram) ctx.charts.mount(charts, histogramChart(`drift.report.${report.id}.${name}`, name, f.histogram), 300);
  }
}

/** Kind and p-value columns only when some feature has them (monitoring windows keep neither). */
function featureTable(features: [string, FeatureDrift][]): HTMLElement {
  const all = features.map(([, f]) => f);
  const kind = all.some((f) => f.kind !== undefined);
  const pValue = all.some((f) => f.pValue !== undefined);
  type Column = { name: string; num?: boolean; shown?: boolean; cell(name: string, f: FeatureDrift): HTMLElement };
  const columns = ([
    { name: 'feature', cell: (name) => h('td', null, name) },
    { name: 'kind', shown: kind, cell: (_, f) => h('td', null, f.kind ?? '—') },
    { name: 'method', cell: (_, f) => h('td', null, f.method) },
    { name: 'statistic', num: true, cell: (_, f) => h('td', { class: 'num' }, statistic(f.score)) },
    { name: 'p-value', num: true, shown: pValue, cell: (_, f) => h('td', { class: 'num' }, formatValue(f.pValue)) },
    { name: 'threshold', num: true, cell: (_, f) => h('td', { class: 'num' }, formatValue(f.threshold)) },
    { name: 'result', cell: (_, f) => h('td', null, f.drifted ? h('strong', null, 'drifted') : 'ok') },
  ] as Column[]).filter((c) => c.shown !== false);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'drift-report' },
    h('thead', null, h('tr', null, ...columns.map((c) => h('th', { class: c.num ? 'num' : undefined }, c.name)))),
    h('tbody', null, ...features.map(([name, f]) => h('tr', { class: f.drifted ? 'differs' : undefined }, ...columns.map((c) => c.cell(name, f))))),
  ));
}

/**
 * An infinite statistic (chi-square with a category one sample lacks) arrives as null: JSON has
 * no Infinity, and the kept reports go through JSON.
 */
function statistic(score: number | null): HTMLElement | string {
  return typeof score === 'number' && Number.isFinite(score) ? formatValue(score) : h('span', { title: 'infinite: a category one sample has and the other lacks' }, '∞');
}

/** The drift panel (a one-off report opened on its own). */
export function renderReportPanel(root: HTMLElement, ctx: TabContext, report: DriftReportView | undefined): void {
  if (!report) {
    root.append(emptyState('No report', 'Compare two datasets for drift to see a report here.', [['Compare Datasets for Drift', () => ctx.command('compareDatasets')]]));
    return;
  }
  renderReport(root, ctx, report);
}
