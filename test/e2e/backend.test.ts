// Issue 4 in a real VS Code (code-server + Chromium): the extension starts the local backend
// (forking dist/server.js with the editor's own runtime), the status bar turns ready, and when
// the window goes away (a reload ends its extension host) the server it started stops cleanly:
// its process ends and .ponte/server.json is removed. Screenshots: test-results/backend-*.png.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { repoRoot } from './lib/paths.js';
import { openSession, type Session } from './lib/session.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds; a bound on waiting, not a timing assertion. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the backend from the editor', { timeout: 300_000 }, () => {
  let session: Session;
  let serverPid = 0;
  before(async () => {
    session = await openSession({ name: 'backend' });
  });
  after(async () => {
    await session?.close();
    if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  const statusItem = (text: string) => session.workbench.page.locator('.statusbar-item', { hasText: text }).first();

  test('the status bar shows the backend off until something needs it', async () => {
    await statusItem('Ponte: off').waitFor({ timeout: 60_000 });
    assert.equal(existsSync(join(session.workspace, '.ponte', 'server.json')), false, 'nothing started at activation');
  });

  test('Start Backend forks the local server and the status bar turns ready', async () => {
    await session.workbench.runCommand('Ponte: Start Backend');
    // The first open of a new embedded store creates the database: allow it time.
    await statusItem('Ponte: ready').waitFor({ timeout: 180_000 });
    const file = join(session.workspace, '.ponte', 'server.json');
    assert.ok(existsSync(file), 'the server recorded itself in .ponte/server.json');
    const info = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number; token?: string };
    serverPid = info.pid;
    assert.ok(alive(info.pid));
    // The window's server has a random token (issue 10): nothing else on this machine gets in without it.
    assert.match(info.token ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await fetch(`${info.url}/healthz`)).status, 401);
    const health = (await (await fetch(`${info.url}/healthz`, { headers: { authorization: `Bearer ${info.token}` } })).json()) as { status: string; store: string };
    assert.deepEqual([health.status, health.store], ['ok', 'pglite']);
  });

  test('clicking the status bar item shows details and actions', async () => {
    const page = session.workbench.page;
    await statusItem('Ponte: ready').click();
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => t.includes('127.0.0.1')), `no URL row in ${JSON.stringify(texts)}`);
    assert.ok(texts.some((t) => t.includes('Stop Backend')), `no Stop action in ${JSON.stringify(texts)}`);
    await page.keyboard.press('Escape');
  });

  test('when the window goes away, the server it started stops cleanly', async () => {
    assert.ok(serverPid > 0, 'the previous step started a server');
    await session.workbench.runCommand('Developer: Reload Window');
    await eventually('the backend process ends', () => !alive(serverPid));
    assert.equal(existsSync(join(session.workspace, '.ponte', 'server.json')), false, 'a clean stop removes server.json');
    assert.equal(existsSync(join(session.workspace, '.ponte', 'db.lock')), false, 'and releases the store lock');
    await session.workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await statusItem('Ponte: off').waitFor({ timeout: 60_000 });
  });
});

describe('an unreachable remote backend', { timeout: 300_000 }, () => {
  let session: Session;
  before(async () => {
    session = await openSession({
      name: 'backend-unreachable',
      extraFiles: { '.vscode/settings.json': join(repoRoot, 'test/fixtures/server/unreachable-backend.settings.json') },
    });
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  test('gives one clear message with Retry, not one per attempt', async () => {
    const wb = session.workbench;
    // Ponte has activated (its status bar item is there) before its commands are looked up.
    await wb.page.locator('.statusbar-item', { hasText: 'Ponte: off' }).first().waitFor({ timeout: 60_000 });
    await wb.runCommand('Ponte: Start Backend');
    await wb.notifications(/Ponte backend unreachable/);
    await wb.runCommand('Ponte: Start Backend');
    await wb.runCommand('Ponte: Start Backend');
    await wb.page.locator('.statusbar-item', { hasText: 'Ponte: unreachable' }).first().waitFor({ timeout: 30_000 });
    const toasts = (await wb.notifications()).filter((t) => /unreachable/.test(t));
    assert.equal(toasts.length, 1, `toasts: ${JSON.stringify(toasts)}`);
    assert.match(toasts[0], /127\.0\.0\.1:47.*ponte\.backend\.url/);
    const retry = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'unreachable' }).getByRole('button', { name: 'Retry' });
    assert.equal(await retry.count(), 1, 'the message offers Retry');
    await retry.click();
    // The retry fails again and says so once more: one toast, still unreachable.
    await wb.notifications(/Ponte backend unreachable/);
    assert.equal((await wb.notifications()).filter((t) => /unreachable/.test(t)).length, 1);
  });
});
