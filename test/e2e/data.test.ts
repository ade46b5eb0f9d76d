// Issue 3 in a real VS Code (code-server + Chromium): a person right-clicks a CSV in the
// Explorer, picks "Track with Ponte", sees it in the Datasets view, edits the file, sees the
// row marked modified, then compares the committed version with the workspace from the
// version row's menu; the data watcher the editor runs answers `ponte data status` in a terminal
// and stops with the window. Screenshots: test-results/data-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { repoRoot } from './lib/paths.js';
import { eventually } from './lib/wait.js';
import { openSession, type Session } from './lib/session.js';
import type { TreeRow } from './lib/workbench.js';

// Not under data/: the example's .gitignore ignores that folder, and the last step commits.
const FILE = 'inputs/extra.csv';

describe('Ponte data versioning in code-server', { timeout: 300_000 }, () => {
  let session: Session;
  before(async () => {
    session = await openSession({ name: 'data', extraFiles: { [FILE]: join(repoRoot, 'test/fixtures/data/e2e/extra.csv') } });
  });
  let watcherPid = 0;
  after(async () => {
    await session?.close();
    if (watcherPid) {
      // The editor's watcher stops with the window.
      await eventually('the data watcher stopped with the window', () => {
        try {
          process.kill(watcherPid, 0);
          return false;
        } catch {
          return true;
        }
      }, 15_000);
    }
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  const waitForRow = (match: (r: TreeRow) => boolean, what: string) => session.workbench.waitForTreeRow('Datasets', match, what);

  test('Track with Ponte from the Explorer context menu writes the .dvc file', async () => {
    const wb = session.workbench;
    const page = wb.page;
    await wb.runCommand('View: Show Explorer');
    // Retries until the extension's menu entries have joined the Explorer's, and presses Enter
    // only when a click merely highlighted the entry.
    await wb.explorerMenu(FILE, 'Track with Ponte');
    // The progress toast closes as soon as tracking ends, so wait on the result, not the toast.
    const dvcFile = join(session.workspace, `${FILE}.dvc`);
    await eventually('the .dvc file is written', () => existsSync(dvcFile), 30_000);
    if (await page.locator('.context-view .action-item').count()) await page.keyboard.press('Escape');
    const size = statSync(join(session.workspace, FILE)).size;
    assert.match(readFileSync(dvcFile, 'utf8'), new RegExp(`^outs:\\n- md5: [0-9a-f]{32}\\n  size: ${size}\\n  hash: md5\\n  path: extra\\.csv\\n$`));
    assert.equal(readFileSync(join(session.workspace, 'inputs', '.gitignore'), 'utf8'), '/extra.csv\n');
  });

  test('the Datasets view lists it, and marks it modified once the file changes', async () => {
    const wb = session.workbench;
    await wb.openViewContainer('Ponte');
    const row = await waitForRow((r) => r.label === FILE, `for ${FILE}`);
    assert.doesNotMatch(row.description, /modified/);
    appendFileSync(join(session.workspace, FILE), 'c3,27,basic\n');
    await waitForRow((r) => r.label === FILE && /modified/.test(r.description), `for ${FILE} marked modified`);
  });

  test('the editor runs a data watcher, which answers ponte data status in a terminal', async () => {
    const cli = join(repoRoot, 'dist', 'cli.js');
    const ponte = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: session.workspace, encoding: 'utf8' });
    await eventually('the editor started a data watcher (ponte.data.watcher)', () => ponte('data', 'watch', '--status').status === 0, 60_000);
    const info = () => JSON.parse(ponte('data', 'watch', '--status', '--json').stdout) as { pid: number; requests: number; outs: number };
    const before = info();
    watcherPid = before.pid;
    assert.ok(before.outs >= 1, `it watches the tracked file: ${JSON.stringify(before)}`);
    const status = ponte('data', 'status', '--json');
    // (the example's other tracked files, e.g. data/production.csv before the pipeline first runs, are not this test's)
    assert.deepEqual((JSON.parse(status.stdout) as { path: string }[]).filter((e) => e.path === FILE), [{ path: FILE, status: 'modified' }]);
    assert.ok(info().requests > before.requests, 'the terminal status was answered by the watcher');
  });

  test('Compare Versions from a version row shows the report for the committed version and the workspace', async () => {
    const wb = session.workbench;
    const page = wb.page;
    const gitIn = (...args: string[]) => {
      const r = spawnSync('git', args, { cwd: session.workspace, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    gitIn('init', '-q', '-b', 'main');
    gitIn('-c', 'user.email=e2e@example.org', '-c', 'user.name=E2E', 'add', '-A');
    gitIn('-c', 'user.email=e2e@example.org', '-c', 'user.name=E2E', 'commit', '-qm', 'extra v1');
    // The Ponte container is still open from the previous step (clicking it again would close it).
    await wb.runCommand('Ponte: Refresh');
    const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header h3.title', { hasText: 'Datasets' }) });
    const tracked = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: FILE }) }).first();
    await tracked.waitFor({ timeout: 15_000 });
    if ((await tracked.getAttribute('aria-expanded')) !== 'true') await tracked.click();
    const version = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^[0-9a-f]{7} extra v1$/ }) }).first();
    await version.waitFor({ timeout: 30_000 });
    await wb.treeRowMenu('Datasets', /^[0-9a-f]{7} extra v1$/, 'Compare Versions');
    const workspaceChoice = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Workspace' }).first();
    await workspaceChoice.waitFor({ timeout: 15_000 });
    await workspaceChoice.click();
    const report = wb.webview().locator('body');
    await report.getByText('Columns added').first().waitFor({ timeout: 60_000 });
    const text = await report.innerText();
    assert.match(text, /inputs\/extra\.csv/);
    assert.match(text, /rows\s+2\s+3/);
  });
});
