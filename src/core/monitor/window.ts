// One monitoring window of a deployment: predictions are folded in as they are read (page by
// page), so memory stays flat in the window's size: latencies in one growable array, features
// in drift sketches, labels in a confusion count. `finish` gives the window's figures: latency
// percentiles, error rate, throughput, accuracy from the labels that have arrived, and
// per-feature drift against the reference dataset's saved profile.
import type { Json, Prediction } from '../api';
import { compareProfiles, identifiesRows, ID_NOTE, NumericSketch, type ColumnHistogram, type ColumnSketch, type DatasetProfile, type DriftConfig, type DriftReport } from '../drift';

export type AccuracyMetric = 'accuracy' | 'f1' | 'precision' | 'recall';

export interface WindowOptions {
  /** The features to check for drift; default (none listed): every column of the reference profile but ids. */
  features?: string[];
  reference?: DatasetProfile;
  drift?: DriftConfig;
  /** A probability at or above it is the positive class (`monitor.accuracy.threshold`). */
  threshold?: number;
}

export interface WindowStats {
  count: number;
  latency: { p50: number; p95: number; p99: number; mean: number } | null;
  errorRate: number;
  /** Requests a second over the window's span. */
  throughput: number;
  labelled: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  drift: {
    share: number;
    datasetDrift: boolean;
    /** p_value: for a test method, the figure the threshold applies to; histogram: reference
     *  against this window's bars, for the dashboard (a few dozen numbers a column). */
    columns: { column: string; method: string; statistic: number; p_value?: number; threshold: number; drifted: boolean; histogram?: ColumnHistogram }[];
    skipped: { column: string; reason: string }[];
  } | null;
}

export class WindowAccumulator {
  count = 0;
  private errors = 0;
  private latencies = new Float64Array(1024);
  private first = Infinity;
  private last = -Infinity;
  private confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  private readonly columns: ColumnSketch[];
  private readonly skipped: { column: string; reason: string }[] = [];

  constructor(private readonly options: WindowOptions = {}) {
    const ref = options.reference;
    // ponte.yaml without monitor.features sends an empty list: nothing listed, not nothing to check.
    const listed = options.features?.length ? options.features : undefined;
    const names = listed ?? ref?.columns.map((c) => c.name) ?? [];
    this.columns = [];
    for (const name of names) {
      const r = ref?.columns.find((c) => c.name === name);
      if (!ref) break;
      if (!listed && r && identifiesRows(r)) {
        this.skipped.push({ column: name, reason: `${ID_NOTE}; list it in monitor.features to check it anyway` });
        continue;
      }
      if (!r) {
        this.skipped.push({ column: name, reason: 'not in the reference dataset' });
        continue;
      }
      this.columns.push(r.kind === 'numeric' ? { name, kind: 'numeric', missing: 0, sketch: new NumericSketch() } : { name, kind: 'categorical', missing: 0, counts: new Map() });
    }
  }

  add(p: Prediction): void {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = p.latencyMs;
    if (p.status >= 500 || p.status === 0) this.errors++;
    const t = Date.parse(p.timestamp);
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    for (const col of this.columns) fold(col, p.features[col.name]);
    if (p.label !== undefined && p.label !== null && p.status < 400) this.score(p.prediction, p.label);
  }

  private score(prediction: Json, label: Json): void {
    const predicted = toClass(prediction, this.options.threshold ?? 0.5);
    const actual = toClass(label, 0.5);
    if (predicted === undefined || actual === undefined) return;
    if (predicted && actual) this.confusion.tp++;
    else if (predicted) this.confusion.fp++;
    else if (actual) this.confusion.fn++;
    else this.confusion.tn++;
  }

  finish(): WindowStats {
    const { tp, fp, tn, fn } = this.confusion;
    const labelled = tp + fp + tn + fn;
    const precision = tp + fp ? tp / (tp + fp) : null;
    const recall = tp + fn ? tp / (tp + fn) : null;
    const lat = this.latencies.subarray(0, this.count).slice().sort();
    const pct = (q: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(q * lat.length) - 1))];
    const spanS = this.count > 1 ? (this.last - this.first) / 1000 : 0;
    return {
      count: this.count,
      latency: this.count ? { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), mean: lat.reduce((a, b) => a + b, 0) / lat.length } : null,
      errorRate: this.count ? this.errors / this.count : 0,
      throughput: spanS > 0 ? this.count / spanS : 0,
      labelled,
      accuracy: labelled ? (tp + tn) / labelled : null,
      precision,
      recall,
      f1: precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null,
      drift: this.options.reference ? this.drift() : null,
    };
  }

  private drift(): WindowStats['drift'] {
    const ref = this.options.reference!;
    const usable = this.columns.filter((c) => (c.kind === 'numeric' ? c.sketch.count > 0 : [...c.counts.values()].some((n) => n > 0)));
    const skipped = [...this.skipped, ...this.columns.filter((c) => !usable.includes(c)).map((c) => ({ column: c.name, reason: 'no values in this window' }))];
    if (usable.length === 0) return { share: 0, datasetDrift: false, columns: [], skipped };
    const current: DatasetProfile = { file: 'window', rows: this.count, columns: usable };
    const report: DriftReport = compareProfiles(ref, current, { config: this.options.drift, columns: usable.map((c) => c.name) });
    return {
      share: report.summary.share,
      datasetDrift: report.summary.dataset_drift,
      columns: report.columns.map((c) => ({
        column: c.column, method: c.method, statistic: c.statistic, ...(c.p_value === undefined ? {} : { p_value: c.p_value }),
        threshold: c.threshold, drifted: c.drifted, histogram: c.histogram,
      })),
      skipped: [...skipped, ...(report.skipped ?? [])],
    };
  }
}

function fold(col: ColumnSketch, v: Json | undefined): void {
  if (col.kind === 'numeric') {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) col.sketch.add(n);
    else col.missing++;
  } else if (v === null || v === undefined || v === '') col.missing++;
  else {
    const k = typeof v === 'string' ? v : JSON.stringify(v);
    col.counts.set(k, (col.counts.get(k) ?? 0) + 1);
  }
}

/** A prediction or a label as a class: booleans, 0/1, a probability against the threshold, "yes"/"no"-like strings. */
export function toClass(v: Json, threshold: number): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v >= threshold : undefined;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'churned', 'positive'].includes(s)) return true;
    if (['0', 'false', 'no', 'stayed', 'negative'].includes(s)) return false;
    const n = Number(s);
    return s !== '' && Number.isFinite(n) ? n >= threshold : undefined;
  }
  return undefined;
}
