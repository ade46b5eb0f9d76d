// Gates, the public surface: parse a rule (`>= 0.85`, `>= production - 0.02`) and evaluate the
// rules of ponte.yaml against a run's metrics.
export { parseGateRule, thresholdOf, compare, type Comparator, type GateRule, type ParsedGateRule } from './expression';
export { evaluateGates, type GateReport, type GateVerdict, type GateVerdictKind, type GateRuleInput, type ProductionMetrics } from './evaluate';
