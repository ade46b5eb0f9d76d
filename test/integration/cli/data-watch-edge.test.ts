// `ponte data watch` as a process, when things go wrong around it: the watcher stopped with
// SIGSTOP or killed with -9 while a status waits on it, its parent gone (--stop-with-stdin), its
// stdout closed; and the editor's side (src/extension/data/watcher-process.ts): one watcher per
// repository however many folders, nothing in an untrusted workspace, none left after the
// window, no restart loop when the watcher cannot start.
import '../../unit/extension/fake-vscode';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fakeValues } from '../../unit/extension/fake-vscode';
import type { PonteContext } from '../../../src/extension/context';
import { DataWatcherProcesses } from '../../../src/extension/data/watcher-process';
import { CLI, ponte, tempGitRepo } from '../data/lib/ponte';

const repoRoot = resolve(__dirname, '../../..');

/** A repository with one tracked file, removed afterwards. */
async function withRepo(prefix: string, fn: (repo: string) => Promise<void>): Promise<void> {
  const repo = tempGitRepo(prefix);
  try {
    writeFileSync(join(repo, 'm.bin'), 'weights');
    assert.equal(ponte(repo, 'data', 'add', 'm.bin').code, 0);
    await fn(repo);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/** Polls `check` until it holds, at most `tries` times 100 ms apart. */
async function until(what: string, check: () => boolean, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}

const watcherUp = (repo: string) => ponte(repo, 'data', 'watch', '--status').code === 0;

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** `ponte data status --json` run asynchronously (so a watcher can be killed meanwhile). */
function statusAsync(repo: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'data', 'status', '--json'], { cwd: repo, env: { ...process.env, PONTE_DEBUG: '' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', () => resolve(out));
  });
}

function startWatcher(repo: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, 'data', 'watch', ...args], { cwd: repo, env: { ...process.env, PONTE_DEBUG: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
}

test('a stopped watcher (SIGSTOP) does not hang status, nor does one killed with -9 while status waits on it', { timeout: 60_000 }, () =>
  withRepo('ponte-watch-stopped-', async (repo) => {
    const watcher = startWatcher(repo);
    try {
      await until('the watcher answers', () => watcherUp(repo));
      appendFileSync(join(repo, 'm.bin'), '+');
      const truth = ponte(repo, 'data', 'status', '--json', '--no-watcher').stdout;
      assert.match(truth, /modified/);
      process.kill(watcher.pid!, 'SIGSTOP');
      assert.equal(ponte(repo, 'data', 'status', '--json').stdout, truth, 'the stopped watcher is given up on');
      const waiting = statusAsync(repo);
      process.kill(watcher.pid!, 'SIGKILL');
      assert.equal(await waiting, truth, 'killed mid-request: status reads the workspace');
    } finally {
      watcher.kill('SIGKILL');
      await exited(watcher);
    }
  }),
);

test('--stop-with-stdin: the watcher stops when its parent goes away (its stdin closes)', { timeout: 60_000 }, () =>
  withRepo('ponte-watch-stdin-', async (repo) => {
    const watcher = startWatcher(repo, '--stop-with-stdin');
    let log = '';
    watcher.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
    try {
      await until('the watcher answers', () => watcherUp(repo));
      watcher.stdin!.end();
      assert.equal(await exited(watcher), 0);
      assert.match(log, /stopped: standard input closed/);
      assert.equal(watcherUp(repo), false);
    } finally {
      watcher.kill('SIGKILL');
    }
  }),
);

test('a watcher whose stdout was closed keeps serving when it has something to log', { timeout: 60_000 }, () =>
  withRepo('ponte-watch-stdout-', async (repo) => {
    const watcher = startWatcher(repo);
    try {
      await until('the watcher answers', () => watcherUp(repo));
      watcher.stdout!.destroy();
      watcher.stderr!.destroy();
      writeFileSync(join(repo, '.dvc', 'config'), '[core]\n    autostage = false\n'); // it logs that it re-reads the repository
      assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'm.bin', status: 'unchanged' }]);
      assert.equal(watcherUp(repo), true, 'still serving after writing to a closed stdout');
      assert.equal(ponte(repo, 'data', 'watch', '--stop').code, 0);
      assert.equal(await exited(watcher), 0);
    } finally {
      watcher.kill('SIGKILL');
    }
  }),
);

/** The editor's side, with a fake vscode and the real CLI (dist/cli.js) as the extension's. */
function editorWatchers(trusted: boolean, log: string[] = []): DataWatcherProcesses {
  fakeValues['workspace.getConfiguration'] = () => ({ get: (_key: string, fallback: unknown) => fallback });
  const ctx = { isTrusted: () => trusted, extension: { extensionPath: repoRoot }, log: { info: (l: string) => log.push(l) } } as unknown as PonteContext;
  return new DataWatcherProcesses(ctx);
}

