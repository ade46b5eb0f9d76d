// Remotes and checkout when the disk says no: a pull from a remote folder that does not exist,
// cloud remotes of every scheme (said to be later work), a remote defined only in
// config.local, a read-only remote and a read-only workspace folder (tmpfs mounts, skipped with
// the reason where mounting is refused). Each is an error naming the path, with a hint and no
// stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder, inRepo, ponte, tempGitRepo } from '../data/lib/ponte';

function remoteConfig(repo: string, url: string, file = 'config'): void {
  writeFileSync(join(repo, '.dvc', file), `[core]\n    remote = store\n['remote "store"']\n    url = ${url}\n`);
}

function fails(repo: string, args: string[], code: string, where: RegExp): string {
  const r = ponte(repo, 'data', ...args);
  assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^error\\[${code.replace('.', '\\.')}\\]: ${where.source}`), args.join(' '));
  assert.match(r.stderr, /\n {2}hint: \S/);
  assert.doesNotMatch(r.stderr, /\n\s+at |error\[internal\]/);
  return r.stderr;
}

test('pull from a remote folder that does not exist names it; with everything cached it is not needed', inRepo('ponte-remote-missing-', (repo) => {
  writeFileSync(join(repo, 'x.csv'), 'x\n');
  assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
  const gone = join(repo, 'no-such-remote');
  remoteConfig(repo, gone);
  assert.equal(ponte(repo, 'data', 'pull').code, 0, 'all cached: the remote is never read');
  rmSync(join(repo, '.dvc', 'cache'), { recursive: true });
  rmSync(join(repo, 'x.csv'));
  const err = fails(repo, ['pull'], 'data.remote_missing', new RegExp(`${gone}: remote 'store' is ${gone}, which does not exist`));
  assert.match(err, /hint: mount it, or fix its url under \['remote "store"'\]/);
}));

test('cloud remotes of every scheme are refused as later work, naming the config file', inRepo('ponte-remote-cloud-', (repo) => {
  writeFileSync(join(repo, 'x.csv'), 'x\n');
  assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
  for (const url of ['s3://bucket/dvc', 'gs://bucket/dvc', 'azure://container/dvc', 'ssh://host/srv/dvc', 'https://example.org/dvc']) {
    remoteConfig(repo, url);
    const scheme = url.split(':')[0];
    for (const sub of ['push', 'pull']) {
      const err = fails(repo, [sub], 'data.remote_unsupported', new RegExp(`${join(repo, '.dvc', 'config')}: remote 'store' is ${scheme}://`));
      assert.match(err, new RegExp(`${scheme} remotes are later work`));
      assert.match(err, /hint: use the dvc CLI for this remote \('dvc push -r store'\)/);
    }
  }
}));

test('a remote defined only in config.local is found by --remote and by core.remote there', inRepo('ponte-remote-local-', (repo) => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-remote-'));
  try {
    writeFileSync(join(repo, 'x.csv'), 'x\n');
    assert.equal(ponte(repo, 'data', 'add', 'x.csv').code, 0);
    writeFileSync(join(repo, '.dvc', 'config.local'), `['remote "mine"']\n    url = ${dir}\n`);
    let r = ponte(repo, 'data', 'push', '--remote', 'mine');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pushed 1 objects to 'mine'/);
    writeFileSync(join(repo, '.dvc', 'config.local'), `[core]\n    remote = mine\n['remote "mine"']\n    url = ${dir}\n`);
    r = ponte(repo, 'data', 'push');
    assert.match(r.stdout, /pushed 0 objects to 'mine', 1 already there/);
    fails(repo, ['push', '--remote', 'other'], 'data.unknown_remote', /.*config: remote 'other' is not defined/);
    // A cloud url set in config.local is reported against config.local.
    writeFileSync(join(repo, '.dvc', 'config.local'), `['remote "mine"']\n    url = s3://bucket/x\n`);
    fails(repo, ['push', '--remote', 'mine'], 'data.remote_unsupported', new RegExp(`${join(repo, '.dvc', 'config.local')}: remote 'mine' is s3://`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}));

function mount(args: string[]): string | undefined {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  return r.status === 0 ? undefined : (r.stderr || 'mount failed').trim();
}

test('push to a read-only remote, and checkout into a read-only folder: io.erofs naming the path', async (t) => {
  const repo = tempGitRepo('ponte-remote-ro-');
  const remote = join(repo, 'remote');
  const data = join(repo, 'data');
  const mounted: string[] = [];
  try {
    for (const dir of [remote, data]) {
      mkdirSync(dir);
      const refused = mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
      if (refused) {
        t.skip(`cannot mount a tmpfs here (${refused})`);
        return;
      }
      mounted.push(dir);
    }
    writeFileSync(join(data, 'x.csv'), 'x\n');
    assert.equal(ponte(repo, 'data', 'add', 'data/x.csv').code, 0);
    remoteConfig(repo, remote);
    rmSync(join(data, 'x.csv'));
    for (const dir of mounted) assert.equal(mount(['-o', 'remount,ro', dir]), undefined);
    fails(repo, ['push'], 'io.erofs', new RegExp(`${remote}/files/md5/`));
    assert.deepEqual(filesUnder(remote), []);
    fails(repo, ['checkout'], 'io.erofs', new RegExp(`${data}/x\\.csv: cannot check out`));
  } finally {
    for (const dir of mounted.reverse()) spawnSync('umount', [dir]);
    rmSync(repo, { recursive: true, force: true });
  }
});

test('objects missing on either side are named with the data they belong to, and exit 1', inRepo('ponte-remote-gaps-', (repo) => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-remote-'));
  try {
    writeFileSync(join(repo, 'a.csv'), 'a\n');
    assert.equal(ponte(repo, 'data', 'add', 'a.csv').code, 0);
    remoteConfig(repo, dir);
    rmSync(join(repo, '.dvc', 'cache'), { recursive: true });
    let r = ponte(repo, 'data', 'push');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^warning: 1 objects of a\.csv are not in the local cache \([0-9a-f]{32}\); add or pull them first$/m);
    r = ponte(repo, 'data', 'pull');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^warning: 1 objects of a\.csv are not on the remote 'store' \([0-9a-f]{32}\); push them from where they were added$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}));
