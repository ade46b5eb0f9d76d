// Experiments: a metric across runs (line or bar), its step-wise histories, params against it
// (scatter or parallel coordinates), filters by status and gate verdict, and the runs table where
// runs are selected (posted as `select`, carried over to Compare and Plots).
import type { RunView } from '../../src/shared/webview-protocol';
import { checkbox, formatValue, h, select } from '../dom';
import {
  chosenMetric, filterRuns, GATES, historyChart, historyMetric, historyRuns, metricAcrossRuns, metricKeys, numericParamKeys,
  paramScatter, parallelCoordinates, runLabel, STATUSES,
} from '../series';
import { emptyState, grid, type TabContext } from './context';

export function renderExperiments(root: HTMLElement, ctx: TabContext): void {
  const { data, state } = ctx;
  if (data.runs.length === 0) {
    root.append(emptyState('No runs yet', 'Run the pipeline: each run records its params, metrics and step-wise histories, and shows here.', [['Run Pipeline', () => ctx.command('runPipeline')]]));
    return;
  }
  const runs = filterRuns(data.runs, state.filter);
  const keys = metricKeys(data.runs, data.histories);
  const metric = chosenMetric(keys, state.metric);
  const params = numericParamKeys(runs);
  const param = params.includes(state.param ?? '') ? state.param! : params[0];
  const kind = state.chart === 'bar' ? 'bar' : 'line';
  const paramKind = state.paramChart ?? 'scatter';
  const selected = state.runs ?? [];

  const filter = (key: 'status' | 'gate', value: string, on: boolean) => {
    const current = new Set(state.filter?.[key] ?? []);
    if (on) current.add(value);
    else current.delete(value);
    ctx.update({ filter: { ...state.filter, [key]: [...current] } });
  };
  root.append(h('div', { class: 'toolbar' },
    select('Metric', keys, metric, (v) => ctx.update({ metric: v })),
    select('Chart', ['line', 'bar'], kind, (v) => ctx.update({ chart: v as 'line' | 'bar' })),
    select('Params as', ['scatter', 'parallel'], paramKind, (v) => ctx.update({ paramChart: v as 'scatter' | 'parallel' })),
    params.length && paramKind === 'scatter' ? select('Param', params, param, (v) => ctx.update({ param: v })) : null,
  ));
  root.append(h('div', { class: 'toolbar filters' },
    h('span', { class: 'hint' }, 'Status'), ...STATUSES.map((s) => checkbox(s, !!state.filter?.status?.includes(s), (on) => filter('status', s, on))),
    h('span', { class: 'hint' }, 'Gate'), ...GATES.map((g) => checkbox(g, !!state.filter?.gate?.includes(g), (on) => filter('gate', g, on))),
  ));
  if (runs.length === 0) {
    root.append(emptyState('No run matches the filters', `${data.runs.length} runs are hidden by the status and gate filters.`, [['Clear filters', () => ctx.update({ filter: {} })]]));
    return;
  }
  if (!metric) {
    root.append(emptyState('No metrics recorded', 'The runs have no metrics yet: declare a metrics file in dvc.yaml (or log metrics from the stage) and run the pipeline again.', [['Run Pipeline', () => ctx.command('runPipeline')]]));
  }
  const charts = grid();
  root.append(charts);
  if (metric) {
    ctx.charts.mount(charts, metricAcrossRuns(runs, metric, kind, selected));
    const stepped = historyMetric(data.histories, metric);
    const history = stepped ? historyChart('experiments.history', data.histories, stepped, historyRuns(runs, selected), selected) : undefined;
    if (history?.datasets.length) {
      // the chosen metric has one final value per run: say whose steps are drawn instead
      if (stepped !== metric) history.note = `${metric} has no step-wise history; showing ${stepped}, logged by step.`;
      ctx.charts.mount(charts, history);
    } else {
      charts.append(h('div', { class: 'chart-card note-card' }, h('p', { class: 'note' }, `No step-wise history of ${metric}: a stage logs one with \`ponte log-metric ${metric} <value> --step <n>\`.`)));
    }
    if (param && paramKind === 'scatter') ctx.charts.mount(charts, paramScatter(runs, param, metric));
    else if (params.length) ctx.charts.mount(charts, parallelCoordinates(runs, params, metric, selected));
  }
  root.append(runsTable(runs, keys, selected, ctx));
}

/** Rows the table lays out at first: the layout of thousands of cells would hold up the charts. */
export const FIRST_ROWS = 100;

function runsTable(runs: RunView[], metrics: string[], selected: string[], ctx: TabContext): HTMLElement {
  const columns = metrics.slice(0, 8);
  const sel = new Set(selected);
  const body = h('tbody');
  // newest first, as a list of runs is read; selected runs always among the first rows
  const ordered = [...runs].reverse();
  const first = ordered.slice(0, FIRST_ROWS);
  const rest = ordered.slice(FIRST_ROWS);
  const shown = first.concat(rest.filter((r) => sel.has(r.id)));
  const addRows = (list: RunView[]) => { for (const r of list) body.append(row(r)); };
  const row = (r: RunView): HTMLElement => {
    const box = h('input', { type: 'checkbox', 'aria-label': `select ${runLabel(r)}`, checked: sel.has(r.id) });
    box.addEventListener('change', () => ctx.select((box).checked ? [...selected, r.id] : selected.filter((x) => x !== r.id)));
    return h('tr', { class: sel.has(r.id) ? 'selected' : undefined },
      h('td', null, box),
      h('td', { title: r.id }, runLabel(r)),
      h('td', null, h('span', { class: `status ${r.status}` }, r.status)),
      h('td', null, r.gate ?? '—'),
      h('td', null, r.createdAt.slice(0, 16).replace('T', ' ')),
      ...columns.map((m) => h('td', { class: 'num' }, formatValue(r.metrics[m]))),
    );
  };
  addRows(shown);
  const hidden = rest.filter((r) => !sel.has(r.id));
  const more = hidden.length
    ? h('vscode-button', { secondary: true, onclick: () => { addRows(hidden); more?.remove(); } }, `Show ${hidden.length} more runs`)
    : null;
  const actions = h('div', { class: 'toolbar' },
    h('span', { class: 'hint' }, `${runs.length} runs, ${selected.length} selected`),
    selected.length ? h('vscode-button', { onclick: () => ctx.goTo('compare') }, `Compare ${selected.length}`) : null,
    selected.length ? h('vscode-button', { secondary: true, onclick: () => ctx.select([]) }, 'Clear selection') : null,
  );
  return h('section', null, actions, h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, h('th'), h('th', null, 'run'), h('th', null, 'status'), h('th', null, 'gate'), h('th', null, 'created'), ...columns.map((m) => h('th', { class: 'num' }, m)))),
    body,
  )), more);
}
