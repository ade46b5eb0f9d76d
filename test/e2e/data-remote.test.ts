// Issue 3, section 8 in a real VS Code (code-server + Chromium): a local-directory DVC remote
// (a temp dir, configured in .dvc/config as `dvc remote add -d` writes it), a file tracked with
// Ponte, then from the Datasets view's row menus: Push Data (the object lands in the remote in
// DVC 3's layout), Pull Data (after the cache object and the file are deleted), and Checkout
// Version of an older committed version, including the question before overwriting unsaved
// changes. Screenshots: test-results/data-remote-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { repoRoot } from './lib/paths.js';
import { eventually } from './lib/wait.js';
import { openSession, type Session } from './lib/session.js';
import type { BrowserElement, BrowserGlobals } from './lib/dom.js';
import type { TreeRow } from './lib/workbench.js';

// Not under data/: the example's .gitignore ignores that folder, and the steps commit.
const FILE = 'inputs/customers.csv';
const FOLDER = 'inputs/images';
const V1 = readFileSync(join(repoRoot, 'test/fixtures/data/e2e/extra.csv'));
const V2 = Buffer.concat([V1, Buffer.from('c3,27,basic\n')]);
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('Ponte data push, pull and checkout in code-server', { timeout: 300_000 }, () => {
  let session: Session;
  let remote: string;
  const file = () => join(session.workspace, FILE);
  const bytes = () => readFileSync(file());
  /** The md5 the .dvc file of `rel` records now (a folder's ends in .dir). */
  const recorded = (rel = FILE) => /^- md5: ([0-9a-f]{32}(?:\.dir)?)$/m.exec(readFileSync(join(session.workspace, `${rel}.dvc`), 'utf8'))?.[1];
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=e2e@example.org', '-c', 'user.name=E2E', '-c', 'commit.gpgsign=false', ...args], {
      cwd: session.workspace,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    remote = mkdtempSync(join(tmpdir(), 'ponte-e2e-remote-'));
    session = await openSession({ name: 'data-remote', extraFiles: { [FILE]: join(repoRoot, 'test/fixtures/data/e2e/extra.csv') } });
    // What `dvc remote add -d local <dir>` writes.
    writeFileSync(join(session.workspace, '.dvc', 'config'), `[core]\n    remote = local\n['remote "local"']\n    url = ${remote}\n`);
    git('init', '-q', '-b', 'main');
  });
  after(async () => {
    await session?.close();
    if (remote) rmSync(remote, { recursive: true, force: true });
  });
  afterEach(async (t) => {
    await session?.workbench.screenshot(t.name).catch(() => undefined);
  });

  const waitForRow = (match: (r: TreeRow) => boolean, what: string) => session.workbench.waitForTreeRow('Datasets', match, what);

  /** The file decoration's badge on the Datasets row (VS Code draws it as the label's ::after). */
  async function badge(): Promise<string> {
    return session.workbench.treeRow('Datasets', FILE).evaluate((row: BrowserElement) => {
      const { getComputedStyle } = globalThis as unknown as BrowserGlobals;
      for (const el of [row, ...Array.from(row.querySelectorAll('*'))]) {
        const content = getComputedStyle(el, '::after').content;
        if (content && content !== 'none' && content !== 'normal' && content !== '""') return content.replace(/^"|"$/g, '');
      }
      return '';
    });
  }

  /** Track with Ponte from the Explorer; waits until the .dvc file records something new (for FILE: its md5). */
  async function track(rel = FILE): Promise<void> {
    const dvcFile = join(session.workspace, `${rel}.dvc`);
    const before = existsSync(dvcFile) ? recorded(rel) : undefined;
    await session.workbench.explorerMenu(rel, 'Track with Ponte');
    // The progress toast closes as soon as tracking ends, so wait on the result, not the toast.
    const done = () => existsSync(dvcFile) && recorded(rel) !== before && (rel !== FILE || recorded() === md5(bytes()));
    await eventually(`${rel}.dvc records the data`, done, 30_000);
    // The Explorer is showing now: back to the Ponte container.
    await session.workbench.openViewContainer('Ponte');
  }

  /** Expands the tracked row and returns the row of the version committed as `message`. */
  async function versionRow(message: string) {
    const wb = session.workbench;
    await wb.runCommand('Ponte: Refresh');
    await wb.dismissHover();
    const tracked = wb.treeRow('Datasets', FILE);
    await tracked.waitFor({ timeout: 15_000 });
    if ((await tracked.getAttribute('aria-expanded')) !== 'true') await tracked.click();
    const row = wb.treeRow('Datasets', new RegExp(`^[0-9a-f]{7} ${message}$`));
    await row.waitFor({ timeout: 30_000 });
    return row;
  }

  /** Picks a row of the open quick pick by its label. */
  async function pick(label: string | RegExp): Promise<void> {
    const page = session.workbench.page;
    const row = page.locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  test('a file tracked with a remote configured shows as not pushed (↑)', async () => {
    await track();
    const row = await waitForRow((r) => r.label === FILE && /not pushed/.test(r.description), `for ${FILE} marked not pushed`);
    assert.equal(row.description, 'not pushed');
    await eventually('the ↑ badge shows on the row', async () => (await badge()) === '↑', 15_000);
  });

  test('Push Data from the row\'s menu copies the object to the remote in DVC 3\'s layout', async () => {
    const hash = md5(V1);
    assert.equal(recorded(), hash);
    await session.workbench.treeRowMenu('Datasets', FILE, 'Push Data');
    const object = join(remote, 'files', 'md5', hash.slice(0, 2), hash.slice(2));
    await eventually(`the remote holds ${object}`, () => existsSync(object), 30_000);
    assert.equal(md5(readFileSync(object)), hash);
    const row = await waitForRow((r) => r.label === FILE && !/not pushed/.test(r.description), `for ${FILE} no longer marked not pushed`);
    assert.equal(row.description, 'dvc');
    await eventually('the ↑ badge is gone', async () => (await badge()) === '', 15_000);
  });

  test('Push All Data from the view\'s title menu pushes a tracked folder too: its .dir manifest and every file', async () => {
    const wb = session.workbench;
    const files: Record<string, Buffer> = { 'a.txt': Buffer.from('alpha\n'), 'sub/b.txt': Buffer.from('beta\n') };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(session.workspace, FOLDER, rel)), { recursive: true });
      writeFileSync(join(session.workspace, FOLDER, rel), content);
    }
    await track(FOLDER);
    const manifest = recorded(FOLDER)!;
    assert.match(manifest, /^[0-9a-f]{32}\.dir$/);
    await waitForRow((r) => r.label === FOLDER && r.description === 'not pushed', `for ${FOLDER} marked not pushed`);
    // "Push All Data" sits in the Datasets title bar's "..." menu (with a row focused: it must still push everything).
    await wb.viewTitleMenu('Datasets', 'Push All Data');
    const objects = [manifest, ...Object.values(files).map(md5)].map((h) => join(remote, 'files', 'md5', h.slice(0, 2), h.slice(2)));
    await eventually('the remote holds the manifest and both files', () => objects.every((o) => existsSync(o)), 30_000);
    for (const content of Object.values(files)) assert.deepEqual(readFileSync(join(remote, 'files', 'md5', md5(content).slice(0, 2), md5(content).slice(2))), content);
    assert.equal(`${md5(readFileSync(objects[0]))}.dir`, manifest);
    await waitForRow((r) => r.label === FOLDER && r.description === 'dvc', `for ${FOLDER} pushed`);
  });

  test('Pull Data brings back a deleted file and its deleted cache object', async () => {
    git('add', '-A');
    git('commit', '-qm', 'customers v1');
    const hash = md5(V1);
    const cached = join(session.workspace, '.dvc', 'cache', 'files', 'md5', hash.slice(0, 2), hash.slice(2));
    assert.ok(existsSync(cached), `${cached} is in the cache`);
    rmSync(cached);
    rmSync(file());
    await waitForRow((r) => r.label === FILE && /missing/.test(r.description), `for ${FILE} marked missing`);
    await session.workbench.treeRowMenu('Datasets', FILE, 'Pull Data');
    await eventually(`${FILE} is back`, () => existsSync(file()) && md5(bytes()) === hash, 30_000);
    assert.deepEqual(bytes(), V1);
    assert.equal(md5(readFileSync(cached)), hash);
    await waitForRow((r) => r.label === FILE && r.description === 'dvc', `for ${FILE} unchanged and pushed`);
  });

  test('Checkout Version of the older version from its row restores its bytes', async () => {
    writeFileSync(file(), V2);
    await track();
    git('add', '-A');
    git('commit', '-qm', 'customers v2');
    assert.equal(recorded(), md5(V2));
    await versionRow('customers v1');
    await session.workbench.treeRowMenu('Datasets', /^[0-9a-f]{7} customers v1$/, 'Checkout Version');
    await eventually(`${FILE} holds v1 again`, () => md5(bytes()) === md5(V1), 30_000);
    assert.deepEqual(bytes(), V1);
    // The command ran once, with the row: no second run asking which path to check out.
    assert.equal(await session.workbench.page.locator('.quick-input-widget').isVisible(), false);
  });

  test('Checkout Version over unsaved changes asks first: Cancel (row button) keeps them, Discard (palette) checks out', async () => {
    const wb = session.workbench;
    appendFileSync(file(), 'c4,45,pro\n');
    const edited = bytes();
    // The inline button on the version row, as a person hovering it would click.
    const row = await versionRow('customers v2');
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="Checkout Version"]').click();
    const message = await wb.answerDialog(/not saved in the cache/, 'Cancel');
    assert.match(message, new RegExp(`${FILE} has changes that are not saved in the cache`));
    assert.deepEqual(bytes(), edited);
    // From the palette: the path, then the version, from quick picks.
    await wb.runCommand('Ponte: Checkout Version', { asksInput: true });
    await pick(FILE);
    await pick(/^[0-9a-f]{7} customers v2$/);
    await wb.answerDialog(/not saved in the cache/, 'Discard and Check Out');
    await eventually(`${FILE} holds v2`, () => md5(bytes()) === md5(V2), 30_000);
    assert.deepEqual(bytes(), V2);
    await waitForRow((r) => r.label === FILE && r.description === 'not pushed', `for ${FILE} unchanged, v2 not pushed`);
  });

  test('Pull Data over unsaved changes asks first: Cancel keeps them, Discard checks out the recorded version', async () => {
    const wb = session.workbench;
    appendFileSync(file(), 'c5,38,basic\n');
    const edited = bytes();
    await wb.treeRowMenu('Datasets', FILE, 'Pull Data');
    const message = await wb.answerDialog(/not saved in the cache/, 'Cancel');
    assert.match(message, new RegExp(`${FILE} has changes that are not saved in the cache. Discard them and check out the pulled version`));
    assert.deepEqual(bytes(), edited);
    await wb.treeRowMenu('Datasets', FILE, 'Pull Data');
    await wb.answerDialog(/not saved in the cache/, 'Discard and Check Out');
    await eventually(`${FILE} holds v2`, () => md5(bytes()) === md5(V2), 30_000);
    assert.deepEqual(bytes(), V2);
  });

  test('Pull Data says which remote folder is gone and how to fix it; then names the data the remote lacks', async () => {
    const wb = session.workbench;
    const hash = md5(V2); // never pushed
    rmSync(join(session.workspace, '.dvc', 'cache', 'files', 'md5', hash.slice(0, 2), hash.slice(2)));
    rmSync(file());
    renameSync(remote, `${remote}.away`);
    try {
      await wb.treeRowMenu('Datasets', FILE, 'Pull Data');
      // The center, not a toast: the previous steps' notifications came in a burst.
      const shown = await wb.notificationCenter(`remote 'local' is ${remote}, which does not exist`);
      assert.ok(shown.some((x) => x.includes(`${remote}, which does not exist. mount it, or fix its url`)), JSON.stringify(shown));
    } finally {
      renameSync(`${remote}.away`, remote);
    }
    await wb.treeRowMenu('Datasets', FILE, 'Pull Data');
    await wb.notificationCenter(`1 not on the remote (${FILE}): push them from where they were added`);
    assert.equal(existsSync(file()), false);
  });
});
