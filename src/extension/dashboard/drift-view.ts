// A one-off drift report (`ponte drift`, Compare Datasets for Drift) as the protocol's
// DriftReportView, and the few the editor keeps (workspaceState) so the drift panel comes back
// after a reload. Histograms go as fractions per bin, whatever the engine counted in.
import type { ColumnHistogram, DriftReport } from '../../core/drift/run';
import type { DriftReportView, FeatureDrift, Histogram } from '../../shared/webview-protocol';

/** Reports kept for restoring drift panels; older ones are dropped. */
export const KEPT_REPORTS = 20;

const fractions = (xs: number[]): number[] => {
  const total = xs.reduce((a, b) => a + b, 0);
  return total > 0 ? xs.map((x) => x / total) : xs.map(() => 0);
};

/** A report's or a window's bars as the page draws them: fractions per bin. */
export function histogramView(h: ColumnHistogram): Histogram {
  return { bins: h.kind === 'numeric' ? h.edges : h.categories, reference: fractions(h.reference), current: fractions(h.current) };
}

export function driftReportView(report: DriftReport, id: string, title: string, createdAt = new Date().toISOString()): DriftReportView {
  const features: Record<string, FeatureDrift> = {};
  for (const c of report.columns) {
    const h = c.histogram;
    features[c.column] = {
      score: c.statistic, threshold: c.threshold, drifted: c.drifted, method: c.method, kind: c.kind, ...(c.p_value === undefined ? {} : { pValue: c.p_value }),
      histogram: histogramView(h),
    };
  }
  return {
    id, title, createdAt,
    driftShare: report.summary.share,
    datasetDrift: report.summary.dataset_drift,
    features,
    notes: [
      `Reference: ${report.reference.file} (${report.reference.rows} rows)`,
      `Current: ${report.current.file} (${report.current.rows} rows)`,
      `${report.mode === 'sketch' ? 'Sketch' : 'Exact'} statistics; ${report.summary.drifted} of ${report.summary.columns} columns drifted (dataset drift at a share of ${report.summary.share_threshold})`,
      ...(report.skipped ?? []).map((s) => `Skipped: ${s.column} (${s.reason})`),
    ],
  };
}

/** The kept list with `report` first, at most KEPT_REPORTS long. */
export function keepReport(kept: readonly DriftReportView[], report: DriftReportView): DriftReportView[] {
  return [report, ...kept.filter((r) => r.id !== report.id)].slice(0, KEPT_REPORTS);
}
