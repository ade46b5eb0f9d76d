// One e2e session: a copied workspace, code-server with Ponte and the harness installed, and
// Chromium on the workbench. close() always tears all of it down, also after a failure.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { HostResults } from '../host/results.js';
import { openWorkbench, type BrowserSession } from './browser.js';
import { bundleHostTests, ensureCodeServer, ensurePonteVsix, packHarnessVsix } from './build.js';
import { startCodeServer, type CodeServer } from './code-server.js';
import { isHostCheck, waitForHostResults } from './host-results.js';
import { Workbench } from './workbench.js';
import { copyWorkspace, exampleFolder, makeWorkDir } from './workspace.js';

export interface SessionOptions {
  /** Names the scratch dir and prefixes the screenshots. */
  name: string;
  /** The folder to copy and open; defaults to examples/churn. */
  folder?: string;
  /** Extra files copied into the workspace: path inside it -> source path. */
  extraFiles?: Record<string, string>;
  /** Files in test/e2e/host to run inside the extension host, in this order. */
  hostTests?: string | string[];
  workspaceTrust?: boolean;
  settings?: Record<string, unknown>;
}

export interface Session {
  workspace: string;
  workbench: Workbench;
  server: CodeServer;
  /** Resolves when the in-host tests have run (only with `hostTests`). */
  hostResults(): Promise<HostResults>;
  /** What the browser console reported as errors so far, for a failure message. */
  browserErrors(): readonly string[];
  close(): Promise<void>;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  ensureCodeServer();
  const vsix = ensurePonteVsix();
  const workDir = makeWorkDir(options.name);
  const workspace = copyWorkspace(options.folder ?? exampleFolder(), workDir, options.extraFiles);
  const resultsFile = join(workDir, 'host-results.json');
  const env: Record<string, string> = {};
  if (options.hostTests) {
    env.PONTE_E2E_TESTS = await bundleHostTests(options.hostTests, join(workDir, 'host-tests.js'));
    env.PONTE_E2E_RESULTS = resultsFile;
  }
  const harness = await packHarnessVsix(workDir);

  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  // Also when the process ends early (a signal, a crash): no scratch dir left behind.
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  const close = async () => {
    await browser?.close();
    await server?.stop();
    process.removeListener('exit', removeWorkDir);
    removeWorkDir();
  };
  try {
    server = await startCodeServer({ workDir, extensions: [vsix, harness], workspaceTrust: options.workspaceTrust, env, settings: options.settings });
    browser = await openWorkbench(server.url(workspace), workDir);
    return {
      workspace,
      workbench: new Workbench(browser.page, workspace, options.name),
      server,
      hostResults: () => (options.hostTests ? waitForHostResults(resultsFile) : Promise.reject(new Error('no hostTests in this session'))),
      browserErrors: () => browser?.consoleErrors ?? [],
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The usual frame of an e2e file, for the enclosing describe: opens the session before its
 * tests, saves a screenshot after each (test-results/<name>-<test>.png, passed or failed; not
 * for in-host checks), and closes the session after them all. Returns the session's getter.
 */
export function useSession(options: SessionOptions): () => Session {
  let session: Session | undefined;
  before(async () => {
    session = await openSession(options);
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async (t) => {
    if (!isHostCheck(t.name)) await session?.workbench.screenshot(t.name).catch(() => undefined);
  });
  return () => {
    if (!session) throw new Error(`the e2e session "${options.name}" did not open`);
    return session;
  };
}
