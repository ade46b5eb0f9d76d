// `ponte export grafana` against Grafana's own dashboard model, the TypeScript types of
// @grafana/schema (generated from Grafana's CUE schema): the dashboard as a whole, and each panel
// with the time series panel's options and field config. A planted mistake is refused, so the
// check can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grafanaDashboard } from '../../../src/core/export';
import { loadProject } from '../../../src/core/project';
import { FULL_YAML, tempProject } from '../../unit/core/export/lib/project';
import { typeErrors } from './lib/type-conformance';

const IMPORTS = [
  "import type { Dashboard, Panel } from '@grafana/schema';",
  "import type { Options, FieldConfig } from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';",
];
// The veneer's Panel leaves `options` untyped; the panel plugin's schema types them.
const PANEL = "Omit<Panel<Options, FieldConfig>, 'options'> & { options: Options }";

function conformance(dashboard: { panels: unknown[] }): string {
  return typeErrors({ imports: IMPORTS, values: [{ type: 'Dashboard', value: dashboard }, ...dashboard.panels.map((value) => ({ type: PANEL, value }))] });
}

test('the exported dashboards conform to @grafana/schema: every threshold, and the example project', () => {
  const p = tempProject(FULL_YAML);
  try {
    assert.equal(conformance(grafanaDashboard(p.config).value), '');
    assert.equal(conformance(grafanaDashboard(loadProject('examples/churn').config).value), '');
  } finally {
    p.remove();
  }
});

test('planted mistakes are refused by the same check: an unknown key, a wrong type, a bad enum value', () => {
  const p = tempProject(FULL_YAML);
  try {
    const good = grafanaDashboard(p.config).value;
    const plant = (edit: (d: Record<string, unknown> & { panels: Record<string, unknown>[] }) => void) => {
      const d = structuredClone(good) as unknown as Record<string, unknown> & { panels: Record<string, unknown>[] };
      edit(d);
      return conformance(d);
    };
    assert.match(plant((d) => (d.panels[0].tittle = 'x')), /tittle/);
    assert.match(plant((d) => (d.schemaVersion = '39')), /'string' is not assignable to type 'number'/);
    assert.match(plant((d) => ((d.panels[2].fieldConfig as { defaults: { thresholds: { mode: string } } }).defaults.thresholds.mode = 'relative')), /relative/);
    assert.match(plant((d) => ((d.panels[1].options as { tooltip: { mode: string } }).tooltip.mode = 'everything')), /everything/);
  } finally {
    p.remove();
  }
});
