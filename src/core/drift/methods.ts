// Which test runs on which column, with which threshold: Evidently's published defaults for
// `method: auto`, overridden by ponte.yaml `monitor.drift` (globally or per column) or the CLI.
import { PonteError } from '../errors';

import { DRIFT_METHODS, type DriftMethod } from '../project/vocabulary';

// The list lives with the ponte.yaml schema, so validation accepts exactly what the engine runs.
export { DRIFT_METHODS, type DriftMethod };

/** What a column's statistic is compared with: p-values drift when small, distances when large. */
export const METHOD_INFO: Record<DriftMethod, { kind: 'p_value' | 'distance'; threshold: number; numeric: boolean; categorical: boolean }> = {
  ks: { kind: 'p_value', threshold: 0.05, numeric: true, categorical: false },
  wasserstein: { kind: 'distance', threshold: 0.1, numeric: true, categorical: false },
  psi: { kind: 'distance', threshold: 0.1, numeric: true, categorical: false },
  jensenshannon: { kind: 'distance', threshold: 0.1, numeric: true, categorical: true },
  chisquare: { kind: 'p_value', threshold: 0.05, numeric: true, categorical: true },
  ztest: { kind: 'p_value', threshold: 0.05, numeric: true, categorical: true },
};

export interface ColumnDriftConfig {
  method?: DriftMethod | 'auto';
  threshold?: number;
}

/** `monitor.drift` from ponte.yaml, and the CLI's flags over it. */
export interface DriftConfig {
  method?: DriftMethod | 'auto';
  /** Used with an explicit method; `auto` keeps each method's default threshold. */
  threshold?: number;
  /** Dataset drift when at least this share of columns drifted (Evidently's default 0.5). */
  share?: number;
  columns?: Record<string, ColumnDriftConfig>;
}

export const DEFAULT_SHARE = 0.5;
/** Evidently: up to this many reference rows count as "small data" (tests), above it distances. */
export const SMALL_DATA_ROWS = 1000;
/** Evidently: a numeric column with at most this many distinct values is treated as categorical. */
export const FEW_DISTINCT_VALUES = 5;

export interface ColumnFacts {
  kind: 'numeric' | 'categorical';
  referenceRows: number;
  /** Distinct values over both sides. */
  distinct: number;
}

/** Evidently's default test for a column. */
export function autoMethod(f: ColumnFacts): DriftMethod {
  const categorical = f.kind === 'categorical' || f.distinct <= FEW_DISTINCT_VALUES;
  if (f.referenceRows <= SMALL_DATA_ROWS) {
    if (!categorical) return 'ks';
    return f.distinct <= 2 ? 'ztest' : 'chisquare';
  }
  return categorical ? 'jensenshannon' : 'wasserstein';
}

export interface ChosenMethod {
  method: DriftMethod;
  threshold: number;
}

export function chooseMethod(column: string, facts: ColumnFacts, config: DriftConfig = {}): ChosenMethod {
  const own = config.columns?.[column];
  const requested = own?.method ?? config.method ?? 'auto';
  const method = requested === 'auto' ? autoMethod(facts) : requested;
  const info = METHOD_INFO[method];
  if (!info) {
    throw new PonteError('drift.method.unknown', `unknown drift method '${requested}' for column '${column}'`, {
      hint: `use one of: auto, ${DRIFT_METHODS.join(', ')}`,
    });
  }
  if (facts.kind === 'categorical' && !info.categorical) {
    throw new PonteError('drift.method.not_for_categorical', `the method '${method}' needs numbers, but column '${column}' is categorical`, {
      hint: 'use jensenshannon, chisquare or ztest for categorical columns, or auto',
    });
  }
  if (method === 'ztest' && facts.distinct > 2) {
    throw new PonteError('drift.method.not_binary', `the z-test needs a binary column, but '${column}' has ${facts.distinct} distinct values`, {
      hint: 'use chisquare or jensenshannon for columns with more than two values',
    });
  }
  const threshold = own?.threshold ?? (requested !== 'auto' && !own?.method ? config.threshold : undefined) ?? info.threshold;
  return { method, threshold };
}

/** Evidently's decision rules: KS drifts when p <= threshold, chi-square and z when p < threshold, distances when >= threshold. */
export function isDrifted(method: DriftMethod, statistic: number, pValue: number | undefined, threshold: number): boolean {
  if (method === 'ks') return (pValue as number) <= threshold;
  if (METHOD_INFO[method].kind === 'p_value') return (pValue as number) < threshold;
  return statistic >= threshold;
}
