// Issue 3 in a real VS Code (code-server + Chromium): a person right-clicks a CSV in the
// Explorer, picks "Track with Ponte", sees it in the Datasets view, edits the file, and sees the
// row marked modified. Screenshots: test-results/data-*.png.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { repoRoot } from './lib/paths.js';
import { openSession, type Session } from './lib/session.js';
import type { TreeRow } from './lib/workbench.js';

const FILE = 'data/extra.csv';

describe('Ponte data versioning in code-server', { timeout: 300_000 }, () => {
  let session: Session;
  before(async () => {
    session = await openSession({ name: 'data', extraFiles: { [FILE]: join(repoRoot, 'test/fixtures/data/e2e/extra.csv') } });
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  /** Re-reads the Datasets rows until one matches (bounded: 40 tries, a second apart). */
  async function waitForRow(match: (r: TreeRow) => boolean, what: string): Promise<TreeRow> {
    let rows: TreeRow[] = [];
    for (let i = 0; i < 40; i++) {
      rows = await session.workbench.treeRows('Datasets');
      const row = rows.find(match);
      if (row) return row;
      await session.workbench.page.waitForTimeout(1000);
    }
    assert.fail(`no Datasets row ${what} in ${JSON.stringify(rows)}`);
  }

  test('Track with Ponte from the Explorer context menu writes the .dvc file', async () => {
    const wb = session.workbench;
    const page = wb.page;
    await wb.runCommand('View: Show Explorer');
    const rows = page.locator('.explorer-folders-view .monaco-list-row');
    const dataFolder = rows.filter({ has: page.locator('.label-name', { hasText: /^data$/ }) }).first();
    await dataFolder.waitFor({ timeout: 15_000 });
    if ((await dataFolder.getAttribute('aria-expanded')) !== 'true') await dataFolder.click();
    const csv = rows.filter({ has: page.locator('.label-name', { hasText: /^extra\.csv$/ }) }).first();
    await csv.waitFor({ timeout: 15_000 });
    await csv.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'Track with Ponte' }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    await wb.notifications(/Ponte: tracking data\/extra\.csv/);
    const dvcFile = join(session.workspace, `${FILE}.dvc`);
    assert.ok(existsSync(dvcFile), 'the .dvc file was written');
    const size = statSync(join(session.workspace, FILE)).size;
    assert.match(readFileSync(dvcFile, 'utf8'), new RegExp(`^outs:\\n- md5: [0-9a-f]{32}\\n  size: ${size}\\n  hash: md5\\n  path: extra\\.csv\\n$`));
    assert.equal(readFileSync(join(session.workspace, 'data', '.gitignore'), 'utf8').includes('/extra.csv'), true);
  });

  test('the Datasets view lists it, and marks it modified once the file changes', async () => {
    const wb = session.workbench;
    await wb.openViewContainer('Ponte');
    const row = await waitForRow((r) => r.label === FILE, `for ${FILE}`);
    assert.doesNotMatch(row.description, /modified/);
    appendFileSync(join(session.workspace, FILE), 'c3,27,basic\n');
    await waitForRow((r) => r.label === FILE && /modified/.test(r.description), `for ${FILE} marked modified`);
  });
});
