// Chart colours from the theme VS Code sets on the webview's body (`--vscode-charts-*`, the
// foreground, the font), read when a chart is drawn and again when the theme changes, so light,
// dark and high-contrast themes all read. The fallbacks are VS Code's dark defaults.

import { withAlpha } from './colour';

export { withAlpha };

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
    // opaque: a theme may give a chart colour with alpha (Dark Modern's orange comes out brown on its background)
    palette: PALETTE.map(([name, fallback]) => withAlpha(v(name, fallback), 1)),
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