test('the editor: one watcher for two folders of one repository, none when untrusted, none left after the window or once turned off', { timeout: 60_000 }, () =>
  withRepo('ponte-watch-editor-', async (repo) => {
    mkdirSync(join(repo, 'src'));
    const untrusted = editorWatchers(false);
    await untrusted.ensure(repo);
    assert.equal(untrusted.child(repo), undefined, 'nothing runs in an untrusted workspace');
    untrusted.dispose();

    const watchers = editorWatchers(true);
    let child: ChildProcess | undefined;
    try {
      await Promise.all([watchers.ensure(repo), watchers.ensure(join(repo, 'src'))]);
      child = watchers.child(repo);
      assert.ok(child, 'a watcher was started');
      assert.equal(watchers.child(join(repo, 'src')), child, 'the subfolder shares the repository’s watcher');
      await until('the watcher answers', () => watcherUp(repo));
      await watchers.ensure(join(repo, 'src'));
      assert.equal(watchers.child(repo), child, 'asked again: the same one');
      watchers.dispose();
      assert.equal(await exited(child), 0);
      assert.equal(watcherUp(repo), false);

      // ponte.data.watcher turned off while it runs: the next refresh stops it.
      const again = editorWatchers(true);
      await again.ensure(repo);
      child = again.child(repo);
      assert.ok(child);
      await until('the watcher answers', () => watcherUp(repo));
      fakeValues['workspace.getConfiguration'] = () => ({ get: (key: string, fallback: unknown) => (key === 'data.watcher' ? false : fallback) });
      await again.ensure(repo);
      assert.equal(again.child(repo), undefined);
      assert.equal(await exited(child), 0);
      again.dispose();
    } finally {
      watchers.dispose();
      child?.kill('SIGKILL');
    }
  }),
);

test('the editor: a watcher that cannot start is not started again on every refresh', { timeout: 60_000, skip: process.getuid?.() !== 0 ? 'needs root to make a directory of another user' : undefined }, () =>
  withRepo('ponte-watch-editor-fail-', async (repo) => {
    const saved = process.env.XDG_RUNTIME_DIR;
    const runtime = mkdtempSync(join(tmpdir(), 'ponte-xdg-'));
    mkdirSync(join(runtime, 'ponte-0'), { mode: 0o700 });
    chownSync(join(runtime, 'ponte-0'), 65534, 65534); // another user's socket directory: the watcher refuses it
    process.env.XDG_RUNTIME_DIR = runtime;
    const log: string[] = [];
    const watchers = editorWatchers(true, log);
    try {
      await watchers.ensure(repo);
      const child = watchers.child(repo);
      assert.ok(child);
      assert.equal(await exited(child), 1);
      await until('the failure is logged', () => log.some((l) => /not started again/.test(l)));
      assert.ok(log.some((l) => /data\.watch_unsafe_dir/.test(l)), log.join('\n'));
      await watchers.ensure(repo);
      assert.equal(watchers.child(repo), undefined, 'not started again');
    } finally {
      watchers.dispose();
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
      rmSync(runtime, { recursive: true, force: true });
    }
  }),
);

test('--detach where .dvc/tmp is a file: a clear error naming it, not an internal one', () =>
  withRepo('ponte-watch-tmpfile-', async (repo) => {
    rmSync(join(repo, '.dvc', 'tmp'), { recursive: true, force: true });
    writeFileSync(join(repo, '.dvc', 'tmp'), 'not a directory');
    const r = ponte(repo, 'data', 'watch', '--detach');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error\[io\.\w+\]: .*\.dvc\/tmp\/ponte-watch\.log: cannot open the log/);
    assert.match(r.stderr, /\n {2}hint: .*\.dvc\/tmp must be a directory you can write/);
    assert.doesNotMatch(r.stderr, /internal|bug in Ponte|\n\s+at /);
  }),
);

test('--stop-with-stdin: a watcher asked to stop (--stop) exits while its stdin is still open', { timeout: 60_000 }, () =>
  withRepo('ponte-watch-stdin-stop-', async (repo) => {
    const watcher = startWatcher(repo, '--stop-with-stdin');
    try {
      await until('the watcher answers', () => watcherUp(repo));
      assert.equal(ponte(repo, 'data', 'watch', '--stop').code, 0);
      assert.equal(await exited(watcher), 0);
    } finally {
      watcher.kill('SIGKILL');
    }
  }),
);
