// Chart colours from the theme VS Code sets on the webview's body (`--vscode-charts-*`, the
// foreground, the font), read when a chart is drawn and again when the theme changes, so light,
// dark and high-contrast themes all read. The fallbacks are VS Code's dark defaults.

const PALETTE: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
];

export interface Theme {
  palette: string[];
  foreground: string;
  muted: string;
  grid: string;
  alert: string;
  event: string;
  font: string;
  fontSize: number;
  highContrast: boolean;
}

export function readTheme(el: HTMLElement = document.body): Theme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = el.classList.contains('vscode-high-contrast') || el.classList.contains('vscode-high-contrast-light');
  return {
    palette: PALETTE.map(([name, fallback]) => v(name, fallback)),
    foreground: v('--vscode-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    alert: v('--vscode-charts-red', '#f14c4c'),
    event: v('--vscode-charts-purple', '#b180d7'),
    font: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(v('--vscode-font-size', '13')) || 13,
    highContrast,
  };
}

/** A colour with alpha, for fills and matrix cells: works for #rgb, #rrggbb and rgb()/rgba(). */
export function withAlpha(colour: string, alpha: number): string {
  const c = colour.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].split('').map((x) => x + x).join('') : hex[1];
    return `rgba(${parseInt(h.slice(0, 2), 16)}, ${parseInt(h.slice(2, 4), 16)}, ${parseInt(h.slice(4, 6), 16)}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(c);
  return rgb ? `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})` : c;
}
