// `ponte data watch` as a person runs it: detached in the background, used by `ponte data
// status` without being asked, reported on, stopped; and after a kill -9, status still answers
// (reading the workspace) and a new watcher starts over the dead one's socket.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inRepo, ponte } from '../data/lib/ponte';

function pidOf(repo: string): number {
  const r = ponte(repo, 'data', 'watch', '--status', '--json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return (JSON.parse(r.stdout) as { pid: number }).pid;
}

function requestsAnswered(repo: string): number {
  return (JSON.parse(ponte(repo, 'data', 'watch', '--status', '--json').stdout) as { requests: number }).requests;
}

test('detach, status through the watcher, report, stop', inRepo('ponte-watch-cli-', (repo) => {
  writeFileSync(join(repo, 'train.csv'), 'id,y\n1,0\n');
  assert.equal(ponte(repo, 'data', 'add', 'train.csv').code, 0);
  let pid = 0;
  try {
    const started = ponte(repo, 'data', 'watch', '--detach');
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /^started: a data watcher runs for .* \(pid \d+, since .*\): 1 outputs, \d+ directories watched/);
    assert.match(started.stdout, /log: .*\.dvc\/tmp\/ponte-watch\.log/);
    pid = pidOf(repo);
    assert.match(ponte(repo, 'data', 'watch', '--detach').stdout, /^a data watcher runs for/, 'a second --detach reuses it');

    const before = requestsAnswered(repo);
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'train.csv', status: 'unchanged' }]);
    appendFileSync(join(repo, 'train.csv'), '2,1\n');
    const changed = ponte(repo, 'data', 'status', '--json');
    assert.equal(changed.code, 1);
    assert.deepEqual(JSON.parse(changed.stdout), [{ path: 'train.csv', status: 'modified' }]);
    assert.equal(requestsAnswered(repo), before + 2, 'both answers came from the watcher');
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json', '--no-watcher').stdout), [{ path: 'train.csv', status: 'modified' }]);
    assert.equal(requestsAnswered(repo), before + 2, '--no-watcher reads the workspace itself');

    const stopped = ponte(repo, 'data', 'watch', '--stop');
    assert.match(stopped.stdout, /^stopped the data watcher of /);
    for (let i = 0; i < 50 && ponte(repo, 'data', 'watch', '--status').code === 0; i++) spinWait(100);
    const none = ponte(repo, 'data', 'watch', '--status');
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^no data watcher runs for /);
    assert.match(readFileSync(join(repo, '.dvc', 'tmp', 'ponte-watch.log'), 'utf8'), /stopped: asked to stop/);
    pid = 0;
  } finally {
    if (pid) process.kill(pid, 'SIGKILL');
  }
}));

test('after kill -9, status reads the workspace and a new watcher starts', inRepo('ponte-watch-kill-', (repo) => {
  writeFileSync(join(repo, 'm.bin'), 'weights');
  assert.equal(ponte(repo, 'data', 'add', 'm.bin').code, 0);
  let pid = 0;
  try {
    assert.equal(ponte(repo, 'data', 'watch', '--detach').code, 0);
    process.kill(pidOf(repo), 'SIGKILL');
    spinWait(200);
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'm.bin', status: 'unchanged' }]);
    assert.equal(ponte(repo, 'data', 'watch', '--status').code, 1);
    assert.equal(ponte(repo, 'data', 'watch', '--detach').code, 0, 'starts over the stale socket');
    pid = pidOf(repo);
    assert.equal(ponte(repo, 'data', 'watch', '--stop').code, 0);
    pid = 0;
  } finally {
    if (pid) process.kill(pid, 'SIGKILL');
  }
}));

test('bad usage and no repository give clear errors', inRepo('ponte-watch-usage-', (repo) => {
  const paths = ponte(repo, 'data', 'watch', 'data/');
  assert.equal(paths.code, 2);
  assert.match(paths.stderr, /^error\[usage\.bad_arguments\]: ponte data watch takes no paths/);
  const bare = mkdtempSync(join(tmpdir(), 'ponte-watch-norepo-'));
  try {
    const noRepo = ponte(bare, 'data', 'watch');
    assert.equal(noRepo.code, 1);
    assert.match(noRepo.stderr, /^error\[data\.not_a_repo\]: .*no DVC repository.*\n {2}hint: /);
    assert.doesNotMatch(noRepo.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
}));

/** A synchronous pause for these synchronous CLI tests (bounded by the callers' loops). */
function spinWait(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
