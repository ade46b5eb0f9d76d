// The loop `npm run example` runs, as data (the summary JSON it writes) and as a self-contained
// HTML page: each step's result, the monitoring windows with their drift share and accuracy, the
// alerts and where they arrived, the model versions before and after the retrain. Every value
// from the run is escaped; the page loads nothing (no script, no remote resource).

export interface LoopStep {
  step: string;
  status: 'ok' | 'failed' | 'skipped';
  seconds: number;
  detail: string;
  /** Where to see the result. */
  see?: string;
}

export interface LoopWindow {
  seq: number;
  count: number;
  /** The traffic phase the window's predictions came from. */
  phase: string;
  modelVersion: number | null;
  driftShare: number | null;
  datasetDrift: boolean | null;
  drifted: string[];
  labelled: number;
  accuracy: number | null;
  p95Ms: number | null;
}

export interface LoopAlert {
  id: string;
  rule: string | null;
  message: string;
  status: string;
  firedAt: string;
  windowSeq: number | null;
  /** Seen on the backend's event stream (what the editor listens to). */
  onEventStream: boolean;
  /** Deliveries the local webhook sink received for it. */
  webhookDeliveries: number;
}

export interface LoopSummary {
  ok: boolean;
  startedAt: string;
  seconds: number;
  project: string;
  steps: LoopStep[];
  windows: LoopWindow[];
  alerts: LoopAlert[];
  drift: {
    /** The first window holding drifted traffic. */
    injectedAtWindow: number | null;
    alertAtWindow: number | null;
    withinOneWindow: boolean | null;
    /** Windows of undrifted traffic judged drifted (each would fire the alert). */
    falseAlarms: number;
    undriftedWindows: number;
    /** Windows served by the retrained model judged drifted (an alert still open would not fire again, so windows are counted). */
    afterRetrain: number;
    /** The drift alert's status at the end: resolved after good windows. */
    alertStatus: string | null;
  };
  accuracy: { undrifted: number | null; before: number | null; after: number | null };
  versions: { before: number | null; after: number | null; all: { version: number; aliases: string[]; metrics: Record<string, number> }[] };
  retrain: { ok: boolean; modelVersion?: number; failedStep?: string; reason?: string; steps: { step: string; status: string; detail?: string }[] } | null;
  webhook: { url: string; received: number };
  audit: { entries: number; actions: Record<string, number> };
  where: Record<string, string>;
}

const esc = (v: string | number | boolean | null | undefined) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fixed = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

