// The standalone HTML drift report: one file, inline CSS and inline SVG histograms, no script
// and no remote resource, so it opens offline and can be attached to a CI run as is.
import type { ColumnDrift, DriftReport } from './report';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatStat(x: number | undefined): string {
  if (x === undefined) return '';
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

const W = 360;
const H = 120;

/** Reference and current shares side by side per bin, as an inline SVG. */
function histogramSvg(col: ColumnDrift): string {
  const h = col.histogram;
  const n = h.reference.length;
  if (n === 0) return '';
  const tr = h.reference.reduce((s, x) => s + x, 0) || 1;
  const tc = h.current.reduce((s, x) => s + x, 0) || 1;
  const shares = h.reference.map((r, i) => [r / tr, h.current[i] / tc]);
  const max = Math.max(...shares.flat(), 1e-12);
  const bw = W / n;
  const bars = shares
    .map(([r, c], i) => {
      const x = i * bw;
      const hr = (r / max) * (H - 14);
      const hc = (c / max) * (H - 14);
      const label = h.kind === 'categorical' ? h.categories[i] : `${formatStat(h.edges[i])} – ${formatStat(h.edges[i + 1])}`;
      return (
        `<rect class="r" x="${(x + bw * 0.05).toFixed(2)}" y="${(H - hr).toFixed(2)}" width="${(bw * 0.45).toFixed(2)}" height="${hr.toFixed(2)}"><title>${esc(label)}: reference ${(r * 100).toFixed(2)}%</title></rect>` +
        `<rect class="c" x="${(x + bw * 0.5).toFixed(2)}" y="${(H - hc).toFixed(2)}" width="${(bw * 0.45).toFixed(2)}" height="${hc.toFixed(2)}"><title>${esc(label)}: current ${(c * 100).toFixed(2)}%</title></rect>`
      );
    })
    .join('');
  const axis =
    h.kind === 'numeric'
      ? `<text x="0" y="${H + 12}">${esc(formatStat(h.edges[0]))}</text><text x="${W}" y="${H + 12}" text-anchor="end">${esc(formatStat(h.edges[h.edges.length - 1]))}</text>`
      : '';
  return `<svg viewBox="0 -2 ${W} ${H + 16}" width="${W}" height="${H + 16}" role="img" aria-label="histogram of ${esc(col.column)}">${bars}${axis}</svg>`;
}

function summaryRows(col: ColumnDrift): string {
  const keys = Object.keys(col.reference) as (keyof typeof col.reference)[];
  return keys
    .map((k) => {
      const r = col.reference[k] as number | string;
      const c = col.current[k] as number | string;
      const f = (v: number | string) => (typeof v === 'number' ? formatStat(v) : esc(v));
      return `<tr><th>${esc(String(k))}</th><td>${f(r)}</td><td>${f(c)}</td></tr>`;
    })
    .join('');
}

export interface DriftHtmlOptions {
  title?: string;
  /** For a VS Code webview: the style element carries this nonce and the CSP allows only it. */
  nonce?: string;
}

export function renderDriftHtml(report: DriftReport, options: DriftHtmlOptions = {}): string {
  const title = options.title ?? 'Ponte drift report';
  const styleSrc = options.nonce ? `'nonce-${options.nonce}'` : "'unsafe-inline'";
  const s = report.summary;
  const rows = report.columns
    .map(
      (c) =>
        `<tr class="${c.drifted ? 'drift' : ''}"><td><a href="#col-${esc(c.column)}">${esc(c.column)}</a></td><td>${c.kind}</td><td>${c.method}</td><td>${formatStat(c.statistic)}</td><td>${formatStat(c.p_value)}</td><td>${formatStat(c.threshold)}</td><td>${c.drifted ? 'drifted' : 'ok'}</td></tr>`,
    )
    .join('\n');
  const sections = report.columns
    .map(
      (c) => `<section id="col-${esc(c.column)}"><h2>${esc(c.column)} <small class="${c.drifted ? 'bad' : 'good'}">${c.drifted ? 'drifted' : 'no drift'}</small></h2>
<p>${c.method}: ${formatStat(c.statistic)}${c.p_value === undefined ? '' : ` (p = ${formatStat(c.p_value)})`}, threshold ${formatStat(c.threshold)}${c.error_bound === undefined ? '' : `, sketch error ≤ ${formatStat(c.error_bound)}`}</p>
<div class="col">${histogramSvg(c)}<table class="sum"><tr><th></th><th>reference</th><th>current</th></tr>${summaryRows(c)}</table></div></section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleSrc}">
<title>${esc(title)}</title>
<style${options.nonce ? ` nonce="${options.nonce}"` : ''}>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}
tr.drift td{background:#fde8e8}.bad{color:#b00}.good{color:#080}
.col{display:flex;gap:2em;align-items:flex-start}
rect.r{fill:#4a78c2}rect.c{fill:#e08a2c}svg text{font-size:10px;fill:#555}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}.legend .r{background:#4a78c2}.legend .c{background:#e08a2c}
body.vscode-dark{color:#ddd}body.vscode-dark td,body.vscode-dark th{border-color:#444}body.vscode-dark tr.drift td{background:#4a2020}
</style></head><body>
<h1>${esc(title)}</h1>
<p>Reference: ${esc(report.reference.file)} (${report.reference.rows} rows) · Current: ${esc(report.current.file)} (${report.current.rows} rows) · mode: ${report.mode}</p>
<p><strong>${s.dataset_drift ? 'Dataset drift detected' : 'No dataset drift'}</strong>: ${s.drifted} of ${s.columns} columns drifted (share ${formatStat(s.share)}, threshold ${formatStat(s.share_threshold)}).</p>
${report.skipped?.length ? `<p>Skipped: ${report.skipped.map((k) => `${esc(k.column)} (${esc(k.reason)})`).join('; ')}</p>\n` : ''}<p class="legend"><span class="r"></span>reference<span class="c"></span>current</p>
<table><tr><th>column</th><th>kind</th><th>method</th><th>statistic</th><th>p-value</th><th>threshold</th><th>result</th></tr>
${rows}
</table>
${sections}
</body></html>
`;
}
