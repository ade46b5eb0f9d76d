// Compare: the selected runs side by side (params then metrics, rows that differ highlighted),
// their metrics as grouped bars, the chosen metric's histories overlaid, and their plots.
import type { RunView } from '../../src/shared/webview-protocol';
import { formatValue, h, select } from '../dom';
import { compareMetricsChart, compareRows, historyChart, historyKeys, historyMetric, runLabel } from '../series';
import { emptyState, grid, section, type TabContext } from './context';
import { renderPlots } from './plots';

export function renderCompare(root: HTMLElement, ctx: TabContext, given?: RunView[]): void {
  const selected = ctx.state.runs ?? [];
  const runs = given ?? selected.map((id) => ctx.data.runs.find((r) => r.id === id)).filter((r): r is RunView => !!r);
  if (runs.length === 0) {
    root.append(emptyState('No runs selected', 'Select two or more runs in Experiments (the checkboxes of the runs table) to compare them here.', [['Go to Experiments', () => ctx.goTo('experiments')]]));
    return;
  }
  const rows = compareRows(runs);
  const onlyDiff = h('vscode-checkbox', { label: 'only rows that differ' });
  const table = h('table', { class: 'compare' },
    h('thead', null, h('tr', null, h('th', null, ''), ...runs.map((r) => h('th', { title: r.id }, runLabel(r))))),
    h('tbody', null, ...rows.map((row) => h('tr', { class: row.differs ? 'differs' : 'same', 'data-section': row.section },
      h('th', null, `${row.section === 'param' ? 'param' : 'metric'} ${row.key}`),
      ...row.values.map((v) => h('td', { class: 'num' }, formatValue(v))),
    ))),
  );
  onlyDiff.addEventListener('change', () => table.classList.toggle('only-diff', (onlyDiff as unknown as { checked: boolean }).checked));
  const differing = rows.filter((r) => r.differs).length;
  root.append(section('Side by side', h('div', { class: 'toolbar' }, h('span', { class: 'hint' }, `${differing} of ${rows.length} rows differ`), onlyDiff), h('div', { class: 'table-wrap' }, table)));
  const charts = grid();
  // only the step-wise metrics of these runs have histories to overlay
  const histories = ctx.data.histories.filter((x) => runs.some((r) => r.id === x.runId));
  const metric = historyMetric(histories, ctx.state.metric);
  const history = metric ? historyChart('compare.history', histories, metric, runs) : undefined;
  const tools = history?.datasets.length ? h('div', { class: 'toolbar' }, select('History of', historyKeys(histories), metric, (v) => ctx.update({ metric: v }))) : null;
  root.append(section('Charts', tools, charts));
  ctx.charts.mount(charts, compareMetricsChart(runs));
  if (history?.datasets.length) ctx.charts.mount(charts, history);
  if (ctx.data.plots.length) {
    const plots = h('div');
    root.append(section('Plots', plots));
    renderPlots(plots, { ...ctx, state: { ...ctx.state, runs: runs.map((r) => r.id) } });
  }
}
