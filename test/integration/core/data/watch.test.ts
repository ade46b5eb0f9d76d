// The data watcher (src/core/data/watch.ts) against the truth: after every change a person or a
// tool can make to tracked data, its answer must equal `data status` reading the workspace.
// Real files, real inotify, a real Unix socket.
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addData, dataStatus, type DataStatusEntry } from '../../../../src/core/data/index';
import { DataWatchService } from '../../../../src/core/data/watch';
import { queryWatcher, watchSocketPath } from '../../../../src/core/data/watch-client';
import { rawRequest } from './lib/watch-raw';

function makeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'ponte-watch-'));
  mkdirSync(join(root, '.dvc'));
  mkdirSync(join(root, 'data', 'a', 'b'), { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(join(root, 'data', i % 2 ? 'a' : 'a/b', `f${i}.csv`), `id,v\n${i},${i * 3}\n`);
  writeFileSync(join(root, 'model.bin'), 'weights v1');
  return root;
}

const brief = (entries: DataStatusEntry[]) => entries.map((e) => `${e.path}=${e.status}${e.actual ? `:${e.actual}` : ''}`).join(' ');

/** The watcher's answer and the stat-based one, side by side. */
async function bothWays(service: DataWatchService, root: string): Promise<[string, string]> {
  return [brief(await service.status()), brief(await dataStatus({ cwd: root, watcher: false }))];
}

/** Deterministic pseudo-random numbers: a failure replays. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('data watcher', () => {
  let root: string;
  let service: DataWatchService;

  before(async () => {
    root = makeRepo();
    await addData({ cwd: root, paths: ['data', 'model.bin'], git: false });
    service = await DataWatchService.start(root);
  });
  after(async () => {
    await service?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('answers unchanged for untouched data, and ponte data status asks it', async () => {
    const [watched, read] = await bothWays(service, root);
    assert.equal(watched, read);
    assert.match(watched, /data=unchanged.*model\.bin=unchanged/);
    const before = service.info().requests;
    const viaSocket = await dataStatus({ cwd: root });
    assert.equal(brief(viaSocket), read);
    assert.equal(service.info().requests, before + 1, 'dataStatus went through the watcher');
    const rescans = service.info().rescans;
    await service.status();
    assert.equal(service.info().rescans, rescans, 'nothing changed, so nothing was read again');
  });

  test('every kind of change, made at random, gives the same answer as reading the workspace', async () => {
    const rand = lcg(42);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const filesUnder = (dir: string): string[] =>
      readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
    const cacheObjects = (): string[] => {
      const base = join(root, '.dvc', 'cache', 'files', 'md5');
      return readdirSync(base, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
    };
    const ops: Record<string, () => Promise<void> | void> = {
      'edit a file in place': () => {
        const files = filesUnder('data');
        if (files.length) appendFileSync(pick(files), `${Math.floor(rand() * 1000)}\n`);
      },
      'replace a file by rename': () => {
        const files = filesUnder('data');
        if (!files.length) return;
        const f = pick(files);
        writeFileSync(`${f}.tmp`, `replaced ${rand()}\n`);
        renameSync(`${f}.tmp`, f);
      },
      'delete a file': () => {
        const files = filesUnder('data');
        if (files.length > 2) unlinkSync(pick(files));
      },
      'new directory with a file': () => {
        const d = join(root, 'data', 'a', `new${Math.floor(rand() * 5)}`);
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, 'x.csv'), `new ${rand()}\n`);
      },
      'remove a directory': () => rmSync(join(root, 'data', 'a', 'b'), { recursive: true, force: true }),
      // inotify watches inodes, and inode numbers are reused at once: these found dead watches.
      'remove a directory and make it again': () => {
        rmSync(join(root, 'data', 'a', 'b'), { recursive: true, force: true });
        mkdirSync(join(root, 'data', 'a', 'b'));
        writeFileSync(join(root, 'data', 'a', 'b', `f${Math.floor(rand() * 20)}.csv`), `again ${rand()}\n`);
      },
      'swap data for a copy of itself': () => {
        renameSync(join(root, 'data'), join(root, 'data.old'));
        cpSync(join(root, 'data.old'), join(root, 'data'), { recursive: true });
        rmSync(join(root, 'data.old'), { recursive: true });
      },
      'edit the model': () => writeFileSync(join(root, 'model.bin'), `weights ${rand()}`),
      'delete the model': () => rmSync(join(root, 'model.bin'), { force: true }),
      'ignore csv files below data/a/b': () => writeFileSync(join(root, '.dvcignore'), rand() < 0.5 ? 'data/a/b/*.csv\n' : ''),
      'track what is there now': async () => {
        if (filesUnder('data').length) await addData({ cwd: root, paths: ['data'], git: false });
      },
      'drop an object from the cache': () => {
        const objects = cacheObjects();
        if (objects.length) {
          const o = pick(objects);
          chmodSync(o, 0o644);
          unlinkSync(o);
        }
      },
      "drop the model's current object from the cache": () => {
        const md5 = /md5: ([0-9a-f]{32})/.exec(readFileSync(join(root, 'model.bin.dvc'), 'utf8'))![1];
        rmSync(join(root, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2)), { force: true });
      },
      'track the model again': async () => {
        writeFileSync(join(root, 'model.bin'), `weights ${rand()}`);
        await addData({ cwd: root, paths: ['model.bin'], git: false });
      },
    };
    const names = Object.keys(ops);
    const seen = new Set<string>();
    for (let step = 0; step < 80; step++) {
      const name = pick(names);
      await ops[name]();
      const [watched, read] = await bothWays(service, root);
      assert.equal(watched, read, `step ${step} (${name})`);
      for (const e of read.split(' ')) seen.add(e.replace(/:.*/, ''));
    }
    // The walk must have met each verdict, or it proved less than it claims.
    for (const verdict of ['data=modified', 'data=unchanged', 'model.bin=missing', 'model.bin=unchanged']) assert.ok(seen.has(verdict), `never saw ${verdict}`);
    assert.ok([...seen].some((v) => v.endsWith('=not_in_cache')), 'never saw not_in_cache');
  });

  test('a second watcher for the same repository is refused', async () => {
    await assert.rejects(DataWatchService.start(root), (e: Error & { code?: string }) => e.code === 'data.watch_running' && /already runs/.test(e.message));
  });

  test('errors travel back as the same clear error', async () => {
    await assert.rejects(dataStatus({ cwd: root, paths: ['nothing-here.csv'] }), (e: Error & { code?: string; hint?: string }) => e.code === 'data.not_tracked' && /data add/.test(e.hint ?? ''));
  });

  test('a broken request gets an error answer, never a crash', async () => {
    const raw = (line: string) => rawRequest(root, line);
    assert.match(await raw('not json\n'), /"ok":false.*data\.watch_bad_request/);
    assert.match(await raw('{"op":"format-disk"}\n'), /"ok":false.*unknown op/);
    assert.match(await raw('{"op":"status","paths":[1]}\n'), /"ok":false.*paths must be a list of strings/);
    const ping = await queryWatcher(root, { op: 'ping' });
    assert.ok(ping?.ok && 'info' in ping && ping.info.pid === process.pid, 'still serving');
  });

  test('when it cannot trust events (no cookie seen), the watcher reads everything again rather than guess', async () => {
    const impatient = await DataWatchService.start(root, { listen: false, cookieTimeoutMs: 0 }); // 0: events are never trusted
    try {
      await impatient.status();
      const rescans = impatient.info().rescans;
      appendFileSync(join(root, 'model.bin'), '!');
      const [watched, read] = [brief(await impatient.status()), brief(await dataStatus({ cwd: root, watcher: false }))];
      assert.equal(watched, read);
      assert.ok(impatient.info().rescans >= rescans + 2, 'every output was read again');
    } finally {
      await impatient.close();
    }
  });
});

describe('data status without a watcher', () => {
  test('a stale socket file (a watcher killed with -9) falls back to reading the workspace', async () => {
    const root = makeRepo();
    try {
      await addData({ cwd: root, paths: ['model.bin'], git: false });
      const socket = watchSocketPath(root, true);
      writeFileSync(socket, ''); // a plain file where a socket was: connecting fails
      assert.equal(brief(await dataStatus({ cwd: root })).replace(/:.*/, ''), 'model.bin=unchanged');
      // And a new watcher tidies it up and starts.
      const service = await DataWatchService.start(root);
      await service.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
