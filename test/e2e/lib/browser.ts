// Launches Debian's Chromium through playwright-core with a fresh profile and opens a folder
// in code-server's workbench, ready when `.monaco-workbench` shows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium as playwright, type BrowserContext, type Page } from 'playwright-core';
import { chromium } from './paths.js';

export interface BrowserSession {
  page: Page;
  /** Browser console errors, kept for failure messages. */
  consoleErrors: string[];
  close(): Promise<void>;
}

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function openWorkbench(url: string, workDir: string): Promise<BrowserSession> {
  const profile = join(workDir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const context: BrowserContext = await playwright.launchPersistentContext(profile, {
    executablePath: chromium,
    args: chromiumArgs,
    headless: true,
    viewport: { width: 1400, height: 900 },
  });
  const close = () => context.close().catch(() => undefined);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { page, consoleErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
