// The dashboard's content: one panel per figure, every query scoped to the deployment variable
// (which defaults to the monitored deployment), and monitor's limits drawn as threshold lines in
// the colour of the side that alerts. Conformance to Grafana's schema and the data behind each
// query are proven in test/integration/export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grafanaDashboard, type GrafanaPanel } from '../../../../src/core/export';
import { FULL_YAML, tempProject } from './lib/project';

const steps = (p: GrafanaPanel) => (p.fieldConfig.defaults.thresholds as { steps: { color: string; value: number | null }[] }).steps;
const style = (p: GrafanaPanel) => (p.fieldConfig.defaults.custom as { thresholdsStyle: { mode: string } }).thresholdsStyle.mode;

test('panels per figure, scoped to $deployment, with the thresholds of ponte.yaml drawn', () => {
  const p = tempProject(FULL_YAML);
  try {
    const d = grafanaDashboard(p.config).value;
    const byTitle = Object.fromEntries(d.panels.map((x) => [x.title, x]));
    assert.deepEqual(Object.keys(byTitle), ['Request rate', 'Latency (live)', 'Error rate (live)', 'Latency per window', 'Error rate per window', 'Accuracy', 'Drift per feature', 'Drift share']);
    for (const panel of d.panels) for (const t of panel.targets) assert.match(t.expr, /deployment="\$deployment"/, `${panel.title}: ${t.expr}`);
    assert.deepEqual(new Set(d.panels.map((x) => x.id)).size, d.panels.length, 'ids unique');
    const variable = d.templating.list.find((v) => v.name === 'deployment') as { current: { value: string } };
    assert.equal(variable.current.value, 'production');

    assert.deepEqual(steps(byTitle['Latency per window']), [{ color: 'green', value: null }, { color: 'red', value: 50 }, { color: 'red', value: 200 }, { color: 'red', value: 400 }]);
    assert.deepEqual(steps(byTitle['Error rate per window']), [{ color: 'green', value: null }, { color: 'red', value: 0.05 }]);
    assert.deepEqual(steps(byTitle.Accuracy), [{ color: 'red', value: null }, { color: 'green', value: 0.8 }], 'below the minimum is red');
    assert.deepEqual(steps(byTitle['Drift share']), [{ color: 'green', value: null }, { color: 'red', value: 0.5 }]);
    assert.deepEqual(steps(byTitle['Drift per feature']), [{ color: 'green', value: null }, { color: 'red', value: 0.1 }]);
    assert.equal(style(byTitle.Accuracy), 'line');
    assert.equal(style(byTitle['Request rate']), 'off', 'no limit, no line');
  } finally {
    p.remove();
  }
});
