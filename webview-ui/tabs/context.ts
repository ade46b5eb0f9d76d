// What every tab renders from and reports to: the data, the state, the chart host, and the
// few things it may ask for (a state change, a selection, an extension command).
import type { DashboardData, DashboardTab, PanelState, WebviewCommand } from '../../src/shared/webview-protocol';
import type { ChartHost } from '../charts';
import { button, h } from '../dom';

export interface TabContext {
  data: DashboardData;
  state: PanelState;
  charts: ChartHost;
  /** Changes the state (saved and posted) and draws the tab again. */
  update(patch: Partial<PanelState>): void;
  /** Changes the run selection: posted as `select`, carried over to Compare and Plots. */
  select(runs: string[]): void;
  command(command: WebviewCommand, args?: string[]): void;
  goTo(tab: DashboardTab): void;
}

/** Never a blank panel: what is missing and what to do, with the buttons that do it. */
export function emptyState(title: string, text: string, actions: [string, () => void][]): HTMLElement {
  return h('div', { class: 'empty', role: 'status' },
    h('h2', null, title),
    h('p', null, text),
    h('div', { class: 'actions' }, ...actions.map(([label, run], i) => {
      const b = button(label, run, i > 0);
      return b;
    })),
  );
}

export function section(title: string, ...children: (Node | null | false)[]): HTMLElement {
  return h('section', null, h('h3', null, title), ...children);
}

export function grid(...children: (Node | null | false)[]): HTMLElement {
  return h('div', { class: 'grid' }, ...children);
}
