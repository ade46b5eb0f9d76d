// Data: the datasets, their versions (from git and the backend), and each version's summary
// statistics per column (or why a version has none); rows per version as a chart when versions
// record them.
import type { DatasetView } from '../../src/shared/webview-protocol';
import { formatValue, h, select } from '../dom';
import { emptyState, section, type TabContext } from './context';

export function renderData(root: HTMLElement, ctx: TabContext): void {
  const { data, state } = ctx;
  if (data.datasets.length === 0) {
    root.append(emptyState('No datasets', 'Declare datasets in ponte.yaml (a name, a path, and storage dvc or git-lfs); their versions and statistics show here.', [['Open ponte.yaml', () => ctx.command('openPonteYaml')]]));
    return;
  }
  const ds = data.datasets.find((d) => d.name === state.dataset) ?? data.datasets[0];
  root.append(h('div', { class: 'toolbar' }, select('Dataset', data.datasets.map((d) => d.name), ds.name, (v) => ctx.update({ dataset: v })), h('span', { class: 'hint' }, ds.path)));
  if (ds.versions.length === 0) {
    root.append(emptyState(`No versions of ${ds.name}`, 'Track the data (ponte data add) and commit: each version shows here with its statistics.', [['Run Pipeline', () => ctx.command('runPipeline')]]));
    return;
  }
  root.append(section('Versions', versionsTable(ds)));
  const counted = ds.versions.filter((v) => typeof v.rows === 'number');
  if (counted.length > 1) {
    const box = h('div', { class: 'grid' });
    root.append(box);
    ctx.charts.mount(box, { id: `data.${ds.name}.rows`, type: 'bar', title: 'rows per version', labels: counted.map((v) => v.version), datasets: [{ label: 'rows', data: counted.map((v) => v.rows!) }], x: { kind: 'category' }, y: {} }, 200);
  }
  const profiled = ds.versions.filter((x) => x.stats && Object.keys(x.stats).length);
  for (const v of profiled) root.append(section(`Statistics · ${v.version}`, statsTable(v.stats!)));
  // say where statistics come from rather than leave the reader to wonder why there are none
  if (profiled.length === 0 && !ds.versions.some((v) => v.note)) {
    root.append(h('p', { class: 'hint' }, `No summary statistics for ${ds.name} yet: each version's file is profiled from the DVC cache when this tab shows it, and the profile kept in the backend.`));
  }
}

function versionsTable(ds: DatasetView): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, ...['version', 'hash', 'source', 'created', 'commit', 'rows', 'statistics'].map((c) => h('th', null, c)))),
    h('tbody', null, ...ds.versions.map((v) => h('tr', null,
      h('td', null, v.version), h('td', { class: 'mono' }, v.hash.slice(0, 12)), h('td', null, v.source ?? '—'),
      h('td', null, v.createdAt?.slice(0, 16).replace('T', ' ') ?? '—'), h('td', { class: 'mono' }, v.commit?.slice(0, 8) ?? '—'), h('td', { class: 'num' }, formatValue(v.rows)),
      h('td', v.note ? { class: 'hint' } : null, v.stats && Object.keys(v.stats).length ? 'below' : (v.note ?? '—')),
    ))),
  ));
}

function statsTable(stats: Record<string, Record<string, unknown>>): HTMLElement {
  const columns = Object.keys(stats);
  const names = [...new Set(columns.flatMap((c) => Object.keys(stats[c])))];
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, h('th', null, 'column'), ...names.map((n) => h('th', { class: 'num' }, n)))),
    h('tbody', null, ...columns.map((c) => h('tr', null, h('td', null, c), ...names.map((n) => h('td', { class: 'num' }, formatValue(stats[c][n])))))),
  ));
}
