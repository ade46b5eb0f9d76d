// Side-by-side comparison of runs: one row per param and per metric, each run's value in its
// column, and whether the values differ, the shape both `ponte exp compare` and the editor's
// Compare Runs table show.
import type { Run } from '../api';

export interface ComparisonRow {
  key: string;
  values: (string | number | boolean | undefined)[];
  differs: boolean;
}

export interface RunComparison {
  runs: { id: string; name: string | null; status: string; createdAt: string }[];
  params: ComparisonRow[];
  metrics: ComparisonRow[];
}

function rows(maps: Record<string, string | number | boolean>[]): ComparisonRow[] {
  const keys = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort();
  return keys.map((key) => {
    const values = maps.map((m) => m[key]);
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}

export function compareRuns(runs: Run[]): RunComparison {
  return {
    runs: runs.map((r) => ({ id: r.id, name: r.name, status: r.status, createdAt: r.createdAt })),
    params: rows(runs.map((r) => r.params)),
    metrics: rows(runs.map((r) => r.metrics)),
  };
}

/** The gate verdict stored with a run: `passed`, `failed`, or undefined when never gated. */
export function gateVerdictOf(run: Pick<Run, 'gates'>): 'passed' | 'failed' | undefined {
  const g = run.gates as { passed?: unknown } | null;
  if (!g || typeof g !== 'object' || typeof g.passed !== 'boolean') return undefined;
  return g.passed ? 'passed' : 'failed';
}
