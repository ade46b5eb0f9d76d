// `ponte export prometheus-rules`: Prometheus alerting rules that fire when the latest closed
// window of the monitored deployment crosses a threshold of `monitor`, the same test the server
// applies to each window. The gauges hold the latest window's figures, so a rule needs no `for`:
// Ponte's own hysteresis (`after`, `resolve_after`) counts windows, which Prometheus cannot see.
import { stringify } from 'yaml';
import type { PonteConfig } from '../project';
import { monitorThresholds, selector } from './thresholds';
import { yamlComment } from './yaml-comment';

export interface PrometheusRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusRuleFile {
  groups: { name: string; rules: PrometheusRule[] }[];
}

export interface ExportResult<T> {
  value: T;
  text: string;
  notes: string[];
}

export function prometheusRules(config: PonteConfig): ExportResult<PrometheusRuleFile> {
  const plan = monitorThresholds(config);
  const rules = plan.thresholds.map((t): PrometheusRule => ({
    alert: t.alert,
    expr: `${selector(t.metric, { deployment: plan.deployment, ...t.labels })} ${t.op} ${t.limit}`,
    labels: { severity: 'warning', deployment: plan.deployment, ponte_event: t.event },
    annotations: {
      summary: `${plan.deployment}: ${t.summary}`,
      description: `The latest closed monitoring window of ${plan.deployment} has {{ $value }} (${t.field} is ${t.limit} in ponte.yaml).`,
    },
  }));
  const value: PrometheusRuleFile = { groups: [{ name: `ponte-${config.project}`, rules }] };
  const header = yamlComment(`Prometheus alerting rules for ${config.project}, written by \`ponte export prometheus-rules\` from ponte.yaml's monitor block.`);
  return { value, text: header + stringify(value, { lineWidth: 0 }), notes: plan.notes };
}
