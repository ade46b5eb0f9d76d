// The standalone HTML report: escapes what the data says, carries no script, and takes a nonce
// for the editor's webview CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDriftHtml, formatStat } from '../../../../src/core/drift/html';
import { tableFromRecords } from '../../../../src/core/drift/load';
import { compareTables } from '../../../../src/core/drift/report';

const evil = '<script>alert(1)</script>';
const rows = (shift: number) => Array.from({ length: 50 }, (_, i) => ({ [evil]: i + shift, plan: i % 2 ? `"><img src=x onerror=alert(1)>` : 'a' }));
const report = compareTables(tableFromRecords('ref <b>', rows(0)), tableFromRecords('cur', rows(30)));

test('data never becomes markup', () => {
  const html = renderDriftHtml(report);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /ref &lt;b&gt;/);
});

test('a nonce replaces unsafe-inline in the CSP and marks the one style element', () => {
  const html = renderDriftHtml(report, { nonce: 'abc123', title: 'T' });
  assert.match(html, /content="default-src 'none'; style-src 'nonce-abc123'"/);
  assert.match(html, /<style nonce="abc123">/);
  assert.doesNotMatch(html, /unsafe-inline/);
  assert.doesNotMatch(html, / style="/, 'no inline style attribute (the CSP would block it)');
});

test('numbers print short', () => {
  assert.equal(formatStat(0.123456789), '0.1235');
  assert.equal(formatStat(1.5e-7), '1.500e-7');
  assert.equal(formatStat(Infinity), 'Infinity');
  assert.equal(formatStat(undefined), '');
});
