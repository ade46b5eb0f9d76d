// Gate evaluation: each rule in ponte.yaml's `gates.rules` against a run's metrics, absolute
// (`>= 0.85`) or relative to the production model's metrics (`>= production - 0.02`), with the
// value, threshold and verdict a person needs to see why a run may or may not be promoted.
import { compare, parseGateRule, thresholdOf } from './expression';

export type GateVerdictKind = 'pass' | 'fail' | 'skip';

export interface GateRuleInput {
  metric: string;
  text: string;
  /** Where the rule is written, for messages (1-based). */
  line?: number;
}

export interface GateVerdict {
  metric: string;
  rule: string;
  verdict: GateVerdictKind;
  value?: number;
  threshold?: number;
  /** For relative rules: production's value of the metric. */
  production?: number;
  /** One sentence: why this verdict. */
  reason: string;
  line?: number;
}

export interface GateReport {
  /** True when no rule failed (skipped rules do not fail a gate). */
  passed: boolean;
  verdicts: GateVerdict[];
  /** What "production" meant, e.g. `churn v3 (run 1a2b...)`, or undefined when there is none. */
  productionRef?: string;
}

export interface ProductionMetrics {
  metrics: Record<string, number>;
  ref: string;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

export function evaluateGates(rules: GateRuleInput[], metrics: Record<string, number>, production?: ProductionMetrics): GateReport {
  const verdicts: GateVerdict[] = rules.map((r) => {
    const base = { metric: r.metric, rule: r.text, ...(r.line !== undefined ? { line: r.line } : {}) };
    const parsed = parseGateRule(r.text);
    if (!parsed.ok) return { ...base, verdict: 'fail', reason: `the rule does not parse: ${parsed.message}` };
    const value = metrics[r.metric];
    if (value === undefined || !Number.isFinite(value)) {
      const known = Object.keys(metrics);
      return { ...base, verdict: 'fail', reason: `the run has no metric "${r.metric}"${known.length ? ` (it has: ${known.slice(0, 12).join(', ')})` : ''}` };
    }
    const rule = parsed.rule;
    let threshold: number;
    let prod: number | undefined;
    if (rule.base === 'production') {
      if (!production) return { ...base, verdict: 'skip', value, reason: 'no production model yet, so there is nothing to compare with' };
      prod = production.metrics[r.metric];
      if (prod === undefined || !Number.isFinite(prod)) {
        return { ...base, verdict: 'skip', value, reason: `production (${production.ref}) has no metric "${r.metric}" to compare with` };
      }
      threshold = thresholdOf(rule, prod)!;
    } else {
      threshold = rule.value;
    }
    const ok = compare(value, rule.op, threshold);
    const vs = prod !== undefined ? ` (production ${fmt(prod)})` : '';
    return {
      ...base, verdict: ok ? 'pass' : 'fail', value, threshold, ...(prod !== undefined ? { production: prod } : {}),
      reason: `${r.metric} = ${fmt(value)} ${ok ? 'satisfies' : 'does not satisfy'} ${rule.op} ${fmt(threshold)}${vs}`,
    };
  });
  return { passed: verdicts.every((v) => v.verdict !== 'fail'), verdicts, ...(production ? { productionRef: production.ref } : {}) };
}
