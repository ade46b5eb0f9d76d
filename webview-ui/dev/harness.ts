// Drives the harness page (index.html) in Debian's Chromium through playwright-core: the theme set
// the way VS Code sets it (a body class and --vscode-* variables on <html>), messages posted as the
// extension posts them, ponteCharts() read back. Used by bench/dashboard.bench.ts, and run directly
// it screenshots every tab in light and dark: npx tsx webview-ui/dev/harness.ts [out-dir]
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DASHBOARD_TABS, type ChartProbe, type DashboardData } from '../../src/shared/webview-protocol';
import { fixtureData } from './fixtures';

export type ThemeName = 'light' | 'dark' | 'high-contrast';

// A subset of VS Code's Light Modern, Dark Modern and High Contrast colours: what the page reads.
const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', errorForeground: '#f85149',
      'charts-foreground': '#cccccc', 'charts-lines': 'rgba(204, 204, 204, 0.25)', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff',
      'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'widget-border': '#313131', 'editorWidget-background': '#202020', 'panel-border': '#2b2b2b', focusBorder: '#0078d4',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c', 'button-border': '#ffffff12',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
      'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.2)',
      'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc', 'dropdown-listBackground': '#1f1f1f',
      'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc',
      'panelTitle-activeBorder': '#0078d4', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d', 'settings-headerBorder': '#2b2b2b', 'panel-background': '#181818',
      'settings-dropdownBackground': '#313131', 'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownListBorder': '#454545',
      'settings-checkboxBackground': '#313131', 'settings-checkboxBorder': '#3c3c3c', 'settings-checkboxForeground': '#cccccc', 'widget-shadow': 'rgba(0, 0, 0, 0.36)', 'list-focusOutline': '#0078d4',
      'list-hoverBackground': '#2a2d2e', 'list-activeSelectionIconForeground': '#ffffff',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#616161', errorForeground: '#e51400',
      'charts-foreground': '#616161', 'charts-lines': 'rgba(97, 97, 97, 0.25)', 'charts-red': '#e51400', 'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
      'widget-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'panel-border': '#e5e5e5', focusBorder: '#005fb8',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc', 'button-border': '#0000001a',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
      'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.25)',
      'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b', 'dropdown-listBackground': '#ffffff',
      'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b',
      'panelTitle-activeBorder': '#005fb8', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b', 'settings-headerBorder': '#e5e5e5', 'panel-background': '#f8f8f8',
      'settings-dropdownBackground': '#ffffff', 'settings-dropdownBorder': '#cecece', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownListBorder': '#c8c8c8',
      'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxBorder': '#cecece', 'settings-checkboxForeground': '#3b3b3b', 'widget-shadow': 'rgba(0, 0, 0, 0.16)', 'list-focusOutline': '#005fb8',
      'list-hoverBackground': '#f2f2f2', 'list-activeSelectionIconForeground': '#000000',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', errorForeground: '#f48771',
      'charts-foreground': '#ffffff', 'charts-lines': 'rgba(255, 255, 255, 0.5)', 'charts-red': '#f48771', 'charts-blue': '#3794ff',
      'charts-yellow': '#ffd700', 'charts-orange': '#ff8c00', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'widget-border': '#6fc3df', 'editorWidget-background': '#0c141f', 'panel-border': '#6fc3df', focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df',
      'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#f48771',
      'list-activeSelectionBackground': '#000000', 'list-activeSelectionForeground': '#ffffff', 'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.3)',
      'dropdown-background': '#000000', 'dropdown-border': '#6fc3df', 'dropdown-foreground': '#ffffff', 'dropdown-listBackground': '#000000',
      'checkbox-background': '#000000', 'checkbox-border': '#6fc3df', 'checkbox-foreground': '#ffffff',
      'settings-dropdownBackground': '#000000', 'settings-dropdownBorder': '#6fc3df', 'settings-dropdownForeground': '#ffffff', 'settings-dropdownListBorder': '#6fc3df',
      'settings-checkboxBackground': '#000000', 'settings-checkboxBorder': '#6fc3df', 'settings-checkboxForeground': '#ffffff', 'list-focusOutline': '#f38518',
      'panelTitle-activeBorder': '#f38518', 'panelTitle-activeForeground': '#ffffff', 'panelTitle-inactiveForeground': '#ffffff', 'settings-headerBorder': '#6fc3df', 'panel-background': '#000000',
    },
  },
};
const FONT = { 'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'font-weight': 'normal', 'editor-font-family': 'monospace' };

/**
 * The browser globals that code passed to page.evaluate() touches, as types only: the root
 * tsconfig (which checks this file through bench/) has no DOM library, so that code takes them
 * from globalThis cast to PageGlobals, inside the callback, where it runs: in the page.
 */
export interface PageGlobals {
  document: {
    body: { className: string; append(el: unknown): void };
    documentElement: { style: { setProperty(name: string, value: string): void } };
    createElement(tag: 'canvas'): PageCanvas;
  };
  window: { postMessage(message: unknown, origin: string): void; __cspViolations: string[] };
  performance: { now(): number };
  devicePixelRatio: number;
  requestAnimationFrame(callback: () => void): number;
  setTimeout(callback: () => void, ms: number): number;
  dispatchEvent(event: unknown): boolean;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  ponteCharts(): ChartProbe[];
  /** Data a bench stored in the page, so its transfer is not measured. */
  __benchData?: unknown;
}
export interface PageCanvas {
  width: number;
  height: number;
  remove(): void;
  getContext(kind: '2d'): { beginPath(): void; moveTo(x: number, y: number): void; lineTo(x: number, y: number): void; stroke(): void };
}

export const CHROMIUM = process.env.PONTE_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');

export interface Harness {
  browser: Browser;
  page: Page;
  /** A message as the extension posts it (or a malformed one, to test the page's guard). */
  post(message: unknown): Promise<void>;
  charts(): Promise<ChartProbe[]>;
  setTheme(theme: ThemeName): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(options: { theme?: ThemeName; width?: number; height?: number } = {}): Promise<Harness> {
  if (!existsSync(join(ROOT, 'dist/webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(join(ROOT, 'webview-ui/dev/index.html')).href);
  await page.waitForFunction(() => typeof (globalThis as { ponteCharts?: unknown }).ponteCharts === 'function');
  const setTheme = async (theme: ThemeName) => {
    const t = THEMES[theme];
    await page.evaluate(({ bodyClass, vars }) => {
      const { document } = globalThis as unknown as PageGlobals;
      document.body.className = bodyClass;
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
    }, { bodyClass: t.bodyClass, vars: { ...t.vars, ...FONT } });
  };
  await setTheme(options.theme ?? 'dark');
  return {
    browser,
    page,
    post: async (message) => {
      await page.evaluate((m) => (globalThis as unknown as PageGlobals).window.postMessage(m, '*'), message as object);
      // postMessage is delivered as a task: wait for it, then for a frame
      await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return new Promise<void>((r) => g.setTimeout(() => g.requestAnimationFrame(r), 0));
      });
      if (errors.length) throw new Error(`the page threw: ${errors.join('\n')}`);
    },
    charts: () => page.evaluate(() => (globalThis as unknown as PageGlobals).ponteCharts()),
    setTheme,
    close: () => browser.close(),
  };
}

/** Every tab, and the empty and backend-down states, in light and dark: PNGs in `out`. */
export async function screenshots(out: string, data: DashboardData = fixtureData()): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
    const hx = await openHarness({ theme });
    try {
      const selected = data.runs.slice(-3).map((r) => r.id);
      await hx.post({ type: 'init', state: { panel: 'dashboard', tab: 'experiments', runs: selected } });
      await hx.post({ type: 'data', data });
      for (const tab of theme === 'high-contrast' ? (['experiments', 'monitoring'] as const) : DASHBOARD_TABS) {
        await hx.page.click(`[data-tab=${tab}]`);
        await hx.page.evaluate(() => new Promise<void>((r) => (globalThis as unknown as PageGlobals).requestAnimationFrame(r)));
        const file = join(out, `${theme}-${tab}.png`);
        await hx.page.screenshot({ path: file, fullPage: true });
        written.push(file);
      }
      if (theme !== 'high-contrast') {
        await hx.page.click('[data-tab=monitoring]');
        await hx.post({ type: 'connection', status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:7862' });
        written.push(join(out, `${theme}-backend-down.png`));
        await hx.page.screenshot({ path: written[written.length - 1] });
        await hx.post({ type: 'connection', status: 'ok' });
        await hx.post({ type: 'data', data: { backend: data.backend, runs: [], histories: [], plots: [], windows: [], driftReports: [], alerts: [], deployments: [], events: [], datasets: [] } });
        for (const tab of ['experiments', 'drift'] as const) {
          await hx.page.click(`[data-tab=${tab}]`);
          written.push(join(out, `${theme}-empty-${tab}.png`));
          await hx.page.screenshot({ path: written[written.length - 1] });
        }
      }
      const violations = await hx.page.evaluate(() => (globalThis as unknown as PageGlobals).window.__cspViolations);
      if (violations.length) throw new Error(`the page broke the panel's CSP: ${violations.join(', ')}`);
    } finally {
      await hx.close();
    }
  }
  return written;
}

if (require.main === module) {
  screenshots(resolve(process.argv[2] ?? 'test-results/dashboard')).then(
    (files) => console.log(files.join('\n')),
    (e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); },
  );
}
