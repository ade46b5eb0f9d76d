// `[cache] dir` in .dvc/config must be a directory tree we can write: `dir = /proc/self` sent
// `data add` into a loop at full CPU that Ctrl-C could not stop. Kernel trees, links into them
// and files are refused with the config's file and line, before anything is written; and
// Ctrl-C stops a `data add` that is hashing, leaving nothing behind.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, filesUnder, git, inRepo, tempGitRepo } from '../data/lib/ponte';

/** The CLI, killed if it hangs so that a regression fails instead of blocking the suite. */
function ponte(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function withCache(repo: string, dir: string): void {
  mkdirSync(join(repo, '.dvc'), { recursive: true });
  writeFileSync(join(repo, '.dvc', 'config'), `[core]\n    autostage = true\n[cache]\n    dir = ${dir}\n`);
}

function refused(repo: string, why: RegExp): void {
  writeFileSync(join(repo, 'x.csv'), 'a,b\n1,2\n');
  const before = filesUnder(repo).join('\n');
  const r = ponte(repo, 'data', 'add', 'x.csv');
  assert.equal(r.signal, null, 'it ended by itself');
  assert.equal(r.code, 1, r.stderr);
  const [head, hint] = r.stderr.split('\n');
  assert.ok(head.startsWith(`error[data.bad_cache_dir]: ${join(repo, '.dvc', 'config')}:4: [cache] dir = `), head);
  assert.match(head, why);
  assert.match(hint, /^ {2}hint: point \[cache\] dir at a directory of your own/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(filesUnder(repo).join('\n'), before, 'nothing written');
}

test('a cache in /proc, /sys or /dev is refused, naming .dvc/config and the line', inRepo('ponte-cache-kernel-', (repo) => {
  for (const dir of ['/proc/self', '/proc', '/sys/kernel', '/dev/shm/ponte-cache']) {
    withCache(repo, dir);
    refused(repo, /is inside \/(proc|sys|dev), a kernel file system/);
  }
}));

test('a link into /proc and a file where the cache should be are refused too', inRepo('ponte-cache-link-', (repo) => {
  symlinkSync('/proc/self', join(repo, 'cache-link'));
  withCache(repo, '../cache-link/objects');
  refused(repo, /\/proc\/\d+\/objects is inside \/proc/);
  writeFileSync(join(repo, 'not-a-dir'), 'x');
  withCache(repo, '../not-a-dir');
  refused(repo, /not-a-dir is not a directory/);
  withCache(repo, '../not-a-dir/below');
  refused(repo, /not-a-dir is a file, so no directory can be made below it/);
}));

test('a cache of its own outside the repository works, created when missing', inRepo('ponte-cache-own-', (repo) => {
  const outside = mkdtempSync(join(tmpdir(), 'ponte-cache-outside-'));
  try {
    withCache(repo, join(outside, 'new', 'cache'));
    writeFileSync(join(repo, 'x.csv'), 'a,b\n1,2\n');
    const r = ponte(repo, 'data', 'add', 'x.csv');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readdirSync(join(outside, 'new', 'cache', 'files', 'md5')).length > 0);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
}));

test('Ctrl-C stops data add while it hashes: it exits, and leaves no .dvc file, no object and no temporary file', async () => {
  const repo = tempGitRepo('ponte-add-sigint-');
  after(() => rmSync(repo, { recursive: true, force: true }));
  git(repo, 'commit', '--allow-empty', '-qm', 'start');
  // A sparse file far larger than the machine hashes before the signal arrives.
  spawnSync('truncate', ['-s', '64G', join(repo, 'big.bin')]);
  const child = spawn(process.execPath, [CLI, 'data', 'add', 'big.bin'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const staging = join(repo, '.dvc', 'cache', 'files', 'md5', '00');
  // Wait for the copy into the cache to have started (an event, not a time).
  while (!(existsSync(staging) && readdirSync(staging).length > 0)) await new Promise((r) => setImmediate(r));
  child.kill('SIGINT');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (c, s) => r([c, s])));
  assert.equal(signal, null, 'it ended by itself');
  assert.equal(code, 1);
  assert.match(stderr, /^error\[data\.cancelled\]: the operation was cancelled\n {2}hint: /m);
  assert.deepEqual(filesUnder(repo).filter((f) => !f.startsWith('.git/')), ['big.bin']);
});
