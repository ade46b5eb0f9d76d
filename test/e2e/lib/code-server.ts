// Starts a real VS Code (code-server on Node 24) for one test: a free loopback port, a fresh
// user-data, config and extensions dir, the given .vsix files installed, the given environment
// passed through to the extension host. stop() kills the whole process group.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEntry, node24 } from './paths.js';

export interface CodeServerOptions {
  /** A scratch directory this run owns; user data, config and extensions go below it. */
  workDir: string;
  extensions: string[];
  /** Normal runs disable Workspace Trust; the untrusted case leaves it on. */
  workspaceTrust?: boolean;
  env?: Record<string, string>;
  /** Extra user settings (settings.json). */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  port: number;
  url(folder: string): string;
  /** Everything code-server printed, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// Quiet defaults: no welcome page, no tips, no telemetry, no update checks, no trust prompt.
const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Only the extension's own suggestions, so a completion check cannot pass on document words.
  'editor.wordBasedSuggestions': 'off',
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = join(options.workDir, 'user-data');
  const extensionsDir = join(options.workDir, 'extensions');
  const config = join(options.workDir, 'config.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(config, 'auth: none\ncert: false\n');
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...baseSettings, ...options.settings }, null, 2));

  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', config];
  const install = options.extensions.flatMap((x) => ['--install-extension', x]);
  // Installing is a command of its own: it prints, exits, and leaves the extensions dir ready.
  execFileSync(node24, [codeServerEntry, ...common, ...install, '--force'], { stdio: 'pipe', timeout: 120_000 });

  // A free port can be taken by someone else before code-server binds it: then try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [codeServerEntry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
    if (!options.workspaceTrust) args.push('--disable-workspace-trust');
    const server = launch(port, args, { ...process.env, ...options.env });
    try {
      await waitForHealth(port, server);
      return server;
    } catch (e) {
      await server.stop();
      if (attempt < 3 && server.log().includes('EADDRINUSE')) continue;
      throw e;
    }
  }
}

interface RunningServer extends CodeServer {
  child: ChildProcess;
}

function launch(port: number, args: string[], env: NodeJS.ProcessEnv): RunningServer {
  const child = spawn(node24, args, {
    env,
    detached: true, // its own process group, so stop() reaches the extension host and helpers too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process dies first (Ctrl+C, a crash), the detached group must not outlive it.
  const killOnExit = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // A signal (Ctrl+C, the test runner cancelling a file) ends the process only when no handler
  // is installed, and Playwright installs some: end it here, so the 'exit' hooks run.
  const onSignal = (signal: NodeJS.Signals) => {
    killOnExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killOnExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  child.once('exit', () => {
    process.removeListener('exit', killOnExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return {
    child,
    port,
    url: (folder) => `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    log: () => output,
    stop: () => killGroup(child),
  };
}

async function waitForHealth(port: number, server: RunningServer): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.child.exitCode !== null) throw new Error(`code-server exited with ${server.child.exitCode}:\n${server.log()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer /healthz within 60 s:\n${server.log()}`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // Helpers (the extension host, file watchers) may outlive the server by a moment.
  signal('SIGKILL');
}
