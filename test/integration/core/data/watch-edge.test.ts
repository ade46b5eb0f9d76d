// The data watcher (src/core/data/watch.ts) under the changes and clients most likely to fool
// it: directories replaced at the same path, a replaced parent or cache, .dvc/tmp deleted,
// reads that fail, .dvc edits, legacy DVC 2 outputs, a moved cache, symbolic links, and
// clients that misbehave. After each change the watcher's answer must equal `data status`
// reading the workspace.
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { addData, dataStatus, type DataStatusEntry } from '../../../../src/core/data/index';
import { hashBytes } from '../../../../src/core/data/hash';
import { DataWatchService } from '../../../../src/core/data/watch';
import { eventsSeeAllChanges } from '../../../../src/core/data/fs-events';
import { queryWatcher, statusFromWatcher, watchSocketPath } from '../../../../src/core/data/watch-client';
import { rawRequest } from './lib/watch-raw';

const brief = (entries: DataStatusEntry[]) => entries.map((e) => `${e.path}=${e.status}${e.actual ? `:${e.actual}` : ''}`).join(' ');

/** The workspace read directly, or the error it gives, as one comparable string. */
async function truth(root: string): Promise<string> {
  try {
    return brief(await dataStatus({ cwd: root, watcher: false }));
  } catch (e) {
    return `error ${(e as { code?: string }).code}`;
  }
}

async function watched(service: DataWatchService): Promise<string> {
  try {
    return brief(await service.status());
  } catch (e) {
    return `error ${(e as { code?: string }).code}`;
  }
}

/** Asserts the watcher agrees with reading the workspace (hashes too); returns the verdicts (`path=status ...`). */
async function agree(service: DataWatchService, root: string, step: string): Promise<string> {
  const [w, t] = [await watched(service), await truth(root)];
  assert.equal(w, t, step);
  return t.replace(/:[0-9a-f]{32}(?:\.dir)?/g, '');
}

function tempRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'ponte-watch-edge-'));
  mkdirSync(join(root, '.dvc'));
  return root;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

