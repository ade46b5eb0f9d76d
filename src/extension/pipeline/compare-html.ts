// The Compare Runs page: params and metrics of the runs side by side, rows whose values differ
// highlighted, equal params folded away behind a <details>. Static HTML under a strict CSP (a
// nonce for its one style and its one script, which only remembers the run ids for a restore).
import type { ComparisonRow, RunComparison } from '../../core/pipeline/compare-runs';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

function cell(v: unknown): string {
  if (v === undefined) return '<td class="none">–</td>';
  // a nested param (a list or a mapping) as JSON, not "[object Object]"
  const text = typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(6))) : typeof v === 'string' ? v : JSON.stringify(v);
  return `<td>${escapeHtml(text)}</td>`;
}

function bestIndex(row: ComparisonRow): number {
  // For a metric, mark the highest value: most gated metrics (accuracy, f1, auc) are better high.
  let best = -1;
  row.values.forEach((v, i) => {
    if (typeof v === 'number' && (best < 0 || v > (row.values[best] as number))) best = i;
  });
  return best;
}

function rows(list: ComparisonRow[], prefix: string, markBest: boolean): string {
  return list
    .map((r) => {
      const best = markBest && r.differs ? bestIndex(r) : -1;
      const cells = r.values.map((v, i) => (i === best ? cell(v).replace('<td>', '<td class="best">') : cell(v))).join('');
      return `<tr class="${r.differs ? 'differs' : 'same'}"><th scope="row">${escapeHtml(prefix + r.key)}</th>${cells}</tr>`;
    })
    .join('\n');
}

export interface CompareHtmlOptions {
  nonce: string;
  cspSource: string;
}

export function comparisonHtml(cmp: RunComparison, options: CompareHtmlOptions): string {
  const { nonce } = options;
  const head = cmp.runs.map((r) => `<th scope="col" title="${escapeHtml(r.id)}">${escapeHtml(r.id.slice(0, 8))}<br><span class="sub">${escapeHtml(r.createdAt.replace('T', ' ').slice(0, 16))} · ${escapeHtml(r.status)}</span></th>`).join('');
  const differing = cmp.params.filter((p) => p.differs);
  const equal = cmp.params.filter((p) => !p.differs);
  const state = JSON.stringify({ ids: cmp.runs.map((r) => r.id) }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compare Runs</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 12px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--vscode-editorWidget-border, #8884); text-align: left; font-variant-numeric: tabular-nums; }
thead th { position: sticky; top: 0; background: var(--vscode-editor-background); }
tr.differs { background: var(--vscode-diffEditor-insertedLineBackground, #9b62); }
td.best { font-weight: bold; }
td.none { opacity: .5; }
.sub { font-weight: normal; opacity: .7; font-size: 90%; }
h2 { font-size: 1.1em; margin-top: 1.2em; }
</style></head>
<body>
<h1>Compare Runs</h1>
<p>${cmp.runs.length} runs. Highlighted rows differ between runs; the best value of a differing metric is bold.</p>
<h2>Metrics</h2>
<table id="metrics"><thead><tr><th></th>${head}</tr></thead><tbody>
${rows(cmp.metrics, '', true) || '<tr><td>no metrics recorded</td></tr>'}
</tbody></table>
<h2>Params that differ (${differing.length})</h2>
<table id="params"><thead><tr><th></th>${head}</tr></thead><tbody>
${rows(differing, '', false) || '<tr><td>every param is the same</td></tr>'}
</tbody></table>
<details><summary>Params that are the same (${equal.length})</summary>
<table id="same-params"><tbody>
${rows(equal, '', false)}
</tbody></table></details>
<script nonce="${nonce}">acquireVsCodeApi().setState(${state});</script>
</body></html>`;
}
