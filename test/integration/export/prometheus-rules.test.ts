// `ponte export prometheus-rules` proven by Prometheus' own tool: `promtool check rules` accepts
// the file, and `promtool test rules` runs a unit test generated here for every rule, on series
// written for it: quiet on a good value (the threshold itself where the server's test is strict),
// firing on a bad one with the labels and annotations expected, resolved when the value is good
// again. A rule with its comparison turned around fails the same test, so the test can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { monitorThresholds, prometheusRules, type PrometheusRuleFile, type Threshold } from '../../../src/core/export';
import { loadProject } from '../../../src/core/project';
import { FULL_YAML, tempProject } from '../../unit/core/export/lib/project';

function promtool(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`promtool is not installed (apt-get install prometheus; scripts/setup.sh does): ${r.error.message}`);
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A value on each side of the threshold, as the server judges a window. */
function sides(t: Threshold): { good: number; bad: number } {
  const step = t.unit === 'ms' ? t.limit / 2 : 0.01;
  if (t.op === '>') return { good: t.limit, bad: t.limit + step };
  if (t.op === '<') return { good: t.limit, bad: t.limit - step };
  return { good: t.limit - step, bad: t.limit };
}

/** A promtool unit test: every gauge good for 5 minutes, bad for 5, good again for 5. */
function unitTests(rulesFile: string, deployment: string, thresholds: Threshold[]) {
  const series = thresholds.map((t) => {
    const { good, bad } = sides(t);
    const labels = Object.entries({ deployment, ...t.labels }).map(([k, v]) => `${k}="${v}"`).join(',');
    return { series: `${t.metric}{${labels}}`, values: `${good}x4 ${bad}x4 ${good}x4` };
  });
  const at = (minute: number, firing: boolean) =>
    thresholds.map((t) => ({
      eval_time: `${minute}m`,
      alertname: t.alert,
      exp_alerts: firing ? [{
        exp_labels: { ...t.labels, deployment, severity: 'warning', ponte_event: t.event },
        exp_annotations: {
          summary: `${deployment}: ${t.summary}`,
          description: `The latest closed monitoring window of ${deployment} has ${sides(t).bad} (${t.field} is ${t.limit} in ponte.yaml).`,
        },
      }] : [],
    }));
  return { rule_files: [rulesFile], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: series, alert_rule_test: [...at(2, false), ...at(7, true), ...at(12, false)] }] };
}

test('promtool check rules accepts the export, and its unit tests fire and resolve every rule', () => {
  const p = tempProject(FULL_YAML);
  try {
    const { value, text } = prometheusRules(p.config);
    const plan = monitorThresholds(p.config);
    assert.deepEqual(value.groups[0].rules.map((r) => r.alert).sort(), ['PonteDriftShareHigh', 'PonteErrorRateHigh', 'PonteF1Low', 'PonteLatencyP50High', 'PonteLatencyP95High', 'PonteLatencyP99High']);
    const rules = join(p.dir, 'rules.yml');
    writeFileSync(rules, text);
    const check = promtool('check', 'rules', rules);
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /SUCCESS: 6 rules found/);
    const tests = join(p.dir, 'rules.test.yml');
    writeFileSync(tests, stringify(unitTests('rules.yml', plan.deployment, plan.thresholds)));
    const run = promtool('test', 'rules', tests);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /SUCCESS/);
  } finally {
    p.remove();
  }
});

test('a rule whose comparison is turned around fails the same promtool test', () => {
  const p = tempProject(FULL_YAML);
  try {
    const plan = monitorThresholds(p.config);
    for (const t of plan.thresholds) {
      const { value } = prometheusRules(p.config);
      const broken: PrometheusRuleFile = { groups: value.groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === t.alert ? { ...r, expr: r.expr.replace(/ (>=|>|<) /, (_, op: string) => ` ${op === '<' ? '>' : op === '>' ? '>=' : '>'} `) } : r)) })) };
      writeFileSync(join(p.dir, 'rules.yml'), stringify(broken));
      writeFileSync(join(p.dir, 'rules.test.yml'), stringify(unitTests('rules.yml', plan.deployment, plan.thresholds)));
      const run = promtool('test', 'rules', join(p.dir, 'rules.test.yml'));
      assert.notEqual(run.code, 0, `${t.alert} turned around still passed`);
      assert.match(run.out, new RegExp(`alertname: ${t.alert}`));
    }
  } finally {
    p.remove();
  }
});

test('the example project: promtool accepts the rules of its monitor block', () => {
  const { text } = prometheusRules(loadProject('examples/churn').config);
  const p = tempProject(FULL_YAML);
  try {
    writeFileSync(join(p.dir, 'example.yml'), text);
    const check = promtool('check', 'rules', join(p.dir, 'example.yml'));
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /SUCCESS: 3 rules found/);
  } finally {
    p.remove();
  }
});
