// The results file the in-host runner writes and the outer suite reads: one shape for both.
export interface HostTestResult {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
  /** Set when the test was skipped: why. */
  skipped?: string;
}

export interface HostResults {
  passed: number;
  failed: number;
  tests: HostTestResult[];
}
