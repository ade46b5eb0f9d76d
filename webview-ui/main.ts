// The dashboard webview's entry (bundled to dist/webview.js as one IIFE). It talks to the extension
// only through the typed messages of src/shared/webview-protocol.ts; see README.md in this folder
// for what this code may import.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type { ChartProbe } from '../src/shared/webview-protocol';
import { App, type VsCodeApi } from './app';
import { adoptStyles } from './style';

declare function acquireVsCodeApi(): VsCodeApi;

adoptStyles();
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const app = new App(root, acquireVsCodeApi());
(globalThis as { ponteCharts?: () => ChartProbe[] }).ponteCharts = () => app.charts.probe();
window.addEventListener('message', (e) => app.handle(e.data));
// VS Code swaps the body's theme class and variables when the theme changes
new MutationObserver(() => app.charts.restyle()).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
app.render();
app.api.postMessage({ type: 'ready' });
