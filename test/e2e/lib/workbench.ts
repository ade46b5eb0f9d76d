// What a person does and sees in the workbench, as Playwright steps: the palette, the activity
// bar, tree rows, the Problems panel, hovers, notifications, and screenshots in test-results/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { resultsDir } from './paths.js';

/** A tree row as shown: its label and its (greyed) description. */
export interface TreeRow {
  label: string;
  description: string;
}

/** A RegExp matching exactly `text`, for a label that may hold `.`, `(` and the like. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** The open folder; files are opened by their path in it. */
    readonly workspace: string,
    private readonly prefix: string,
  ) {}

  /** Saves test-results/<session>-<name>.png; any name will do, e.g. a test's own name. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
    const file = join(resultsDir, `${this.prefix}-${slug}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Runs a command from the palette by its visible label, e.g. "Ponte: Validate Workspace".
   * The row with exactly that label wins, because the palette ranks fuzzily ("Ponte: Run" puts
   * "Compare Runs" before "Run Pipeline"); without one, the first row containing the label.
   * `asksInput`: the command opens a quick pick of its own, so the widget does not close.
   */
  async runCommand(label: string, options: { asksInput?: boolean } = {}): Promise<void> {
    await this.openQuickInput(`>${label}`);
    const rows = this.quickInput().locator('.monaco-list-row', { hasText: label });
    await rows.first().waitFor({ timeout: 15_000 });
    const exactText = exactly(label);
    const exact = rows.filter({ has: this.page.locator('.label-name', { hasText: exactText }) });
    await ((await exact.count()) > 0 ? exact.first() : rows.first()).click();
    // A command that asks with a quick pick reuses the widget at once.
    if (!options.asksInput) await this.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Opens a file of the workspace by its relative path through Quick Open. */
  async openFile(relativePath: string): Promise<void> {
    // The absolute path: a bare name would pick the most recent of several same-named files.
    await this.openQuickInput(join(this.workspace, relativePath));
    const row = this.quickInput().locator('.monaco-list-row').first();
    await row.waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    const name = relativePath.split('/').pop()!;
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  private async openQuickInput(text: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(text);
  }

  /** Moves the cursor to a 1-based line and column with Go to Line. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput().locator('input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Shows the hover at the cursor (as Ctrl+K Ctrl+I would) and returns its text. */
  async hoverAt(line: number, column: number): Promise<string> {
    await this.goTo(line, column);
    await this.runCommand('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ timeout: 15_000 });
    return (await hover.innerText()).trim();
  }

  /** Clicks a view container in the activity bar by its title (e.g. "Ponte"). */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item[aria-label^="${title}"]`).first();
    await item.click();
    await this.page.locator('.part.sidebar .composite.title', { hasText: title }).first().waitFor({ timeout: 15_000 });
  }

  /** The titles of the views shown in the side bar, e.g. ["Datasets", "Experiments", "Deployments"]. */
  async sideBarViewTitles(): Promise<string[]> {
    const headers = this.page.locator('.part.sidebar .pane-header h3.title');
    await headers.first().waitFor({ timeout: 15_000 });
    return (await headers.allInnerTexts()).map((t) => t.trim());
  }

  /** The visible rows of the tree in the side-bar view with the given title (expanding the view). */
  async treeRows(viewTitle: string, waitForRows = true): Promise<TreeRow[]> {
    const pane = this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header h3.title', { hasText: viewTitle }) });
    const header = pane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const rows = pane.locator('.pane-body .monaco-list-row');
    if (waitForRows) await rows.first().waitFor({ timeout: 15_000 });
    const read = async (row: Locator, selector: string) => {
      const part = row.locator(selector).first();
      return (await part.count()) ? (await part.innerText()).trim() : '';
    };
    const result: TreeRow[] = [];
    for (const row of await rows.all()) {
      result.push({ label: await read(row, '.label-name'), description: await read(row, '.label-description') });
    }
    return result;
  }

  /**
   * The Explorer row of a workspace file or folder, expanding the folders on its path (shows the
   * Explorer first). `relativePath` uses "/" whatever the platform.
   */
  async explorerRow(relativePath: string): Promise<Locator> {
    await this.runCommand('View: Show Explorer');
    const rows = this.page.locator('.explorer-folders-view .monaco-list-row');
    const parts = relativePath.split('/');
    let row: Locator | undefined;
    let level = 0;
    for (const [i, part] of parts.entries()) {
      const name = exactly(part);
      // Rows are flat in the DOM; aria-level tells a folder's children from same-named others.
      const named = rows.filter({ has: this.page.locator('.label-name', { hasText: name }) });
      row = (i === 0 ? named : named.and(this.page.locator(`[aria-level="${level + i}"]`))).first();
      await row.waitFor({ timeout: 15_000 });
      if (i === 0) level = Number(await row.getAttribute('aria-level'));
      if (i < parts.length - 1 && (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    return row!;
  }

  /**
   * Right-clicks a workspace file in the Explorer and picks `item` from its context menu.
   * An extension's menu items join the Explorer's only once it is registered, so this retries.
   */
  async explorerMenu(relativePath: string, item: string): Promise<void> {
    const row = await this.explorerRow(relativePath);
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    for (let attempt = 0; attempt < 10; attempt++) {
      await row.click({ button: 'right' });
      await this.page.locator('.context-view .action-item').first().waitFor({ timeout: 15_000 });
      if (await entry.count()) break;
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(1_000);
    }
    await this.pickMenuEntry(entry);
  }

  /**
   * Selects several Explorer files and picks `item` from the context menu of the last one.
   * Clicking the first file opens it as a preview; when that editor finishes opening, the
   * Explorer reveals it and selects it alone, so a second file added before then drops out of
   * the selection (a command then sees one file). Wait for the editor, then extend the
   * selection, and check the selection by name right before the menu entry is picked.
   */
  async explorerMultiMenu(relativePaths: string[], item: string): Promise<void> {
    const rows = [];
    for (const p of relativePaths) rows.push(await this.explorerRow(p));
    const names = relativePaths.map((p) => p.split('/').pop()!);
    const selectedNames = async () =>
      (await this.page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"] .label-name').allInnerTexts())
        .map((n) => n.trim())
        .sort();
    const wanted = [...names].sort();
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    for (let attempt = 0; attempt < 10; attempt++) {
      await rows[0].click();
      await this.page.locator('.tabs-container .tab.active', { hasText: names[0] }).waitFor({ timeout: 15_000 });
      for (const row of rows.slice(1)) await row.click({ modifiers: ['Control'] });
      if (JSON.stringify(await selectedNames()) !== JSON.stringify(wanted)) continue;
      await rows[rows.length - 1].click({ button: 'right' });
      await this.page.locator('.context-view .action-item').first().waitFor({ timeout: 15_000 });
      if ((await entry.count()) && JSON.stringify(await selectedNames()) === JSON.stringify(wanted)) {
        await this.pickMenuEntry(entry);
        return;
      }
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(1_000);
    }
    throw new Error(`could not select ${names.join(', ')} together and find "${item}" in their context menu`);
  }

  /** Clicks an entry of the open context menu. */
  private async pickMenuEntry(entry: Locator): Promise<void> {
    await entry.hover();
    await entry.click();
    // A click that lands while the menu is still settling only highlights the entry: Enter runs
    // it. Only when the menu stays open: an Enter after a click that worked goes to the row,
    // whose command would then run a second time.
    const menu = this.page.locator('.context-view .monaco-menu').first();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(
      () => true,
      () => false,
    );
    if (!closed) await this.page.keyboard.press('Enter');
  }

  /** Moves the mouse away and presses Escape: a row's hover tooltip can sit over the next row and take a click. */
  async dismissHover(): Promise<void> {
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('Escape');
  }

  /** Re-reads a view's rows until one matches (bounded: 40 tries, a second apart); fails naming `what`. */
  async waitForTreeRow(viewTitle: string, match: (r: TreeRow) => boolean, what: string): Promise<TreeRow> {
    let rows: TreeRow[] = [];
    for (let i = 0; i < 40; i++) {
      rows = await this.treeRows(viewTitle);
      const row = rows.find(match);
      if (row) return row;
      await this.page.waitForTimeout(1000);
    }
    throw new Error(`no ${viewTitle} row ${what} in ${JSON.stringify(rows)}`);
  }

  /** The row of a side-bar view's tree whose label matches (a string matches the whole label). */
  treeRow(viewTitle: string, label: string | RegExp): Locator {
    const pane = this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header h3.title', { hasText: viewTitle }) });
    const name = typeof label === 'string' ? exactly(label) : label;
    return pane.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: name }) }).first();
  }

  /** Right-clicks a tree row of a side-bar view and picks `item` from its context menu. */
  async treeRowMenu(viewTitle: string, label: string | RegExp, item: string): Promise<void> {
    await this.dismissHover();
    const row = this.treeRow(viewTitle, label);
    await row.waitFor({ timeout: 15_000 });
    await row.click({ button: 'right' });
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    await entry.waitFor({ timeout: 15_000 });
    await this.pickMenuEntry(entry);
  }

  /** Opens the "..." menu in a side-bar view's title bar and picks `item` (runs it once). */
  async viewTitleMenu(viewTitle: string, item: string): Promise<void> {
    await this.dismissHover();
    const header = this.page.locator('.part.sidebar .pane-header', { has: this.page.locator('h3.title', { hasText: viewTitle }) });
    await header.hover();
    await header.locator('.actions .action-label[aria-label^="More Actions"], .actions .codicon-toolbar-more').first().click();
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    await entry.waitFor({ timeout: 15_000 });
    await this.pickMenuEntry(entry);
  }

  /** Waits for a modal dialog showing `text` and clicks its button `button`; returns the dialog's text. */
  async answerDialog(text: string | RegExp, button: string): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box', { hasText: text }).first();
    await dialog.waitFor({ timeout: 30_000 });
    const message = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
    await dialog.locator('.monaco-button', { hasText: exactly(button) }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    return message;
  }

  /** Opens the Problems panel and returns its rows (file rows and marker rows), as text. */
  async problems(expectText?: string | RegExp): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    if (expectText) await rows.filter({ hasText: expectText }).first().waitFor({ timeout: 30_000 });
    else await rows.first().waitFor({ timeout: 30_000 });
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /**
   * Every notification so far, from the notification center, once one contains `expectText`;
   * closes the center again. Use it when notifications come in a burst: VS Code shows no toast
   * for a notification that arrives after 3 others within 800 ms (it is only in the center).
   */
  async notificationCenter(expectText?: string | RegExp): Promise<string[]> {
    await this.runCommand('Notifications: Show Notifications');
    const items = this.page.locator('.notifications-center .notification-list-item');
    try {
      if (expectText) {
        // The center's list is virtualised: only the rows that fit are in the page, so scroll down
        // through it (newest first) until the expected one is rendered.
        const wanted = items.filter({ hasText: expectText }).first();
        const seen = new Set<string>();
        for (let i = 0; i < 20 && !(await wanted.isVisible()); i++) {
          for (const t of await items.allInnerTexts()) seen.add(t);
          const list = this.page.locator('.notifications-center .notifications-list-container').first();
          await list.hover().catch(() => undefined);
          await this.page.mouse.wheel(0, 150);
          await this.page.waitForTimeout(i < 10 ? 100 : 750);
        }
        await wanted.waitFor({ timeout: 5_000 }).catch((e: Error) => {
          throw new Error(`${e.message}\nthe notification center holds: ${JSON.stringify([...seen])}`);
        });
      }
      return (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    } finally {
      await this.page.keyboard.press('Escape');
    }
  }

  /** The text of the notification toasts now on screen. */
  async notifications(expectText?: string | RegExp): Promise<string[]> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    if (expectText) await toasts.filter({ hasText: expectText }).first().waitFor({ timeout: 15_000 });
    return (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /**
   * The document inside the visible webview (a Ponte dashboard, a Markdown preview): VS Code
   * nests it as iframe.webview > iframe#active-frame. Wait on a locator in it before reading.
   */
  webview(): FrameLocator {
    return this.page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
  }
}
