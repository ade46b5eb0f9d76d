// The one page every Ponte panel loads: dist/webview.js (one bundle for all panel kinds, which
// chooses its view from the `init` message) under a strict Content-Security-Policy: nothing by
// default, scripts only with this load's nonce, styles and fonts from the extension's dist/,
// images from data: URIs and dist/. The page gets no data here: it posts `ready`, then the host
// sends `init` and the data.

export interface PanelHtmlOptions {
  title: string;
  /** A fresh random value per load. */
  nonce: string;
  /** `webview.cspSource`: the origin asWebviewUri gives. */
  cspSource: string;
  /** asWebviewUri of dist/webview.js, and of dist/webview.css when the bundle has one. */
  scriptUri: string;
  styleUri?: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escape function for text put into a panel's HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

export function contentSecurityPolicy(o: Pick<PanelHtmlOptions, 'nonce' | 'cspSource'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    // chart.js and the elements set styles from script; the sheet itself comes from dist/
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src data: ${o.cspSource}`,
  ].join('; ');
}

export function panelHtml(o: PanelHtmlOptions): string {
  const a = (s: string) => escapeHtml(s);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${a(o.title)}</title>
${o.styleUri ? `<link rel="stylesheet" href="${a(o.styleUri)}">` : ''}
</head>
<body>
<div id="root" data-loading="true"></div>
<script nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body></html>`;
}
