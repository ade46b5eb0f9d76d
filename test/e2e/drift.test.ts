// Issue 6 in a real VS Code (code-server + Chromium): a person selects a reference and a current
// CSV in the Explorer, right-clicks, picks "Compare Datasets for Drift", and reads the report on
// the dashboard's panel host: the verdict in words, drifted columns first with method, statistic,
// p-value and threshold, and a histogram per column (read from chart.js through `ponteCharts()`).
// Screenshots: test-results/drift-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { setDriftSettings } from './lib/drift-settings.js';
import { repoRoot } from './lib/paths.js';
import { PontePages } from './lib/ponte-page.js';
import { openSession, type Session } from './lib/session.js';

describe('Ponte drift in code-server', { timeout: 300_000 }, () => {
  let session: Session;
  before(async () => {
    session = await openSession({
      name: 'drift',
      extraFiles: {
        'drift-check/a-reference.csv': join(repoRoot, 'test/fixtures/drift/reference.csv'),
        'drift-check/b-current.csv': join(repoRoot, 'test/fixtures/drift/current.csv'),
        'drift-versions/train.csv': join(repoRoot, 'test/fixtures/drift/reference.csv'),
      },
    });
    setDriftSettings(session.workspace);
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  test('two CSVs selected in the Explorer compare from the context menu', async () => {
    const wb = session.workbench;
    await wb.explorerMultiMenu(['drift-check/a-reference.csv', 'drift-check/b-current.csv'], 'Compare Datasets for Drift');
    const report = wb.webview().locator('body');
    await report.getByText('Dataset drift detected').first().waitFor({ timeout: 60_000 });
    const text = await report.innerText();
    assert.match(text, /Dataset drift detected: [23] of 3 features drifted/);
    assert.match(text, /Reference: .*a-reference\.csv \(400 rows\)/);
    assert.match(text, /Current: .*b-current\.csv \(300 rows\)/);
    // the summary table: drifted columns first, each with kind, method, statistic, p-value and threshold;
    // the example's ponte.yaml sets monitor.drift.columns.income to psi with threshold 0.2
    const table = await wb.webview().locator('table.drift-report tr').allInnerTexts();
    assert.match(table[0], /feature\s+kind\s+method\s+statistic\s+p-value\s+threshold\s+result/);
    assert.match(table[1], /^income\s+numeric\s+psi\s+[\d.]+\s+—\s+0\.2\s+drifted$/);
    // a category the reference lacks (enterprise) makes chi-square infinite, which crosses JSON as null
    assert.match(table[2], /^plan\s+categorical\s+chisquare\s+∞\s+0\s+0\.05\s+drifted$/);
    assert.match(table[table.length - 1], /^age\s+numeric\s+ks\s+[\d.]+\s+[\d.e-]+\s+[\d.]+\s+ok$/);
    // a histogram per column compared, reference and current over the same bins
    const histograms = await new PontePages(wb).chartsWhere('a histogram per column', (all) => {
      const mine = all.filter((c) => c.id.startsWith('drift.report.') && c.drawn && c.datasets.length === 2 && c.datasets[0].points > 0 && c.datasets[0].points === c.datasets[1].points);
      return mine.length === 3 ? mine.map((c) => c.id.split('.').pop()).sort() : undefined;
    });
    assert.deepEqual(histograms, ['age', 'income', 'plan']);
    assert.match(text, /Skipped: note \(identifies rows/, 'the free-text column, different in every row, is skipped with its reason');
  });
  test('two versions of a DVC-tracked dataset compare from the palette', async () => {
    const wb = session.workbench;
    const page = wb.page;
    const run = (cmd: string, ...args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: session.workspace, encoding: 'utf8' });
      assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
    };
    const git = (...args: string[]) => run('git', '-c', 'user.email=e2e@example.org', '-c', 'user.name=E2E', ...args);
    const ponte = (...args: string[]) => run(process.execPath, join(repoRoot, 'dist/cli.js'), ...args);
    git('init', '-q', '-b', 'main');
    ponte('data', 'add', 'drift-versions/train.csv');
    git('add', '-A');
    git('commit', '-qm', 'train v1');
    copyFileSync(join(repoRoot, 'test/fixtures/drift/current.csv'), join(session.workspace, 'drift-versions/train.csv'));
    ponte('data', 'add', 'drift-versions/train.csv');
    git('add', '-A');
    git('commit', '-qm', 'train v2');

    // not wb.runCommand: it waits for the palette to close, and this command opens a pick at once
    await page.keyboard.press('F1');
    const pick = async (text: string, typed = text) => {
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(typed);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
    };
    await pick('Ponte: Compare Datasets for Drift', '>Ponte: Compare Datasets for Drift');
    await pick('Two versions of a tracked dataset');
    await pick('drift-versions/train.csv');
    await pick('train v1');
    await pick('train v2');
    const report = wb.webview().locator('body');
    await report.getByText(/Drift: drift-versions\/train\.csv [0-9a-f]{7} vs [0-9a-f]{7}/).first().waitFor({ timeout: 60_000 });
    const text = await report.innerText();
    assert.match(text, /Dataset drift detected/);
    assert.match(text, /Reference: drift-versions\/train\.csv@[0-9a-f]{7} \(400 rows\)/);
    assert.match(text, /Current: drift-versions\/train\.csv@[0-9a-f]{7} \(300 rows\)/);
  });
});
