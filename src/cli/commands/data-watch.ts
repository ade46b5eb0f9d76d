// `ponte data watch`: runs the data watcher for the repository here (in the foreground, or
// detached with its log in .dvc/tmp), stops it, or reports on it. `ponte data status` asks a
// running watcher on its own; nothing else needs configuring.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError, fromSystemError } from '../../core/errors';
import { findRepoRoot } from '../../core/data/index';
import { DataWatchService } from '../../core/data/watch';
import { queryWatcher, type WatchInfo } from '../../core/data/watch-client';
import { parseCommandArgs } from '../command';
import { keepRunningOnClosedOutput, renderJson } from '../output';
import type { DataWatchStatusOutput } from '../../core/cli-json';

export const WATCH_HELP = `Usage: ponte data watch [--detach | --stop | --status] [--json] [--stop-with-stdin]

Keeps 'ponte data status' instant: a watcher process learns from file-system events which
tracked data changed, so unchanged data is never read or even stat'ed again. 'ponte data
status' (and the editor) use a running watcher on their own and fall back to reading the
workspace when none runs.

Options:
  --detach     start it in the background (log: .dvc/tmp/ponte-watch.log) and return
  --stop       stop the watcher of this repository
  --status     say whether one runs, since when, and what it watches (exit 1 when none)
  --json       with --status: print the answer as JSON
  --stop-with-stdin
               stop when standard input closes: for a program (an editor) that runs the
               watcher as its child, so it stops even when that program is killed
`;

function repoRootHere(): string {
  const root = findRepoRoot(process.cwd());
  if (!root) {
    throw new PonteError('data.not_a_repo', `no DVC repository (a .dvc directory) at or above ${process.cwd()}`, {
      file: process.cwd(),
      hint: "run 'ponte data add PATH' to start one, or 'dvc init'",
    });
  }
  return root;
}

async function ping(root: string): Promise<WatchInfo | undefined> {
  const r = await queryWatcher(root, { op: 'ping' });
  return r?.ok && 'info' in r ? r.info : undefined;
}

function describe(info: WatchInfo): string {
  return `a data watcher runs for ${info.root} (pid ${info.pid}, since ${info.startedAt}): ${info.outs} outputs, ${info.directories} directories watched, ${info.requests} requests answered`;
}

async function detach(root: string): Promise<number> {
  const running = await ping(root);
  if (running) {
    process.stdout.write(`${describe(running)}\n`);
    return 0;
  }
  const logFile = path.join(root, '.dvc', 'tmp', 'ponte-watch.log');
  let fd: number;
  try {
    mkdirSync(path.dirname(logFile), { recursive: true });
    fd = openSync(logFile, 'a');
  } catch (e) {
    const io = fromSystemError(e, logFile, 'open the log');
    throw new PonteError(io.code, io.message, { file: logFile, hint: io.hint ?? `${path.dirname(logFile)} must be a directory you can write (DVC keeps its temporary files there)`, cause: e });
  }
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'data', 'watch'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  // Bounded: the first answer needs the initial read of every output.
  for (let i = 0; i < 600 && exited === undefined; i++) {
    const info = await ping(root);
    if (info) {
      process.stdout.write(`started: ${describe(info)}\nlog: ${logFile}\n`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new PonteError('data.watch_failed', `the data watcher did not start${exited === undefined ? ' within a minute' : ` (it exited with ${exited})`}`, {
    file: logFile,
    hint: `read ${logFile}, or run 'ponte data watch' in the foreground to see why`,
  });
}

export const watchOptions = {
  detach: { type: 'boolean' },
  stop: { type: 'boolean' },
  status: { type: 'boolean' },
  json: { type: 'boolean' },
  'stop-with-stdin': { type: 'boolean' },
} as const;

export async function watchSubcommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('data watch', argv, watchOptions, WATCH_HELP);
  if (!args) return 0;
  if (args.positionals.length) {
    throw new PonteError('usage.bad_arguments', 'ponte data watch takes no paths: it watches everything the repository tracks', { hint: 'ponte data watch --detach' });
  }
  const root = repoRootHere();
  if (args.values.status) {
    const info = await ping(root);
    if (args.values.json) process.stdout.write(renderJson((info ?? null) satisfies DataWatchStatusOutput));
    else process.stdout.write(info ? `${describe(info)}\n` : `no data watcher runs for ${root}\n`);
    return info ? 0 : 1;
  }
  if (args.values.stop) {
    const r = await queryWatcher(root, { op: 'stop' });
    process.stdout.write(r?.ok ? `stopped the data watcher of ${root}\n` : `no data watcher runs for ${root}\n`);
    return 0;
  }
  if (args.values.detach) return detach(root);

  const log = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const service = await DataWatchService.start(root, { log });
  const stop = (): void => void service.close('interrupted');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A closed stdout (the program reading the log went away) must not end the watcher mid-request.
  keepRunningOnClosedOutput();
  if (args.values['stop-with-stdin']) {
    process.stdin.on('error', () => undefined);
    process.stdin.on('close', () => void service.close('standard input closed (its parent went away)'));
    process.stdin.resume();
  }
  log(`watching ${root} (socket ${service.socket}); Ctrl+C stops`);
  const t0 = Date.now();
  try {
    const entries = await service.status();
    log(`ready in ${Date.now() - t0} ms: ${entries.length} outputs, ${service.info().directories} directories watched`);
  } catch (e) {
    // A broken .dvc file is the user's to fix; the watcher keeps serving and reports it per request.
    log(`first read failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const reason = await service.done;
  log(`stopped: ${reason}`);
  // Stdin read for --stop-with-stdin would keep the process alive after a --stop or a signal.
  if (args.values['stop-with-stdin']) process.stdin.destroy();
  return 0;
}
