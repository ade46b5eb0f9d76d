// The page's styles, adopted as a constructed stylesheet (the panel's CSP allows no inline <style>
// and this keeps the bundle one file). Every colour is a VS Code theme variable.

const CSS = `
html { scrollbar-gutter: stable; }
body { padding: 0 16px 24px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); background: var(--vscode-editor-background); }
h2 { font-size: 1.3em; font-weight: 600; margin: 0 0 8px; }
h3 { font-size: 1.05em; font-weight: 600; margin: 18px 0 8px; }
h4 { font-size: 1em; font-weight: 600; margin: 0 0 6px; }
vscode-tabs { margin-top: 8px; }
.content { padding-top: 12px; }
.banner { display: flex; align-items: center; gap: 12px; margin: 10px 0 0; padding: 8px 12px; border: 1px solid var(--vscode-inputValidation-errorBorder, #be1100); background: var(--vscode-inputValidation-errorBackground, rgba(190,17,0,.2)); border-radius: 3px; }
.banner p { margin: 0; flex: 1; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin: 0 0 10px; }
.toolbar.filters { gap: 4px 12px; }
.control { display: inline-flex; align-items: center; gap: 6px; }
.control vscode-single-select { width: 190px; }
.hint, .note { color: var(--vscode-descriptionForeground); }
.note { margin: 4px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; align-items: start; }
.chart-card { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, rgba(128,128,128,.35))); border-radius: 4px; padding: 8px; background: var(--vscode-editorWidget-background, transparent); min-width: 0; }
.chart-card.wide { grid-column: 1 / -1; }
.chart-card .chart-card { border: none; padding: 0; background: transparent; }
.marker-key { margin: 4px 0 0; font-size: 0.9em; }
.chart { position: relative; width: 100%; }
.chart-tools { display: flex; justify-content: flex-end; align-items: center; gap: 8px; margin-top: 4px; }
.images { display: flex; flex-wrap: wrap; gap: 12px; }
.images > .chart-card { flex: 1 1 320px; }
.images figure { margin: 0; flex: 0 1 auto; max-width: 480px; }
.images img { max-width: 100%; display: block; background: #fff; border: 1px solid var(--vscode-widget-border, rgba(128,128,128,.35)); }
.images figcaption { color: var(--vscode-descriptionForeground); margin-top: 4px; }
.empty { max-width: 640px; margin: 40px auto; padding: 24px; text-align: center; border: 1px dashed var(--vscode-widget-border, rgba(128,128,128,.5)); border-radius: 6px; }
.empty p { color: var(--vscode-descriptionForeground); }
.empty .actions { display: flex; justify-content: center; gap: 8px; margin-top: 12px; }
.table-wrap { overflow: auto; max-height: 420px; border: 1px solid var(--vscode-widget-border, rgba(128,128,128,.35)); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-widget-border, rgba(128,128,128,.2)); white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: var(--vscode-editor-font-family, monospace); }
tr.selected { outline: 1px solid var(--vscode-contrastActiveBorder, transparent); outline-offset: -1px; }
tr.selected td { background: var(--vscode-list-activeSelectionBackground, rgba(0,120,212,.3)); color: var(--vscode-list-activeSelectionForeground, inherit); }
table.compare tr.differs td, table.compare tr.differs th, tr.differs td { background: var(--vscode-diffEditor-insertedTextBackground, rgba(155,185,85,.2)); font-weight: 600; }
table.only-diff tr.same { display: none; }
.status.failed, .status.killed { color: var(--vscode-errorForeground); }
.status.running { color: var(--vscode-charts-blue); }
.verdict { padding: 6px 10px; border-left: 3px solid; }
.verdict.bad { border-color: var(--vscode-charts-red); }
.verdict.ok { border-color: var(--vscode-charts-green); }
.problems { color: var(--vscode-errorForeground); margin: 4px 0; padding-left: 18px; }
.alerts { padding-left: 18px; }
.alerts li { margin: 4px 0; }
.alerts li.open strong { color: var(--vscode-errorForeground); }
.note-card { display: flex; align-items: center; min-height: 80px; }
`;

export function adoptStyles(doc: Document = document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
