// Issue 6 in a real VS Code (code-server + Chromium): a person selects a reference and a current
// CSV in the Explorer, right-clicks, picks "Compare Datasets for Drift", and reads the report:
// drifted columns first, with statistic and threshold. Screenshots: test-results/drift-*.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { repoRoot } from './lib/paths.js';
import { openSession, type Session } from './lib/session.js';

describe('Ponte drift in code-server', { timeout: 300_000 }, () => {
  let session: Session;
  before(async () => {
    session = await openSession({
      name: 'drift',
      extraFiles: {
        'drift-check/a-reference.csv': join(repoRoot, 'test/fixtures/drift/reference.csv'),
        'drift-check/b-current.csv': join(repoRoot, 'test/fixtures/drift/current.csv'),
      },
    });
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  test('two CSVs selected in the Explorer compare from the context menu', async () => {
    const wb = session.workbench;
    const page = wb.page;
    await wb.runCommand('View: Show Explorer');
    const rows = page.locator('.explorer-folders-view .monaco-list-row');
    const folder = rows.filter({ has: page.locator('.label-name', { hasText: /^drift-check$/ }) }).first();
    await folder.waitFor({ timeout: 15_000 });
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    const reference = rows.filter({ has: page.locator('.label-name', { hasText: /^a-reference\.csv$/ }) }).first();
    const current = rows.filter({ has: page.locator('.label-name', { hasText: /^b-current\.csv$/ }) }).first();
    await reference.waitFor({ timeout: 15_000 });
    const item = page.locator('.context-view .action-item', { hasText: 'Compare Datasets for Drift' }).first();
    // Extension menus join the Explorer's once the extension is registered: retry a few times.
    // Each attempt selects both files again (Escape clears the Explorer's selection).
    for (let attempt = 0; attempt < 10; attempt++) {
      await reference.click();
      await current.click({ modifiers: ['Control'] });
      await current.click({ button: 'right' });
      await page.locator('.context-view .action-item').first().waitFor({ timeout: 15_000 });
      if (await item.count()) break;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
    await item.hover();
    await item.click();
    if (await page.locator('.context-view .action-item').count()) await page.keyboard.press('Enter');
    const report = wb.webview().locator('body');
    await report.getByText('Dataset drift detected').first().waitFor({ timeout: 60_000 });
    const text = await report.innerText();
    assert.match(text, /Reference: .*a-reference\.csv \(400 rows\)/);
    assert.match(text, /Current: .*b-current\.csv \(300 rows\)/);
    // the summary table: drifted columns first, each with method, statistic and threshold;
    // the example's ponte.yaml sets monitor.drift.columns.income to psi with threshold 0.2
    const table = await wb.webview().locator('table').first().locator('tr').allInnerTexts();
    assert.match(table[0], /column\s+kind\s+method\s+statistic\s+p-value\s+threshold\s+result/);
    assert.match(table[1], /^income\s+numeric\s+psi\s+[\d.]+\s+0\.2\s+drifted$/);
    assert.match(table[table.length - 1], /^age\s+numeric\s+ks\s+.*\s+ok$/);
    assert.equal(await wb.webview().locator('svg').count(), 4, 'a histogram per column');
  });
});
