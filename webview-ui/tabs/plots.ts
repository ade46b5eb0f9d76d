// Plots: every plot of dvc.yaml (no cap), drawn with its DVC template, the workspace and the
// selected runs overlaid; image plots side by side, one per revision.
import type { PlotView } from '../../src/shared/webview-protocol';
import { plotCharts } from '../dvc-templates';
import { h } from '../dom';
import { emptyState, type TabContext } from './context';

/** The workspace and the selected runs; with no selection, every revision the extension sent. */
export function visibleRevisions(plot: PlotView, selected: string[]): PlotView {
  if (selected.length === 0) return plot;
  const keep = (r: string) => r === 'workspace' || selected.includes(r);
  return { ...plot, series: plot.series?.filter((s) => keep(s.revision)), images: plot.images?.filter((i) => keep(i.revision)) };
}

export function renderPlots(root: HTMLElement, ctx: TabContext, plots: PlotView[] = ctx.data.plots): void {
  if (plots.length === 0) {
    root.append(emptyState('No plots', 'Declare plots in dvc.yaml (a stage\'s `plots:` files, or top-level `plots:`) and run the pipeline to write them.', [['Run Pipeline', () => ctx.command('runPipeline')]]));
    return;
  }
  const selected = ctx.state.runs ?? [];
  root.append(h('p', { class: 'hint' }, selected.length ? `workspace and ${selected.length} selected run(s) overlaid` : 'workspace and every recorded revision; select runs in Experiments to narrow'));
  const wrap = h('div', { class: 'grid' });
  root.append(wrap);
  for (const full of plots) {
    const plot = visibleRevisions(full, selected);
    if (plot.kind === 'image') {
      wrap.append(h('div', { class: 'chart-card wide' },
        h('h4', null, plot.title),
        plot.images?.length
          ? h('div', { class: 'images' }, ...plot.images.map((img) => h('figure', null, h('img', { src: img.src, alt: `${plot.title} (${img.label})` }), h('figcaption', null, img.label))))
          : h('p', { class: 'note' }, 'No revision has this image yet: run the pipeline to write it.'),
      ));
      continue;
    }
    const problems = plot.problems?.length ? h('ul', { class: 'problems' }, ...plot.problems.map((p) => h('li', null, p))) : null;
    if (!plot.series?.length) {
      wrap.append(h('div', { class: 'chart-card' }, h('h4', null, plot.title), problems, h('p', { class: 'note' }, 'No data for this plot yet: run the pipeline to write its file.')));
      continue;
    }
    const charts = plotCharts(plot);
    const group = charts.length > 1 ? h('div', { class: 'chart-card wide' }, h('h4', null, plot.title), problems, h('div', { class: 'images' })) : null;
    if (group) wrap.append(group);
    else if (problems) wrap.append(problems);
    for (const spec of charts) ctx.charts.mount(group ? (group.lastElementChild as HTMLElement) : wrap, spec, spec.type === 'matrix' ? 280 : 260);
  }
}
