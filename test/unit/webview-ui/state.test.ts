// Restoring the page's state: what setState kept, merged with what `init` says (init wins field by
// field); a saved state of another panel kind or of the wrong shape is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeState, toggleRun, withRange, withTab } from '../../../webview-ui/state';

test('nothing saved, no init: the dashboard on Experiments with no selection', () => {
  assert.deepEqual(mergeState(undefined), { panel: 'dashboard', tab: 'experiments', runs: [] });
});

test('after a reload the saved tab, selection, metric and ranges come back; init overrides what it names', () => {
  const saved = { panel: 'dashboard', tab: 'drift', runs: ['r1', 'r2'], metric: 'f1', ranges: { 'plots.roc': { min: 0, max: 0.5 } } };
  assert.deepEqual(mergeState(saved, { panel: 'dashboard' }), saved);
  assert.deepEqual(mergeState(saved, { panel: 'dashboard', tab: 'experiments', runs: ['r9'] }), { ...saved, tab: 'experiments', runs: ['r9'] });
});

test("a saved state of the wrong shape or another panel's is dropped, not half used", () => {
  assert.deepEqual(mergeState({ panel: 'dashboard', tab: 'nonsense', runs: ['a'] }), { panel: 'dashboard', tab: 'experiments', runs: [] });
  assert.deepEqual(mergeState({ panel: 'compare', runs: ['a'] }, { panel: 'drift', report: 'x' }), { panel: 'drift', tab: 'experiments', runs: [], report: 'x' });
  assert.deepEqual(mergeState('garbage', { panel: 'compare', runs: ['a', 'b'] }), { panel: 'compare', tab: 'experiments', runs: ['a', 'b'] });
});

test('selection toggles keep the order runs were picked; ranges set and clear; unknown tabs are refused', () => {
  let s = mergeState(undefined);
  s = toggleRun(toggleRun(toggleRun(s, 'b'), 'a'), 'b');
  assert.deepEqual(s.runs, ['a']);
  s = withRange(s, 'c', { min: 1, max: 2 });
  assert.deepEqual(s.ranges, { c: { min: 1, max: 2 } });
  assert.deepEqual(withRange(s, 'c', undefined).ranges, {});
  assert.equal(withTab(s, 'nope' as never).tab, 'experiments');
  assert.equal(withTab(s, 'monitoring').tab, 'monitoring');
});
