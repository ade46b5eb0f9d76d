// The panel page (src/extension/webview/html.ts): a CSP that allows nothing by default, scripts
// only with the nonce, styles and fonts from the extension's origin, images from data: and the
// extension; the one script is dist/webview.js with the nonce; text is escaped.
import './fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, escapeHtml, panelHtml } from '../../../src/extension/webview/html';
import { restoredState } from '../../../src/extension/webview/host';

const o = { title: 'Ponte <Dashboard>', nonce: 'abc123+/=', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js' };

test('the CSP denies by default and allows the nonce and the extension origin only', () => {
  const csp = contentSecurityPolicy(o);
  const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'nonce-abc123+/='"]);
  assert.deepEqual(directives['style-src'], [o.cspSource, "'nonce-abc123+/='"]);
  assert.deepEqual(directives['img-src'], ['data:', o.cspSource]);
  assert.doesNotMatch(csp, /unsafe|\*/);
});

test('the page loads one script, with the nonce, and no inline code', () => {
  const html = panelHtml(o);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="abc123\+\/="/);
  assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
  assert.equal(scripts[0][2], '');
  assert.match(html, /<title>Ponte &lt;Dashboard&gt;<\/title>/);
  assert.doesNotMatch(html, /<link/);
  assert.match(panelHtml({ ...o, styleUri: 'https://x/dist/webview.css' }), /<link rel="stylesheet" href="https:\/\/x\/dist\/webview\.css">/);
});

test('escapeHtml escapes the five characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('a restored panel starts from the state its page saved, when it is one of its kind', () => {
  assert.deepEqual(restoredState('dashboard', { panel: 'dashboard', tab: 'drift', runs: ['a'] }), { panel: 'dashboard', tab: 'drift', runs: ['a'] });
  assert.deepEqual(restoredState('dashboard', { panel: 'compare', runs: ['a'] }), { panel: 'dashboard' });
  assert.deepEqual(restoredState('dashboard', { panel: 'dashboard', tab: 'bogus' }), { panel: 'dashboard' });
  assert.deepEqual(restoredState('compare', { ids: ['r1', 'r2'] }), { panel: 'compare', runs: ['r1', 'r2'] });
  assert.deepEqual(restoredState('drift', undefined), { panel: 'drift' });
});
