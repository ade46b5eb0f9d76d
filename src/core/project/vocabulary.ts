// The lists several modules share: drift methods, column types and the cell texts read as
// missing. The ponte.yaml schema, its JSON Schema, docs/validate.md, the drift engine and the data
// checks all take them from here, so `ponte validate` and the engines cannot disagree.

/** The drift tests the engine implements, each with the text its hover shows. `auto` is not one. */
export const DRIFT_METHOD_DOCS = {
  ks: 'Two-sample Kolmogorov–Smirnov test (numeric); drift when the p-value is below the threshold.',
  wasserstein: 'Wasserstein distance, normalised by the reference\'s standard deviation.',
  psi: 'Population Stability Index; drift when PSI is above the threshold (0.1–0.2 is usual).',
  jensenshannon: 'Jensen–Shannon distance between the two distributions.',
  chisquare: 'Chi-square test (categorical); drift when the p-value is below the threshold.',
  ztest: 'Two-proportion Z-test (a column with two values); drift when the p-value is below the threshold.',
} as const;

export type DriftMethod = keyof typeof DRIFT_METHOD_DOCS;
export const DRIFT_METHODS = Object.keys(DRIFT_METHOD_DOCS) as readonly DriftMethod[];

export const AUTO_METHOD_DOC =
  'Kolmogorov–Smirnov for numeric columns with few rows, Wasserstein for many; chi-square (Z-test for two values) for categories with few rows, Jensen–Shannon for many.';

/** The column types of `datasets.<name>.schema.columns`, and how drift reads each. */
export const COLUMN_TYPE_DOCS = {
  integer: 'Whole numbers.',
  number: 'Any numbers (integers or decimals).',
  category: 'A fixed set of values, listed in `values`.',
  string: 'Free text.',
  boolean: 'true/false.',
} as const;

export type ColumnType = keyof typeof COLUMN_TYPE_DOCS;
export const COLUMN_TYPES = Object.keys(COLUMN_TYPE_DOCS) as readonly ColumnType[];

/** Drift compares numbers as distributions and everything else as categories. */
export const COLUMN_KIND: Record<ColumnType, 'numeric' | 'categorical'> = {
  integer: 'numeric',
  number: 'numeric',
  category: 'categorical',
  string: 'categorical',
  boolean: 'categorical',
};

/**
 * Cell texts read as missing, by drift and by the data checks (`max_missing`, `nullable`): the
 * part of pandas' default `na_values` that real files hold. Compared after trimming spaces, case and all.
 */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'null', 'NULL', 'None', '<NA>', '#N/A'];
