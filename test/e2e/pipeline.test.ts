// Issue 5 in a real VS Code (code-server + Chromium) on a copy of examples/churn: a person runs
// the pipeline from the Experiments view, sees the new run with its metrics, runs the tests and
// sees them pass in the Testing view, then breaks a test and sees the failure at its line, and
// breaks ponte.yaml and sees Check Gates fail with the CLI's error code, place and hint.
// Screenshots: test-results/pipeline-*.png.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { openSession, type Session } from './lib/session.js';
import { eventually } from './lib/wait.js';
import type { BrowserGlobals } from './lib/dom.js';
import type { TreeRow } from './lib/workbench.js';

describe('Ponte pipeline, experiments and tests in code-server', { timeout: 600_000 }, () => {
  let session: Session;
  before(async () => {
    session = await openSession({ name: 'pipeline' });
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  /** Re-reads the Experiments rows until one matches (bounded: `tries` reads, a second apart). */
  async function waitForRow(match: (r: TreeRow) => boolean, what: string, tries = 60): Promise<TreeRow> {
    let rows: TreeRow[] = [];
    for (let i = 0; i < tries; i++) {
      rows = await session.workbench.treeRows('Experiments');
      const row = rows.find(match);
      if (row) return row;
      await session.workbench.page.waitForTimeout(1000);
    }
    assert.fail(`no Experiments row ${what} in ${JSON.stringify(rows)}`);
  }

  function experimentsPane() {
    const page = session.workbench.page;
    return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header h3.title', { hasText: 'Experiments' }) });
  }

  // A row's hover tooltip (a context view) can sit over the next row and take the click.
  async function dismissHover(): Promise<void> {
    await session.workbench.page.mouse.move(1, 1);
    await session.workbench.page.keyboard.press('Escape');
  }

  async function clickRow(label: string): Promise<void> {
    await dismissHover();
    await experimentsPane().locator('.monaco-list-row', { has: session.workbench.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first().click();
  }

  test('Run Pipeline from the Experiments view trains the model and a new run shows with its metrics', async () => {
    const wb = session.workbench;
    const page = wb.page;
    await wb.openViewContainer('Ponte');
    await waitForRow((r) => r.label === 'train', 'for the train stage');
    const header = experimentsPane().locator('.pane-header');
    await header.hover();
    await header.locator('.actions .action-label[aria-label^="Run Pipeline"]').first().click();
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: /Pipeline finished: ran generate, prepare, train, evaluate/ });
    await done.first().waitFor({ timeout: 240_000 });
    await clickRow('Runs');
    const run = await waitForRow((r) => /finished · .*accuracy 0\.8\d+/.test(r.description), 'for the new run with its accuracy');
    assert.match(run.description, /roc_auc 0\.9\d*/);
    const metrics = JSON.parse(readFileSync(join(session.workspace, 'metrics.json'), 'utf8')) as { accuracy: number };
    assert.ok(run.description.includes(`accuracy ${metrics.accuracy}`), `${run.description} shows accuracy ${metrics.accuracy}`);
    // The run expands to its params and metrics.
    await dismissHover();
    await experimentsPane().locator('.monaco-list-row', { hasText: run.label }).first().click();
    await waitForRow((r) => r.label === 'Metrics', 'for the run\'s Metrics');
    await clickRow('Metrics');
    const accuracy = await waitForRow((r) => r.label === 'accuracy', 'for the accuracy metric');
    assert.equal(accuracy.description, String(metrics.accuracy));
  });

  async function testingRows(): Promise<{ text: string; state: string }[]> {
    const rows = session.workbench.page.locator('.test-explorer .monaco-list-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const out: { text: string; state: string }[] = [];
    for (const row of await rows.all()) {
      const icon = row.locator('.computed-state').first();
      const cls = (await icon.count()) ? ((await icon.getAttribute('class')) ?? '') : '';
      out.push({ text: (await row.innerText()).replace(/\s+/g, ' ').trim(), state: /testing-(passed|failed|error|skipped|queued|running|unset)/.exec(cls)?.[1] ?? cls });
    }
    return out;
  }

  /** Runs the tests and waits for the Testing view's "passed/total" summary to satisfy `ok`. */
  async function runTestsAndWait(what: string, ok: (passed: number, total: number) => boolean): Promise<void> {
    const wb = session.workbench;
    await wb.runCommand('Ponte: Run Tests');
    await wb.runCommand('Testing: Focus on Test Explorer View');
    for (let i = 0; i < 90; i++) {
      const summary = (await wb.page.locator('.part.sidebar').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
      const m = /\b(\d+)\/(\d+)\b/.exec(summary);
      if (m && ok(Number(m[1]), Number(m[2]))) return;
      await wb.page.waitForTimeout(1000);
    }
    assert.fail(`the Testing view never showed ${what}: ${JSON.stringify(await testingRows())}`);
  }

  test('Run Tests: the pytest tests and data checks pass in the Testing view', async () => {
    // the example's pytest tests and its data checks (19 when this was written; more since)
    await runTestsAndWait('every test passed', (passed, total) => total >= 19 && passed === total);
    // The summary can update before the tree renders every file row.
    let rows = await testingRows();
    const fileRows = () => rows.filter((r) => /tests\/test_(model|prepare)\.py|Data checks/.test(r.text));
    await eventually('three file rows in the Testing view', async () => {
      rows = await testingRows();
      return fileRows().length >= 3;
    }, 30_000).catch(() => undefined);
    const files = fileRows();
    assert.equal(files.length, 3, JSON.stringify(rows));
    assert.deepEqual(files.filter((r) => r.state !== 'passed'), [], JSON.stringify(rows));
  });

  test('a broken test fails at its line', async () => {
    const wb = session.workbench;
    const file = join(session.workspace, 'tests/test_prepare.py');
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, source.replace('    assert generate(50, 1) == generate(50, 1)\n', '    assert generate(50, 1) == generate(50, 2)\n'));
    // The editor must hold the broken text before the run: an edit seen after the results would
    // mark their messages out of date and hide them.
    await wb.openFile('tests/test_prepare.py');
    const line = wb.page.locator('.monaco-editor .view-lines .view-line', { hasText: 'assert generate(50, 1) == generate(50, 2)' }).first();
    await line.waitFor({ timeout: 30_000 });
    await runTestsAndWait('one test failed', (passed, total) => total >= 19 && passed === total - 1);
    const failed = (await testingRows()).filter((r) => r.state === 'failed');
    assert.ok(failed.some((r) => /tests\/test_prepare\.py/.test(r.text)), JSON.stringify(await testingRows()));
    await wb.openFile('tests/test_prepare.py');
    // The failure message is drawn at the end of line 13, where the assertion failed (as text or
    // as a ::after decoration), at the height of that line.
    let found: { top: number; html: string } | undefined;
    for (let i = 0; i < 30 && !found; i++) {
      found = await wb.page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
        for (const el of Array.from(document.querySelectorAll('.monaco-editor *'))) {
          const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && /AssertionError/.test(n.textContent ?? ''));
          const after = /AssertionError/.test(getComputedStyle(el, '::after').content);
          if (own || after) return { top: el.getBoundingClientRect().top, html: el.outerHTML.slice(0, 300) };
        }
        return undefined;
      });
      if (!found) await wb.page.waitForTimeout(1000);
    }
    assert.ok(found, 'the failure message is drawn in the editor');
    const box = (await line.boundingBox())!;
    assert.ok(Math.abs(found.top - box.y) < box.height, `the message (${found.html}) is on the failing line (top ${found.top} vs ${box.y})`);
  });
  test('a broken ponte.yaml: Check Gates shows the error\'s code, file:line and hint once; Open File goes to the line', async () => {
    const wb = session.workbench;
    const file = join(session.workspace, 'ponte.yaml');
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, source.replace('project: churn\n', 'project: [churn\n'));
    try {
      await wb.runCommand('Ponte: Check Gates');
      // From `ponte gate --json`: the error object on its stdout, read by the bridge.
      const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: '[yaml.syntax]' }).first();
      await toast.waitFor({ timeout: 60_000 });
      const text = (await toast.innerText()).replace(/\s+/g, ' ');
      const place = /\(ponte\.yaml:(\d+):\d+\)/.exec(text);
      assert.ok(place, `the notification names ponte.yaml and the line: ${text}`);
      assert.match(text, /Flow sequence in block collection must be sufficiently indented/, 'the parser\'s message, as ponte validate prints it');
      assert.match(text, /fix ponte\.yaml first; 'ponte validate' lists every problem/, 'the hint');
      assert.doesNotMatch(text, /\bat .+:\d+:\d+\)/, 'no stack trace');
      await toast.getByRole('button', { name: 'Open File' }).click();
      await wb.page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${place[1]}, Col`) }).first().waitFor({ timeout: 30_000 });
      assert.ok((await wb.page.locator('.tab.active', { hasText: 'ponte.yaml' }).count()) > 0, 'ponte.yaml is the active editor');
    } finally {
      writeFileSync(file, source);
    }
  });
});