/** Drift share and accuracy per window as an SVG line chart, the alert and the redeploy marked. */
function chart(s: LoopSummary): string {
  const ws = s.windows;
  if (ws.length === 0) return '<p>No window closed.</p>';
  const W = 720;
  const H = 220;
  const pad = 36;
  const x = (i: number) => pad + (ws.length === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (ws.length - 1));
  const y = (v: number) => H - pad - v * (H - 2 * pad);
  const line = (pick: (w: LoopWindow) => number | null, cls: string) => {
    const pts = ws.flatMap((w, i) => (pick(w) === null ? [] : [`${x(i).toFixed(1)},${y(pick(w)!).toFixed(1)}`]));
    return pts.length ? `<polyline class="${cls}" points="${pts.join(' ')}"/>` : '';
  };
  const marks: string[] = [];
  ws.forEach((w, i) => {
    if (i > 0 && w.modelVersion !== ws[i - 1].modelVersion) marks.push(`<line class="deploy" x1="${x(i - 0.5)}" x2="${x(i - 0.5)}" y1="${pad}" y2="${H - pad}"/><text x="${x(i - 0.5) + 4}" y="${pad + 10}">v${esc(w.modelVersion)} deployed</text>`);
    if (s.alerts.some((a) => a.windowSeq === w.seq)) marks.push(`<circle class="alert" cx="${x(i)}" cy="${y(w.driftShare ?? 0)}" r="6"/><text x="${x(i) + 8}" y="${y(w.driftShare ?? 0) - 8}">alert</text>`);
  });
  const ticks = ws.map((w, i) => `<text x="${x(i)}" y="${H - pad + 16}" text-anchor="middle">${esc(w.seq)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="drift share and accuracy per window">
<line class="axis" x1="${pad}" x2="${W - pad}" y1="${y(0)}" y2="${y(0)}"/><line class="axis" x1="${pad}" x2="${pad}" y1="${y(0)}" y2="${y(1)}"/>
<text x="4" y="${y(1) + 4}">1</text><text x="4" y="${y(0) + 4}">0</text>${ticks}
${line((w) => w.driftShare, 'share')}${line((w) => w.accuracy, 'accuracy')}${marks.join('')}
</svg>
<p class="legend"><span class="share"></span>drift share <span class="accuracy"></span>accuracy (from labels) · x: window</p>`;
}

export function renderLoopReport(s: LoopSummary): string {
  const steps = s.steps
    .map((st) => `<tr class="${esc(st.status)}"><td>${esc(st.step)}</td><td>${esc(st.status)}</td><td>${fixed(st.seconds, 1)} s</td><td>${esc(st.detail)}</td><td>${esc(st.see ?? '')}</td></tr>`)
    .join('\n');
  const windows = s.windows
    .map((w) => `<tr><td>${esc(w.seq)}</td><td>${esc(w.phase)}</td><td>${esc(w.modelVersion ?? '–')}</td><td>${esc(w.count)}</td><td>${fixed(w.driftShare)}</td><td>${w.datasetDrift ? 'drift' : w.datasetDrift === false ? 'ok' : '–'}</td><td>${esc(w.drifted.join(', '))}</td><td>${esc(w.labelled)}</td><td>${fixed(w.accuracy)}</td><td>${fixed(w.p95Ms, 1)}</td></tr>`)
    .join('\n');
  const alerts = s.alerts.length
    ? s.alerts.map((a) => `<tr><td>${esc(a.rule)}</td><td>${esc(a.windowSeq ?? '–')}</td><td>${esc(a.message)}</td><td>${esc(a.status)}</td><td>${a.onEventStream ? 'yes' : 'no'}</td><td>${esc(a.webhookDeliveries)}</td></tr>`).join('\n')
    : '<tr><td colspan="6">none</td></tr>';
  const retrain = s.retrain
    ? `<p>${s.retrain.ok ? `New model version ${esc(s.retrain.modelVersion ?? '?')} deployed.` : `Failed at ${esc(s.retrain.failedStep ?? '?')}: ${esc(s.retrain.reason ?? '')}`}</p>
<ol>${s.retrain.steps.map((st) => `<li>${esc(st.step)}: ${esc(st.status)}${st.detail ? ` (${esc(st.detail)})` : ''}</li>`).join('')}</ol>`
    : '<p>Not run.</p>';
  const where = Object.entries(s.where).map(([k, v]) => `<li>${esc(k)}: <code>${esc(v)}</code></li>`).join('');
  const d = s.drift;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ponte: the loop on ${esc(s.project)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
tr.failed td{background:#fdd}tr.skipped td{color:#888}.big{font-size:1.3em}
svg text{font-size:11px;fill:#444}.axis{stroke:#999}.share{fill:none;stroke:#d62728;stroke-width:2}.accuracy{fill:none;stroke:#1f77b4;stroke-width:2}
.deploy{stroke:#2ca02c;stroke-dasharray:4 3}.alert{fill:#d62728}
.legend span{display:inline-block;width:14px;height:3px;margin:0 4px 3px 10px}.legend span.share{background:#d62728}.legend span.accuracy{background:#1f77b4}
</style></head><body>
<h1>The loop on ${esc(s.project)}: ${s.ok ? 'closed' : 'not closed'}</h1>
<p class="big">Accuracy on drifted traffic, from its labels: before the retrain ${fixed(s.accuracy.before)}, after ${fixed(s.accuracy.after)} (undrifted: ${fixed(s.accuracy.undrifted)}).
Model version ${esc(s.versions.before ?? '–')} → ${esc(s.versions.after ?? '–')}.</p>
<p>Drift injected in window ${esc(d.injectedAtWindow ?? '–')}; the drift alert fired at window ${esc(d.alertAtWindow ?? '–')}${d.withinOneWindow === null ? '' : d.withinOneWindow ? ' (within one window)' : ' (late)'}.
False alarms on ${esc(d.undriftedWindows)} undrifted windows: ${esc(d.falseAlarms)}. Windows judged drifted after the retrain: ${esc(d.afterRetrain)}; the alert is ${esc(d.alertStatus ?? '–')}.
Webhook sink (${esc(s.webhook.url)}): ${esc(s.webhook.received)} deliveries. Audit log: ${esc(s.audit.entries)} entries.</p>
<h2>Drift share and accuracy per window</h2>
${chart(s)}
<h2>Steps</h2>
<table><tr><th>step</th><th>result</th><th>time</th><th>detail</th><th>where to see it</th></tr>
${steps}
</table>
<h2>Windows</h2>
<table><tr><th>window</th><th>traffic</th><th>model</th><th>predictions</th><th>drift share</th><th>verdict</th><th>drifted features</th><th>labels</th><th>accuracy</th><th>p95 ms</th></tr>
${windows}
</table>
<h2>Alerts</h2>
<table><tr><th>rule</th><th>window</th><th>message</th><th>status</th><th>event stream</th><th>webhook</th></tr>
${alerts}
</table>
<h2>Retrain</h2>
${retrain}
<h2>Model versions</h2>
<table><tr><th>version</th><th>aliases</th><th>metrics</th></tr>
${s.versions.all.map((v) => `<tr><td>${esc(v.version)}</td><td>${esc(v.aliases.join(', '))}</td><td>${esc(Object.entries(v.metrics).map(([k, m]) => `${k} ${fixed(m)}`).join(', '))}</td></tr>`).join('\n')}
</table>
<h2>Where to look</h2>
<ul>${where}</ul>
<p>Started ${esc(s.startedAt)}, ${fixed(s.seconds, 0)} s in all.</p>
</body></html>
`;
}
