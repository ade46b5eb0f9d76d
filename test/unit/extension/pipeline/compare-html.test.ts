import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns } from '../../../../src/core/pipeline/compare-runs';
import { comparisonHtml } from '../../../../src/extension/pipeline/compare-html';
import { fakeRun } from './fake-runs';

test('side by side: differing rows highlighted, best metric bold, equal params folded, strict CSP', () => {
  const a = fakeRun(1, { params: { 'train.C': 1, seed: 0 }, metrics: { accuracy: 0.8, f1: 0.7 } });
  const b = fakeRun(2, { params: { 'train.C': 0.3, seed: 0 }, metrics: { accuracy: 0.85, f1: 0.7 } });
  const cmp = compareRuns([a, b]);
  assert.deepEqual(cmp.params.map((p) => [p.key, p.differs]), [['seed', false], ['train.C', true]]);
  const html = comparisonHtml(cmp, { nonce: 'N0NCE', cspSource: 'vscode-resource:' });
  assert.match(html, /content="default-src 'none'; style-src 'nonce-N0NCE'; script-src 'nonce-N0NCE';"/);
  assert.match(html, /<tr class="differs"><th scope="row">accuracy<\/th><td>0.8<\/td><td class="best">0.85<\/td><\/tr>/);
  assert.match(html, /<tr class="same"><th scope="row">f1<\/th>/);
  assert.match(html, /Params that differ \(1\)[\s\S]*train\.C[\s\S]*Params that are the same \(1\)[\s\S]*seed/);
  assert.ok(!/<script(?! nonce="N0NCE")/.test(html), 'every script carries the nonce');
});

test('values are escaped', () => {
  const html = comparisonHtml(compareRuns([fakeRun(1, { params: { x: '<img src=x onerror=alert(1)>' } }), fakeRun(2)]), { nonce: 'n', cspSource: '' });
  assert.ok(!html.includes('<img'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});