describe('data watcher: directories replaced at the same path', () => {
  let root: string;
  let service: DataWatchService | undefined;
  beforeEach(() => {
    root = tempRepo();
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  test('a subdirectory deleted and made again between two requests is still watched', async () => {
    write(root, 'd1/sub/x.csv', 'x\n1\n');
    write(root, 'd1/top.csv', 't\n');
    await addData({ cwd: root, paths: ['d1'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /d1=unchanged/);
    rmSync(join(root, 'd1', 'sub'), { recursive: true });
    write(root, 'd1/sub/x.csv', 'x\n1\n');
    assert.match(await agree(service, root, 'same bytes in a new directory'), /d1=unchanged/);
    appendFileSync(join(root, 'd1', 'sub', 'x.csv'), '2\n');
    assert.match(await agree(service, root, 'an edit inside the new directory'), /d1=modified/);
  });

  test('an output that turns from a file into a directory and back', async () => {
    write(root, 'fd/thing', 'a file');
    await addData({ cwd: root, paths: ['fd/thing'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /fd\/thing=unchanged/);
    rmSync(join(root, 'fd', 'thing'));
    write(root, 'fd/thing/inner.csv', 'now a directory\n');
    assert.match(await agree(service, root, 'a directory'), /fd\/thing=modified/);
    appendFileSync(join(root, 'fd', 'thing', 'inner.csv'), 'edited\n');
    await agree(service, root, 'edited inside');
    rmSync(join(root, 'fd', 'thing'), { recursive: true });
    write(root, 'fd/thing', 'a file');
    assert.match(await agree(service, root, 'a file again'), /fd\/thing=unchanged/);
  });

  test('a tracked directory renamed away and another put in its place is watched again', async () => {
    write(root, 'd2/a/x.csv', 'x\n1\n');
    await addData({ cwd: root, paths: ['d2'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    renameSync(join(root, 'd2'), join(root, 'd2-old'));
    cpSync(join(root, 'd2-old'), join(root, 'd2'), { recursive: true });
    assert.match(await agree(service, root, 'a copy in its place'), /d2=unchanged/);
    appendFileSync(join(root, 'd2', 'a', 'x.csv'), '2\n');
    assert.match(await agree(service, root, 'an edit in the copy'), /d2=modified/);
    appendFileSync(join(root, 'd2-old', 'a', 'x.csv'), '3\n');
    await agree(service, root, 'an edit in the old one, now untracked');
    // Away and back: the same directories, so the same watches.
    rmSync(join(root, 'd2'), { recursive: true });
    renameSync(join(root, 'd2-old'), join(root, 'd2'));
    await agree(service, root, 'the old one back');
    writeFileSync(join(root, 'd2', 'a', 'x.csv'), 'x\n1\n');
    assert.match(await agree(service, root, 'restored'), /d2=unchanged/);
  });

  test('a directory renamed into place, later deleted and made again: still watched', async () => {
    write(root, 'r/out.tmp/p.csv', 'p\n');
    await addData({ cwd: root, paths: ['r'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start: r/out.tmp watched');
    renameSync(join(root, 'r', 'out.tmp'), join(root, 'r', 'out')); // as a tool publishes its output
    await agree(service, root, 'renamed into place: r/out watched (the same directory)');
    for (let run = 0; run < 3; run++) {
      rmSync(join(root, 'r', 'out'), { recursive: true });
      write(root, 'r/out/p.csv', 'p\n'); // the file system may hand out the same inode number again
      await agree(service, root, `run ${run}: made again`);
      appendFileSync(join(root, 'r', 'out', 'p.csv'), `edit ${run}\n`);
      assert.match(await agree(service, root, `run ${run}: edited inside`), /r=modified/);
    }
  });

  test('a nested repository inside tracked data: its .git is neither hashed nor watched', async () => {
    write(root, 'ds/x.csv', 'x\n');
    write(root, 'ds/.git/objects/ab/cd', 'git object');
    write(root, 'ds/.git/HEAD', 'ref: refs/heads/main\n');
    await addData({ cwd: root, paths: ['ds'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    const watched = service.info().directories;
    write(root, 'ds/.git/objects/ef/01', 'another object'); // git at work
    await agree(service, root, 'git at work');
    const rescans = service.info().rescans;
    writeFileSync(join(root, 'ds', '.git', 'HEAD'), 'ref: refs/heads/other\n');
    await agree(service, root, 'git at work again');
    assert.equal(service.info().rescans, rescans, 'a change in .git is no reason to read ds again');
    assert.equal(service.info().directories, watched);
    appendFileSync(join(root, 'ds', 'x.csv'), 'y\n');
    assert.match(await agree(service, root, 'the data edited'), /ds=modified/);
  });

  test('a budget of inotify watches: what does not fit is read on every request, and takes none of it', async () => {
    write(root, 'small/x.csv', 'x\n');
    for (let i = 0; i < 12; i++) write(root, `big/d${i}/y.csv`, `${i}\n`);
    await addData({ cwd: root, paths: ['small', 'big'], git: false });
    const lines: string[] = [];
    // Room for the cookie directory, the cache's few, and small's two; not for big's thirteen.
    const prefixes = readdirSync(join(root, '.dvc', 'cache', 'files', 'md5')).length;
    const maxWatches = 1 + 3 + prefixes + 2 + 4;
    service = await DataWatchService.start(root, { listen: false, maxWatches, log: (l) => lines.push(l) });
    await agree(service, root, 'start');
    assert.ok(service.info().directories <= maxWatches, `${service.info().directories} watched`);
    assert.ok(lines.some((l) => /max_user_watches/.test(l)), lines.join('\n'));
    appendFileSync(join(root, 'big', 'd7', 'y.csv'), 'edited\n');
    assert.match(await agree(service, root, 'an edit in the output that did not fit'), /big=modified small=unchanged/);
    appendFileSync(join(root, 'small', 'x.csv'), 'edited\n');
    assert.match(await agree(service, root, 'an edit in the one watched'), /big=modified small=modified/);
    const rescans = service.info().rescans;
    await agree(service, root, 'nothing changed');
    assert.equal(service.info().rescans, rescans + 1, 'only the output that did not fit was read again');
  });

  test('after churn, exactly the directories that matter are watched (no watch leaks)', async () => {
    for (let i = 0; i < 6; i++) write(root, `churn/d${i}/e/x.csv`, `${i}\n`);
    await addData({ cwd: root, paths: ['churn'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 6; i++) {
        const d = join(root, 'churn', `d${i}`);
        if ((i + round) % 3 === 0) rmSync(d, { recursive: true, force: true });
        else if ((i + round) % 3 === 1) {
          rmSync(d, { recursive: true, force: true });
          write(root, `churn/d${i}/e/x.csv`, `${round}\n`);
        } else if (existsSync(d)) {
          renameSync(d, `${d}.moved`);
          renameSync(`${d}.moved`, d);
        }
      }
      await agree(service, root, `round ${round}`);
    }
    const dirsUnder = (d: string): number =>
      existsSync(d) ? 1 + readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).reduce((n, e) => n + dirsUnder(join(d, e.name)), 0) : 0;
    const cache = join(root, '.dvc', 'cache');
    const prefixes = readdirSync(join(cache, 'files', 'md5')).length;
    // churn/** + the root (churn's parent) + cache, files, files/md5 and its prefixes + the cookie directory
    assert.equal(service.info().directories, dirsUnder(join(root, 'churn')) + 1 + 3 + prefixes + 1);
  });

  test("a file's parent directory replaced by a copy: edits in the copy are seen", async () => {
    write(root, 'p/deep/m.bin', 'weights');
    await addData({ cwd: root, paths: ['p/deep/m.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /p\/deep\/m\.bin=unchanged/);
    // The whole tree above the file, .dvc file included, is swapped for a copy.
    renameSync(join(root, 'p'), join(root, 'p-old'));
    cpSync(join(root, 'p-old'), join(root, 'p'), { recursive: true });
    rmSync(join(root, 'p-old'), { recursive: true });
    assert.match(await agree(service, root, 'the copy'), /p\/deep\/m\.bin=unchanged/);
    writeFileSync(join(root, 'p', 'deep', 'm.bin'), 'other weights');
    assert.match(await agree(service, root, 'an edit in the copy'), /p\/deep\/m\.bin=modified/);
  });

  test('the cache deleted and made again: objects dropped from the new cache are noticed', async () => {
    write(root, 'c/m.bin', 'cache me');
    await addData({ cwd: root, paths: ['c/m.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /c\/m\.bin=unchanged/);
    const cache = join(root, '.dvc', 'cache');
    chmodSync(cache, 0o755);
    rmSync(cache, { recursive: true, force: true });
    await addData({ cwd: root, paths: ['c/m.bin'], git: false }); // writes a fresh cache
    assert.match(await agree(service, root, 'a fresh cache'), /c\/m\.bin=unchanged/);
    const md5 = hashBytes(Buffer.from('cache me'));
    rmSync(join(cache, 'files', 'md5', md5.slice(0, 2), md5.slice(2)), { force: true });
    assert.match(await agree(service, root, 'its object dropped'), /c\/m\.bin=not_in_cache/);
  });

  test('.dvc/tmp deleted: requests still see their cookies instead of timing out and re-reading', async () => {
    write(root, 't/m.bin', 'weights');
    await addData({ cwd: root, paths: ['t/m.bin'], git: false });
    const lines: string[] = [];
    service = await DataWatchService.start(root, { listen: false, log: (l) => lines.push(l) });
    await agree(service, root, 'start');
    rmSync(join(root, '.dvc', 'tmp'), { recursive: true, force: true });
    await agree(service, root, 'after .dvc/tmp went');
    const rescans = service.info().rescans;
    await agree(service, root, 'nothing changed since');
    assert.equal(service.info().rescans, rescans, 'nothing was read again');
    assert.deepEqual(lines.filter((l) => /cookie/.test(l)), [], 'no cookie was missed');
  });
});

describe('data watcher: reads that fail, .dvc edits, legacy outputs, a moved cache, links', () => {
  let root: string;
  let service: DataWatchService | undefined;
  beforeEach(() => {
    root = tempRepo();
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  test('a read that fails fails again on the next request, as reading the workspace does', async () => {
    write(root, 'e/x.csv', 'x\n');
    await addData({ cwd: root, paths: ['e'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    mkdirSync(join(root, 'e', '.dvcignore')); // a directory where a file is read: EISDIR
    assert.match(await agree(service, root, 'first request'), /^error /);
    assert.match(await agree(service, root, 'second request'), /^error /);
    rmSync(join(root, 'e', '.dvcignore'), { recursive: true });
    assert.match(await agree(service, root, 'fixed'), /e=unchanged/);
  });

  test('.dvc edits: a recorded md5 changed, an output added to an existing .dvc file', async () => {
    write(root, 'f/a.txt', 'a\n');
    write(root, 'f/b.txt', 'b\n');
    await addData({ cwd: root, paths: ['f/a.txt'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    const dvc = join(root, 'f', 'a.txt.dvc');
    const text = readFileSync(dvc, 'utf8');
    writeFileSync(dvc, text.replace(/md5: [0-9a-f]{32}/, `md5: ${'0'.repeat(32)}`));
    assert.match(await agree(service, root, 'recorded md5 changed'), /f\/a\.txt=modified/);
    writeFileSync(dvc, `${text.trimEnd()}\n- md5: ${hashBytes(Buffer.from('b\n'))}\n  size: 2\n  hash: md5\n  path: b.txt\n`);
    assert.match(await agree(service, root, 'an output added'), /f\/a\.txt=unchanged f\/b\.txt=not_in_cache/);
    appendFileSync(join(root, 'f', 'b.txt'), 'more\n');
    assert.match(await agree(service, root, 'the added output edited'), /f\/b\.txt=modified/);
    writeFileSync(dvc, text);
    assert.doesNotMatch(await agree(service, root, 'the output removed again'), /b\.txt/);
  });

  test('a .dvc file deleted, the data changed meanwhile, the .dvc file back; and .dvc/ made again from scratch', async () => {
    write(root, 'q/m.bin', 'weights');
    await addData({ cwd: root, paths: ['q/m.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    const dvc = join(root, 'q', 'm.bin.dvc');
    const text = readFileSync(dvc, 'utf8');
    rmSync(dvc);
    assert.equal(await agree(service, root, 'no longer tracked'), '');
    writeFileSync(join(root, 'q', 'm.bin'), 'changed while untracked');
    writeFileSync(dvc, text);
    assert.match(await agree(service, root, 'tracked again'), /q\/m\.bin=modified/);
    writeFileSync(join(root, 'q', 'm.bin'), 'weights');
    assert.match(await agree(service, root, 'restored'), /q\/m\.bin=unchanged/);
    rmSync(join(root, '.dvc'), { recursive: true, force: true });
    mkdirSync(join(root, '.dvc'));
    writeFileSync(join(root, '.dvc', 'config'), '');
    assert.match(await agree(service, root, '.dvc made again: an empty cache'), /q\/m\.bin=not_in_cache/);
    await addData({ cwd: root, paths: ['q/m.bin'], git: false });
    assert.match(await agree(service, root, 'added again'), /q\/m\.bin=unchanged/);
    appendFileSync(join(root, 'q', 'm.bin'), '!');
    assert.match(await agree(service, root, 'edited'), /q\/m\.bin=modified/);
  });

  test('nested outputs (a .dvc file inside a tracked directory) and requests limited to some paths', async () => {
    write(root, 'nest/sub/x.csv', 'x\n');
    write(root, 'nest/y.csv', 'y\n');
    await addData({ cwd: root, paths: ['nest/sub/x.csv'], git: false });
    // data add refuses overlapping outputs; a hand-made (or merged) repository can have them.
    renameSync(join(root, 'nest', 'sub', 'x.csv.dvc'), join(root, 'x.csv.dvc.aside'));
    await addData({ cwd: root, paths: ['nest'], git: false });
    renameSync(join(root, 'x.csv.dvc.aside'), join(root, 'nest', 'sub', 'x.csv.dvc'));
    service = await DataWatchService.start(root, { listen: false });
    const both = async (paths: string[] | undefined, step: string) => {
      const w = await service!.status(paths?.map((p) => join(root, p))).then(brief, (e: { code?: string }) => `error ${e.code}`);
      const t = await dataStatus({ cwd: root, paths, watcher: false }).then(brief, (e: { code?: string }) => `error ${e.code}`);
      assert.equal(w, t, step);
      return t.replace(/:[0-9a-f]{32}(?:\.dir)?/g, '');
    };
    assert.equal(await both(['nest/sub/x.csv'], 'the nested one alone'), 'nest/sub/x.csv=unchanged');
    assert.equal(await both(undefined, 'all: the nested .dvc file is inside nest, so not listed'), 'nest=modified');
    appendFileSync(join(root, 'nest', 'sub', 'x.csv'), 'edited\n');
    assert.equal(await both(['nest/sub/x.csv.dvc'], 'by its .dvc file'), 'nest/sub/x.csv=modified');
    assert.equal(await both(undefined, 'all'), 'nest=modified');
    writeFileSync(join(root, 'nest', 'sub', 'x.csv'), 'x\n');
    assert.equal(await both(['nest/sub/x.csv', 'nest'], 'both named'), 'nest/sub/x.csv=unchanged nest=modified');
  });

  test('a legacy DVC 2 output (md5-dos2unix, old cache layout)', async () => {
    const body = 'id,v\r\n1,2\r\n';
    const md5 = hashBytes(Buffer.from(body), 'md5-dos2unix');
    write(root, 'g/old.csv', body);
    write(root, 'g/old.csv.dvc', `outs:\n- md5: ${md5}\n  size: ${body.length}\n  path: old.csv\n`);
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'not in any cache'), /g\/old\.csv=not_in_cache/);
    write(root, `.dvc/cache/${md5.slice(0, 2)}/${md5.slice(2)}`, 'id,v\n1,2\n');
    assert.match(await agree(service, root, 'object in the old layout'), /g\/old\.csv=unchanged/);
    writeFileSync(join(root, 'g', 'old.csv'), 'id,v\n1,2\n'); // same under dos2unix
    assert.match(await agree(service, root, 'line endings changed'), /g\/old\.csv=unchanged/);
    appendFileSync(join(root, 'g', 'old.csv'), '3,4\n');
    assert.match(await agree(service, root, 'edited'), /g\/old\.csv=modified/);
    rmSync(join(root, 'g'), { recursive: true });
  });

  test('the cache moved with cache.dir in .dvc/config', async () => {
    write(root, 'h/m.bin', 'moved cache');
    await addData({ cwd: root, paths: ['h/m.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /h\/m\.bin=unchanged/);
    const elsewhere = join(root, 'other-cache');
    writeFileSync(join(root, '.dvc', 'config'), `[cache]\n    dir = ../other-cache\n`);
    assert.match(await agree(service, root, 'an empty cache elsewhere'), /h\/m\.bin=not_in_cache/);
    cpSync(join(root, '.dvc', 'cache'), elsewhere, { recursive: true });
    assert.match(await agree(service, root, 'objects copied there'), /h\/m\.bin=unchanged/);
    const md5 = hashBytes(Buffer.from('moved cache'));
    rmSync(join(elsewhere, 'files', 'md5', md5.slice(0, 2), md5.slice(2)), { force: true });
    assert.match(await agree(service, root, 'dropped there'), /h\/m\.bin=not_in_cache/);
    writeFileSync(join(root, '.dvc', 'config'), '');
    assert.match(await agree(service, root, 'back to .dvc/cache'), /h\/m\.bin=unchanged/);
  });

  test('a .dvc/config broken while it runs: an error on every request, as without a watcher, until fixed', async () => {
    write(root, 'n/m.bin', 'weights');
    await addData({ cwd: root, paths: ['n/m.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    writeFileSync(join(root, '.dvc', 'config'), '[core]\nthis is not ini\n');
    assert.match(await agree(service, root, 'first request'), /^error data\.bad_config/);
    assert.match(await agree(service, root, 'second request'), /^error data\.bad_config/);
    writeFileSync(join(root, '.dvc', 'config'), '[core]\n    autostage = false\n');
    assert.match(await agree(service, root, 'fixed'), /n\/m\.bin=unchanged/);
  });

  test('hard links: a file edited through another name (no event under the output) is still seen', async () => {
    write(root, 'outside/x.csv', 'x\n');
    write(root, 'o/keep.csv', 'k\n');
    write(root, 'solo.csv', 's\n');
    linkSync(join(root, 'outside', 'x.csv'), join(root, 'o', 'x.csv'));
    linkSync(join(root, 'outside', 'x.csv'), join(root, 'solo-link.csv'));
    await addData({ cwd: root, paths: ['o', 'solo-link.csv'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    appendFileSync(join(root, 'outside', 'x.csv'), 'edited elsewhere\n');
    assert.match(await agree(service, root, 'edited through the other name'), /o=modified solo-link\.csv=modified/);
  });

  test('hard links to its own cache objects (cache.type = hardlink) keep the output watched, not re-read', async () => {
    write(root, 'hl/a.csv', 'a\n');
    await addData({ cwd: root, paths: ['hl'], git: false });
    const md5 = hashBytes(Buffer.from('a\n'));
    rmSync(join(root, 'hl', 'a.csv'));
    linkSync(join(root, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2)), join(root, 'hl', 'a.csv'));
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /hl=unchanged/);
    const rescans = service.info().rescans;
    await agree(service, root, 'again');
    assert.equal(service.info().rescans, rescans, 'not read again');
  });

  test('.dvc/config and .dvcignore rewritten in place within one timestamp tick (same size, same mtime)', async () => {
    // Kernels with coarse timestamps give two writes a few ms apart the same mtime: simulated
    // here by putting the old mtime back.
    const sameStamp = (file: string, text: string) => {
      writeFileSync(file, text);
      utimesSync(file, 1_700_000_000, 1_700_000_000);
    };
    write(root, 'w/data/a.csv', 'a\n');
    write(root, 'w/data/b.tmp', 'b\n');
    mkdirSync(join(root, 'w'), { recursive: true });
    sameStamp(join(root, 'w', '.dvcignore'), '*.tmq\n');
    await addData({ cwd: root, paths: ['w/data'], git: false });
    sameStamp(join(root, '.dvc', 'config'), '[cache]\n    dir = ../cache-xyz1\n'); // as long as ../.dvc/cache
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start: an empty cache elsewhere'), /w\/data=not_in_cache/);
    sameStamp(join(root, 'w', '.dvcignore'), '*.tmp\n');
    assert.match(await agree(service, root, '.dvcignore now leaves b.tmp out, same size and mtime'), /w\/data=modified/);
    sameStamp(join(root, 'w', '.dvcignore'), '*.tmq\n');
    sameStamp(join(root, '.dvc', 'config'), '[cache]\n    dir = ../.dvc/cache\n');
    assert.match(await agree(service, root, 'cache.dir back, same size and mtime'), /w\/data=unchanged/);
  });

  test('a directory replaced by a symbolic link, the link retargeted, and a real directory again', async () => {
    write(root, 'k/v1/x.csv', 'one\n');
    write(root, 'k/v2/x.csv', 'two\n');
    write(root, 'k/data/x.csv', 'one\n');
    await addData({ cwd: root, paths: ['k/data'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'start'), /k\/data=unchanged/);
    rmSync(join(root, 'k', 'data'), { recursive: true });
    symlinkSync('v1', join(root, 'k', 'data'));
    assert.match(await agree(service, root, 'a link to the same bytes'), /k\/data=unchanged/);
    appendFileSync(join(root, 'k', 'v1', 'x.csv'), 'edit through the target\n');
    assert.match(await agree(service, root, 'edited through the target'), /k\/data=modified/);
    rmSync(join(root, 'k', 'data'));
    symlinkSync('v2', join(root, 'k', 'data'));
    await agree(service, root, 'retargeted');
    rmSync(join(root, 'k', 'data'));
    write(root, 'k/data/x.csv', 'one\n');
    assert.match(await agree(service, root, 'a real directory again'), /k\/data=unchanged/);
    appendFileSync(join(root, 'k', 'data', 'x.csv'), '!');
    assert.match(await agree(service, root, 'edited'), /k\/data=modified/);
  });

  test('files moved between two tracked directories, and a .dvcignore above and inside them', async () => {
    write(root, 'm/one/a.csv', 'a\n');
    write(root, 'm/two/b.csv', 'b\n');
    write(root, 'm/two/sub/c.csv', 'c\n');
    await addData({ cwd: root, paths: ['m/one', 'm/two'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    renameSync(join(root, 'm', 'one', 'a.csv'), join(root, 'm', 'two', 'a.csv'));
    assert.match(await agree(service, root, 'a file moved across'), /m\/one=modified.*m\/two=modified/);
    renameSync(join(root, 'm', 'two', 'sub'), join(root, 'm', 'one', 'sub'));
    await agree(service, root, 'a directory moved across');
    appendFileSync(join(root, 'm', 'one', 'sub', 'c.csv'), 'moved and edited\n');
    await agree(service, root, 'edited in its new place');
    renameSync(join(root, 'm', 'two', 'a.csv'), join(root, 'm', 'one', 'a.csv'));
    writeFileSync(join(root, 'm', 'one', 'sub', 'c.csv'), 'c\n');
    renameSync(join(root, 'm', 'one', 'sub'), join(root, 'm', 'two', 'sub'));
    assert.match(await agree(service, root, 'all back'), /m\/one=unchanged m\/two=unchanged/);
    write(root, 'm/.dvcignore', 'sub\n');
    assert.match(await agree(service, root, '.dvcignore above'), /m\/two=modified/);
    write(root, 'm/two/.dvcignore', '!sub\n');
    await agree(service, root, '.dvcignore inside');
    rmSync(join(root, 'm', '.dvcignore'));
    rmSync(join(root, 'm', 'two', '.dvcignore'));
    assert.match(await agree(service, root, 'no ignores'), /m\/two=unchanged/);
  });
});

/** A stand-in watcher on the repository's socket that answers each request with `answer`. */
async function fakeWatcher(root: string, answer: (conn: import('node:net').Socket) => void): Promise<{ close: () => Promise<void> }> {
  const socket = watchSocketPath(root, true);
  rmSync(socket, { force: true });
  const server = createServer((conn) => conn.once('data', () => answer(conn)));
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('file systems whose events miss changes made elsewhere (NFS, SMB, FUSE, 9p, ...) are not trusted; local ones are', async () => {
  for (const [name, type] of [['nfs', 0x6969], ['cifs', 0xff534d42], ['smb2', 0xfe534d42], ['fuse', 0x65735546], ['9p', 0x01021997], ['ceph', 0x00c36400], ['lustre', 0x0bd00bd0]] as const) {
    assert.equal(eventsSeeAllChanges(type), false, name);
    assert.equal(eventsSeeAllChanges(type | 0), false, `${name} as a signed number`);
  }
  for (const [name, type] of [['ext4', 0xef53], ['xfs', 0x58465342], ['btrfs', 0x9123683e], ['tmpfs', 0x01021994], ['overlayfs', 0x794c7630]] as const) {
    assert.equal(eventsSeeAllChanges(type), true, name);
  }
  // Here (a local file system) an unchanged output is not read again.
  const root = tempRepo();
  try {
    write(root, 'local/x.csv', 'x\n');
    await addData({ cwd: root, paths: ['local'], git: false });
    const service = await DataWatchService.start(root, { listen: false });
    try {
      await service.status();
      const rescans = service.info().rescans;
      await service.status();
      assert.equal(service.info().rescans, rescans);
    } finally {
      await service.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('data watcher: clients', () => {
  let root: string;
  let service: DataWatchService | undefined;
  beforeEach(async () => {
    root = tempRepo();
    write(root, 'sub/m.bin', 'weights');
    await addData({ cwd: root, paths: ['sub/m.bin'], git: false });
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  const raw = (bytes: string | Buffer) => rawRequest(root, bytes);

  test('a client that connects and never sends is hung up on, and does not keep the watcher from stopping', { timeout: 10_000 }, async () => {
    service = await DataWatchService.start(root, { requestTimeoutMs: 100 });
    const idle = createConnection(watchSocketPath(root));
    await new Promise<void>((resolve) => idle.on('close', () => resolve()));
    const idle2 = createConnection(watchSocketPath(root));
    await new Promise<void>((resolve) => idle2.on('connect', () => resolve()));
    await service.close(); // it must not wait for idle2 to time out, or for ever
    service = undefined;
    idle2.destroy();
  });

  test('a client idling on the watcher: a stop request still stops it', { timeout: 10_000 }, async () => {
    service = await DataWatchService.start(root); // the default request timeout (10 s)
    const idle = createConnection(watchSocketPath(root));
    await new Promise<void>((resolve) => idle.on('connect', () => resolve()));
    const r = await queryWatcher(root, { op: 'stop' });
    assert.ok(r?.ok, 'stop answered');
    assert.equal(await service.done, 'asked to stop');
    service = undefined;
    idle.destroy();
  });

  test('oversized, partial and doubled requests get clear errors; the watcher keeps serving', async () => {
    service = await DataWatchService.start(root);
    assert.match(await raw(Buffer.alloc(2 << 20, 'x')), /"ok":false.*request too large/);
    assert.match(await raw('{"op":"ping"}'), /^$/, 'no newline: nothing to answer, the connection just ends');
    const two = await raw('{"op":"ping"}\n{"op":"stop"}\n');
    assert.equal(two.trim().split('\n').length, 1, 'one answer per connection');
    assert.match(await raw('{"op":"status","cwd":"relative"}\n'), /cwd must be an absolute path/);
    const ping = await queryWatcher(root, { op: 'ping' });
    assert.ok(ping?.ok && 'info' in ping, 'still serving (the second line, a stop, was not read)');
  });

  test('many clients at once all get the answer reading the workspace gives', async () => {
    service = await DataWatchService.start(root);
    appendFileSync(join(root, 'sub', 'm.bin'), '+');
    const expected = await truth(root);
    const before = service.info().requests;
    const answers = await Promise.all(Array.from({ length: 40 }, () => dataStatus({ cwd: root }).then(brief)));
    assert.deepEqual(new Set(answers), new Set([expected]));
    assert.equal(service.info().requests, before + 40, 'all through the watcher');
  });

  test('errors name paths as the asker sees them, as without a watcher', async () => {
    service = await DataWatchService.start(root);
    const message = async (watcher: boolean) =>
      dataStatus({ cwd: join(root, 'sub'), paths: ['nope.csv'], watcher }).then(
        () => 'no error',
        (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
      );
    const before = service.info().requests;
    assert.equal(await message(true), await message(false));
    assert.equal(service.info().requests, before + 1);
  });

  test('a client that reaches the repository through a symbolic link gets the same answers', async () => {
    const link = `${root}-link`;
    symlinkSync(root, link);
    try {
      service = await DataWatchService.start(root);
      appendFileSync(join(root, 'sub', 'm.bin'), '+');
      for (const [cwd, paths] of [[link, ['sub/m.bin']], [join(link, 'sub'), ['m.bin']], [link, undefined], [join(link, 'sub'), ['nope.csv']]] as const) {
        const ask = (watcher: boolean) =>
          dataStatus({ cwd, paths: paths ? [...paths] : undefined, watcher }).then(brief, (e: Error & { code?: string }) => `${e.code}: ${e.message}`);
        const before: number = service.info().requests;
        assert.equal(await ask(true), await ask(false), `${cwd} ${paths?.join(' ') ?? ''}`);
        assert.equal(service.info().requests, before + 1, 'through the watcher');
      }
    } finally {
      rmSync(link);
    }
  });

  test('a status cancelled before it asks is cancelled, not answered', async () => {
    service = await DataWatchService.start(root);
    const before = service.info().requests;
    await assert.rejects(dataStatus({ cwd: root, signal: AbortSignal.abort() }), (e: Error & { code?: string }) => e.code === 'data.cancelled');
    assert.equal(service.info().requests, before);
  });

  test('a watcher on its way out (data.watch_stopped) is no watcher: status reads the workspace', async () => {
    const fake = await fakeWatcher(root, (c) => c.end('{"ok":false,"error":{"code":"data.watch_stopped","message":"the data watcher is stopping"}}\n'));
    try {
      assert.equal(brief(await dataStatus({ cwd: root })), await truth(root));
    } finally {
      await fake.close();
    }
  });

  test('a watcher that accepts and then says nothing (stopped, wedged) does not hang status', { timeout: 10_000 }, async () => {
    const conns: import('node:net').Socket[] = [];
    const fake = await fakeWatcher(root, (c) => conns.push(c));
    try {
      assert.equal(await statusFromWatcher(root, undefined, { silenceTimeoutMs: 200 }), undefined);
    } finally {
      for (const c of conns) c.destroy();
      await fake.close();
    }
  });

  test('a busy watcher that sends heartbeats is waited for', { timeout: 10_000 }, async () => {
    const lie = [{ path: 'sub/m.bin', status: 'unchanged', dvcFile: 'sub/m.bin.dvc' }];
    const fake = await fakeWatcher(root, (c) => {
      let beats = 0;
      const t = setInterval(() => {
        if (++beats <= 8) c.write('\n');
        else {
          clearInterval(t);
          c.end(`${JSON.stringify({ ok: true, entries: lie })}\n`);
        }
      }, 50);
    });
    try {
      assert.deepEqual(await statusFromWatcher(root, undefined, { silenceTimeoutMs: 300 }), lie);
    } finally {
      await fake.close();
    }
  });

  test("sockets in a directory others can write, or someone else's, are not believed", async () => {
    const saved = process.env.XDG_RUNTIME_DIR;
    const runtime = mkdtempSync(join(tmpdir(), 'ponte-xdg-'));
    process.env.XDG_RUNTIME_DIR = runtime;
    try {
      appendFileSync(join(root, 'sub', 'm.bin'), '+'); // the truth: modified
      const lie = [{ path: 'sub/m.bin', status: 'unchanged', dvcFile: 'sub/m.bin.dvc' }];
      const fake = await fakeWatcher(root, (c) => c.end(`${JSON.stringify({ ok: true, entries: lie })}\n`));
      try {
        const dir = join(watchSocketPath(root), '..');
        assert.equal(brief(await dataStatus({ cwd: root })).replace(/:.*/, ''), 'sub/m.bin=unchanged', 'in a private directory of ours it is believed');
        chmodSync(dir, 0o777);
        assert.equal(brief(await dataStatus({ cwd: root })), await truth(root), 'a directory anyone can write');
        chmodSync(dir, 0o700);
        if (process.getuid?.() === 0) {
          const { chownSync } = await import('node:fs');
          chownSync(dir, 65534, 65534);
          assert.equal(brief(await dataStatus({ cwd: root })), await truth(root), "someone else's directory");
          chownSync(dir, 0, 0);
        }
      } finally {
        await fake.close();
      }
      // A symbolic link planted where the directory goes: not followed, not believed, not chmod'ed.
      const dir = join(watchSocketPath(root), '..');
      const target = mkdtempSync(join(tmpdir(), 'ponte-planted-'));
      try {
        cpSync(dir, target, { recursive: true });
        chmodSync(target, 0o700);
        rmSync(dir, { recursive: true });
        symlinkSync(target, dir);
        const liar = await fakeWatcher(root, (c) => c.end('{"ok":true,"entries":[]}\n')).catch((e: Error & { code?: string }) => e);
        assert.equal((liar as { code?: string }).code, 'data.watch_unsafe_dir', 'a watcher refuses it');
        assert.equal(brief(await dataStatus({ cwd: root })), await truth(root), 'a client does not believe it');
        chmodSync(target, 0o755);
        await assert.rejects(DataWatchService.start(root), (e: Error & { code?: string }) => e.code === 'data.watch_unsafe_dir' && /not a directory/.test(e.message));
        assert.equal(statSync(target).mode & 0o777, 0o755, 'the link target was not chmod-ed');
      } finally {
        rmSync(dir, { force: true });
        mkdirSync(dir, { mode: 0o700 });
        rmSync(target, { recursive: true, force: true });
      }
      // A watcher of ours closes a directory it finds open, and is believed again.
      chmodSync(join(watchSocketPath(root), '..'), 0o755);
      service = await DataWatchService.start(root);
      assert.equal(brief(await dataStatus({ cwd: root })), await truth(root));
      assert.equal(service.info().requests, 1);
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
      rmSync(runtime, { recursive: true, force: true });
    }
  });
});

describe('data watcher: two watchers for one repository', () => {
  let root: string;
  const services: DataWatchService[] = [];
  beforeEach(async () => {
    root = tempRepo();
    write(root, 'm.bin', 'weights');
    await addData({ cwd: root, paths: ['m.bin'], git: false });
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const stale of [false, true]) {
    test(`started at the same moment${stale ? ' over a dead watcher’s socket file' : ''}: one serves, the other is refused`, async () => {
      if (stale) writeFileSync(watchSocketPath(root, true), '');
      const started = await Promise.allSettled([DataWatchService.start(root), DataWatchService.start(root), DataWatchService.start(root)]);
      for (const r of started) if (r.status === 'fulfilled') services.push(r.value);
      assert.equal(services.length, 1, started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'serving')).join('; '));
      for (const r of started) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'data.watch_running', String(r.reason));
      const ping = await queryWatcher(root, { op: 'ping' });
      assert.ok(ping?.ok && 'info' in ping, 'the one serving answers');
    });
  }

  test('a socket directory too deep for a socket path: a clear error, and status still answers', async () => {
    const saved = process.env.XDG_RUNTIME_DIR;
    const runtime = join(mkdtempSync(join(tmpdir(), 'ponte-xdg-')), 'x'.repeat(80));
    mkdirSync(runtime, { recursive: true });
    process.env.XDG_RUNTIME_DIR = runtime;
    try {
      await assert.rejects(DataWatchService.start(root), (e: Error & { code?: string; hint?: string }) => e.code === 'data.watch_listen' && /under 108 bytes/.test(e.message) && /XDG_RUNTIME_DIR/.test(e.hint ?? ''));
      assert.equal(brief(await dataStatus({ cwd: root })), await truth(root));
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
      rmSync(join(runtime, '..'), { recursive: true, force: true });
    }
  });

  test('a watcher whose socket file was taken over stops itself and leaves the new one serving', { timeout: 10_000 }, async () => {
    const first = await DataWatchService.start(root, { checkIntervalMs: 50 });
    services.push(first);
    rmSync(watchSocketPath(root)); // as a racing start, or a /tmp cleaner, would
    const second = await DataWatchService.start(root);
    services.push(second);
    assert.match(await first.done, /socket .* was removed or taken over/);
    const ping = await queryWatcher(root, { op: 'ping' });
    assert.ok(ping?.ok && 'info' in ping, 'the second still answers: the first did not remove its socket file');
    assert.equal(second.info().requests, 0);
    await dataStatus({ cwd: root });
    assert.equal(second.info().requests, 1);
  });
});

describe('data watcher: races', () => {
  type Hooked = 'statSync' | 'readdirSync' | 'unlinkSync';
  // the module object itself, whose functions the races replace (an import would be a copy)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as Record<Hooked, (...args: unknown[]) => unknown>;
  let root: string;
  let service: DataWatchService | undefined;
  const originals = { statSync: fs.statSync, readdirSync: fs.readdirSync, unlinkSync: fs.unlinkSync };
  /**
   * Runs `after` once, from inside the first call to fs[name] that `when` picks (the watcher's
   * modules call fs through its exports, so this is the exact moment another program could act).
   */
  const onceInside = (name: Hooked, when: (args: unknown[]) => boolean, act: () => void): (() => boolean) => {
    let armed = true;
    fs[name] = function (this: unknown, ...args: unknown[]) {
      const result = originals[name].apply(this, args);
      if (armed && when(args)) {
        armed = false;
        fs[name] = originals[name];
        act();
      }
      return result;
    };
    return () => !armed;
  };
  beforeEach(() => {
    root = tempRepo();
  });
  afterEach(async () => {
    Object.assign(fs, originals);
    await service?.close();
    service = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  test('a file changed while the watcher reads its directory is read again on the next request', async () => {
    // Over 2,000 files: the read yields to the event loop every 1,000 (the second time past its
    // I/O phase), so the change's event arrives while the read is still going.
    for (let i = 0; i < 2100; i++) write(root, `data/f${i}.csv`, `${i}\n`);
    await addData({ cwd: root, paths: ['data'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    appendFileSync(join(root, 'data', 'f0.csv'), 'dirty it\n');
    // Halfway through the read's walk, a file it has already looked at changes: one the state
    // cache knows (not f0.csv), so the read takes its md5 from the stat it already has.
    const seen: string[] = [];
    const fired = onceInside(
      'statSync',
      (args) => String(args[0]).startsWith(join(root, 'data') + '/') && seen.push(String(args[0])) === 500,
      () => appendFileSync(seen.find((f) => !f.endsWith(join('data', 'f0.csv')))!, 'during the read\n'),
    );
    await service.status(); // its answer may predate the change: that request began before it
    assert.ok(fired(), 'the read walked data');
    assert.match(await agree(service, root, 'the next request'), /data=modified/);
  });

  test('a cache prefix directory made while the watcher lists the cache is watched too', async () => {
    write(root, 'm.bin', 'weights');
    await addData({ cwd: root, paths: ['m.bin'], git: false });
    const md5 = hashBytes(Buffer.from('weights'));
    const cache = join(root, '.dvc', 'cache');
    const aside = join(root, 'cache-aside');
    renameSync(cache, aside);
    service = await DataWatchService.start(root, { listen: false });
    assert.match(await agree(service, root, 'no cache at all'), /m\.bin=not_in_cache/);
    mkdirSync(join(cache, 'files', 'md5'), { recursive: true });
    // Just after the watcher lists files/md5, the object's prefix directory arrives (as a pull
    // running alongside would make it).
    const fired = onceInside(
      'readdirSync',
      (args) => args[0] === join(cache, 'files', 'md5') && (args[1] as { withFileTypes?: boolean } | undefined)?.withFileTypes === true,
      () => renameSync(join(aside, 'files', 'md5', md5.slice(0, 2)), join(cache, 'files', 'md5', md5.slice(0, 2))),
    );
    await agree(service, root, 'the cache made again');
    assert.ok(fired(), 'the watcher listed files/md5');
    await agree(service, root, 'the object there');
    rmSync(join(cache, 'files', 'md5', md5.slice(0, 2), md5.slice(2)), { force: true });
    assert.match(await agree(service, root, 'the object dropped from the directory made meanwhile'), /m\.bin=not_in_cache/);
  });

  test('a change right after the request saw its cookie: answered now or next time, never lost', async () => {
    write(root, 'data/a.csv', 'a\n');
    write(root, 'model.bin', 'weights');
    await addData({ cwd: root, paths: ['data', 'model.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    const before = await truth(root);
    // The watcher removes its cookie once it has seen it: that is the moment.
    const fired = onceInside(
      'unlinkSync',
      (args) => String(args[0]).includes(`${join('ponte-watch', 'cookie-')}`),
      () => {
        appendFileSync(join(root, 'data', 'a.csv'), 'right after the cookie\n');
        writeFileSync(join(root, 'model.bin'), 'other weights');
      },
    );
    const answered = await watched(service);
    assert.ok(fired(), 'the cookie was seen');
    assert.ok([before, await truth(root)].includes(answered), `an answer from before or after the change: ${answered}`);
    assert.match(await agree(service, root, 'the next request'), /data=modified model\.bin=modified/);
  });

  test('another process changing data while requests keep coming: once it stops, the next answer is right', async () => {
    for (let i = 0; i < 30; i++) write(root, `data/d${i % 4}/f${i}.csv`, `${i}\n`);
    write(root, 'model.bin', 'weights');
    await addData({ cwd: root, paths: ['data', 'model.bin'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    // A separate process, so its changes race the watcher's reads for real.
    const script = `
      const fs = require('fs'), path = require('path');
      const root = ${JSON.stringify(root)};
      let s = 7; const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      for (let step = 0; step < 400; step++) {
        const d = path.join(root, 'data', 'd' + Math.floor(rand() * 5));
        const f = path.join(d, 'f' + Math.floor(rand() * 40) + '.csv');
        const op = Math.floor(rand() * 6);
        try {
          if (op === 0) { fs.mkdirSync(d, { recursive: true }); fs.writeFileSync(f, String(rand())); }
          else if (op === 1) fs.appendFileSync(f, 'x');
          else if (op === 2) fs.rmSync(f, { force: true });
          else if (op === 3) { fs.rmSync(d, { recursive: true, force: true }); fs.mkdirSync(d); fs.writeFileSync(f, 'again'); }
          else if (op === 4) { fs.renameSync(d, d + '.tmp'); fs.renameSync(d + '.tmp', d); }
          else fs.writeFileSync(path.join(root, 'model.bin'), String(rand()));
        } catch {}
      }
      fs.writeFileSync(path.join(root, 'changes-done'), '');`;
    // Its end is read from a file: a loop of watcher requests can hold back its 'exit' event.
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('close', resolve));
    let requests = 0;
    while (!existsSync(join(root, 'changes-done'))) {
      // A file that vanishes mid-read fails that request, as it fails data status without a watcher.
      await service.status().catch(() => undefined);
      requests++;
    }
    await exited;
    assert.doesNotMatch(await agree(service, root, `after ${requests} requests during the changes`), /^error/);
    // And the watches it is left with still hear everything: one edit in each directory.
    for (const d of readdirSync(join(root, 'data'))) {
      const files = readdirSync(join(root, 'data', d));
      if (files.length) appendFileSync(join(root, 'data', d, files[0]), 'after\n');
      assert.doesNotMatch(await agree(service, root, `an edit in ${d} afterwards`), /^error/);
    }
  });

  test('a subdirectory made while the watcher lists its parent is watched (each directory is watched, then listed)', async () => {
    write(root, 'data/x.csv', 'x\n');
    await addData({ cwd: root, paths: ['data'], git: false });
    service = await DataWatchService.start(root, { listen: false });
    await agree(service, root, 'start');
    write(root, 'data/new/y.csv', 'y\n');
    // The worst moment for another program to make a directory: just after the watcher listed
    // data/new (to find what to watch) and before anything else.
    const fired = onceInside(
      'readdirSync',
      (args) => args[0] === join(root, 'data', 'new') && (args[1] as { withFileTypes?: boolean } | undefined)?.withFileTypes === true,
      () => write(root, 'data/new/deeper/z.csv', 'z\n'),
    );
    await agree(service, root, 'data/new seen');
    assert.ok(fired(), 'the watcher listed data/new');
    appendFileSync(join(root, 'data', 'new', 'deeper', 'z.csv'), 'edited\n');
    assert.match(await agree(service, root, 'an edit in the directory made meanwhile'), /data=modified/);
  });
});
