// The page's restorable state (tab, selection, metric, ranges...): what a reload brings back. Pure:
// the saved state (acquireVsCodeApi().getState) is merged with what `init` names, `init` winning
// field by field, since it says why the panel opened ("Open in Dashboard" on a run, a report).
import { DASHBOARD_TABS, parsePanelState, type DashboardTab, type PanelKind, type PanelState } from '../src/shared/webview-protocol';

export function defaultState(panel: PanelKind = 'dashboard'): PanelState {
  return { panel, tab: 'experiments', runs: [] };
}

/** `saved` may be anything a previous version of the page stored: what is not a PanelState is dropped. */
export function mergeState(saved: unknown, init?: PanelState): PanelState {
  const base = parsePanelState(saved);
  const panel = init?.panel ?? base?.panel ?? 'dashboard';
  const merged: PanelState = { ...defaultState(panel), ...(base && base.panel === panel ? base : {}) };
  if (init) for (const [k, v] of Object.entries(init)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  return merged;
}

export function withTab(state: PanelState, tab: DashboardTab): PanelState {
  return DASHBOARD_TABS.includes(tab) ? { ...state, tab } : state;
}

/** Toggles one run in the selection, keeping the order in which runs were picked. */
export function toggleRun(state: PanelState, runId: string): PanelState {
  const runs = state.runs ?? [];
  return { ...state, runs: runs.includes(runId) ? runs.filter((r) => r !== runId) : [...runs, runId] };
}

export function withRange(state: PanelState, chartId: string, range: { min: number; max: number } | undefined): PanelState {
  const ranges = { ...(state.ranges ?? {}) };
  if (range) ranges[chartId] = range;
  else delete ranges[chartId];
  return { ...state, ranges };
}
