// The drift settings an e2e workspace compares datasets with. The churn example's ponte.yaml is
// tuned for its monitoring loop (KS and z-tests at 0.1%, a z-test on `plan`), which the drift
// fixtures (a four-valued `plan`) do not fit; a test states the settings it reads results under.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/** The settings the drift e2e tests expect: `auto` methods at 0.1, income by PSI at 0.2, drift at half the columns. */
export const FIXTURE_DRIFT = { method: 'auto', threshold: 0.1, share: 0.5, columns: { income: { method: 'psi', threshold: 0.2 } } };

/** Sets `monitor.drift` in the workspace's ponte.yaml, keeping the rest of the file as it is. */
export function setDriftSettings(workspace: string, drift: Record<string, unknown> = FIXTURE_DRIFT): void {
  const file = join(workspace, 'ponte.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['monitor', 'drift'], doc.createNode(drift));
  writeFileSync(file, doc.toString());
}
