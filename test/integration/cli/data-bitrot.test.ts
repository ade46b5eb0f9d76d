// Bit rot never spreads: a cache object that does not hash to its name (a flipped byte, a
// truncated, extended or emptied file, a directory or a link in its place, a damaged manifest)
// stops checkout and push with the object, both md5s and the repair, and nothing corrupt reaches
// the workspace or the remote, whatever `cache.type` says. `data verify` finds them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { filesUnder, git, inRepo, ponte } from '../data/lib/ponte';

const md5 = (bytes: string | Buffer) => createHash('md5').update(bytes).digest('hex');
const DATA = 'id,value\n' + Array.from({ length: 200 }, (_, i) => `${i},${i * 7}\n`).join('');

function objectFile(repo: string, hash: string): string {
  return join(repo, '.dvc', 'cache', 'files', 'md5', hash.slice(0, 2), hash.slice(2));
}

/** Objects are read-only; the damage is done as a disk or a careless tool would. */
function damage(file: string, how: (bytes: Buffer) => Buffer): void {
  const bytes = readFileSync(file);
  chmodSync(file, 0o644);
  writeFileSync(file, how(bytes));
}

const flipByte = (b: Buffer) => {
  const out = Buffer.from(b);
  out[10] ^= 0x20;
  return out;
};

/** Every kind of damage the review tries on a file object, each as a change to the object's path. */
const DAMAGE: Record<string, (obj: string) => void> = {
  'a flipped byte': (obj) => damage(obj, flipByte),
  'a truncated object': (obj) => damage(obj, (b) => b.subarray(0, b.length - 1)),
  'an extended object': (obj) => damage(obj, (b) => Buffer.concat([b, Buffer.from('x')])),
  'a zero-length object': (obj) => damage(obj, () => Buffer.alloc(0)),
  'a directory in place of the object': (obj) => {
    rmSync(obj, { force: true });
    mkdirSync(obj);
  },
  'a symbolic link in place of the object (even to the right bytes)': (obj) => {
    const elsewhere = `${obj}-elsewhere`;
    cpSync(obj, elsewhere);
    rmSync(obj, { force: true });
    symlinkSync(elsewhere, obj);
  },
};

function assertNoTemporaries(...dirs: string[]): void {
  for (const dir of dirs) assert.deepEqual(filesUnder(dir).filter((f) => /ponte-tmp|\.tmp$/.test(f)), [], dir);
}

function remoteConfig(repo: string, remote: string): void {
  writeFileSync(join(repo, '.dvc', 'config'), `[core]\n    remote = store\n['remote "store"']\n    url = ${remote}\n`);
}

function withRemote(fn: (remote: string) => void): void {
  const remote = mkdtempSync(join(tmpdir(), 'ponte-bitrot-remote-'));
  try {
    fn(remote);
  } finally {
    rmSync(remote, { recursive: true, force: true });
  }
}

for (const [name, harm] of Object.entries(DAMAGE)) {
  for (const cacheType of ['copy', 'hardlink', 'reflink,copy']) {
    test(`${name}, cache.type = ${cacheType}: checkout and push stop naming the object; nothing reaches the workspace or the remote`, inRepo('ponte-bitrot-', (repo) => {
      writeFileSync(join(repo, 'data.csv'), DATA);
      assert.equal(ponte(repo, 'data', 'add', 'data.csv').code, 0);
      writeFileSync(join(repo, '.dvc', 'config'), `[cache]\n    type = ${cacheType}\n`);
      const obj = objectFile(repo, md5(DATA));
      harm(obj);
      rmSync(join(repo, 'data.csv'));

      const r = ponte(repo, 'data', 'checkout');
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`^error\\[data\\.corrupt_object\\]: ${obj}: corrupt cache object: `));
      assert.match(r.stderr, /hint: 'ponte data pull' replaces it with the remote's copy when the remote has one; else run 'ponte data verify --repair'/);
      if (!name.startsWith('a directory') && !name.startsWith('a symbolic')) {
        assert.match(r.stderr, new RegExp(`its md5 is [0-9a-f]{32} \\(\\d+ bytes\\), the name says ${md5(DATA)}`));
      }
      assert.equal(existsSync(join(repo, 'data.csv')), false, 'nothing corrupt in the workspace');
      assertNoTemporaries(repo);

      withRemote((remote) => {
        remoteConfig(repo, remote);
        const p = ponte(repo, 'data', 'push');
        assert.equal(p.code, 1);
        assert.match(p.stderr, /^error\[data\.corrupt_object\]: /);
        assert.deepEqual(filesUnder(remote), [], 'nothing corrupt on the remote');
      });
    }));
  }
}

test('a flipped byte: status stays cheap (unchanged) but status --verify and data verify flag it; --repair then pull heals it', inRepo('ponte-bitrot-verify-', (repo) => {
  withRemote((remote) => {
    mkdirSync(join(repo, 'd'));
    writeFileSync(join(repo, 'd', 'a.csv'), DATA);
    writeFileSync(join(repo, 'd', 'b.csv'), 'b\n');
    writeFileSync(join(repo, 'data.csv'), DATA + 'more\n');
    assert.equal(ponte(repo, 'data', 'add', 'd', 'data.csv').code, 0);
    remoteConfig(repo, remote);
    assert.equal(ponte(repo, 'data', 'push').code, 0);
    let v = ponte(repo, 'data', 'verify');
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /^verified 4 objects \(0\.0 MiB\) in the cache: all sound$/m);

    const bad = objectFile(repo, md5(DATA));
    damage(bad, flipByte);
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [
      { path: 'd', status: 'unchanged' },
      { path: 'data.csv', status: 'unchanged' },
    ]);
    const s = ponte(repo, 'data', 'status', '--verify', '--json');
    assert.equal(s.code, 1);
    const entries = JSON.parse(s.stdout) as { path: string; status: string; object?: string; problem?: string }[];
    assert.deepEqual(entries.map((e) => [e.path, e.status, e.object]), [['d', 'corrupt', bad], ['data.csv', 'unchanged', undefined]]);
    assert.match(entries[0].problem!, new RegExp(`the name says ${md5(DATA)}$`));

    v = ponte(repo, 'data', 'verify', '--json');
    assert.equal(v.code, 1);
    const report = JSON.parse(v.stdout) as { objects: number; corrupt: { file: string; md5: string; removed?: boolean }[] };
    assert.equal(report.objects, 4);
    assert.deepEqual(report.corrupt.map((c) => [c.file, c.md5]), [[bad, md5(DATA)]]);

    v = ponte(repo, 'data', 'verify', '--repair');
    assert.equal(v.code, 1);
    assert.match(v.stdout, new RegExp(`^corrupt: ${bad}: its md5 is .* \\(removed\\)$`, 'm'));
    assert.match(v.stderr, /the corrupt objects are removed; 'ponte data pull'/);
    assert.equal(existsSync(bad), false);
    assert.equal(ponte(repo, 'data', 'verify').code, 0);

    rmSync(join(repo, 'd'), { recursive: true });
    const p = ponte(repo, 'data', 'pull');
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /^fetched 1 objects/);
    assert.equal(readFileSync(join(repo, 'd', 'a.csv'), 'utf8'), DATA);
    assert.equal(ponte(repo, 'data', 'status', '--verify').code, 0);
  });
}));

/** Makes `bytes` a manifest object named by its own md5 and points `d.dvc` at it. */
function plantManifest(repo: string, bytes: string): string {
  const name = `${md5(bytes)}.dir`;
  const file = objectFile(repo, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  writeFileSync(join(repo, 'd.dvc'), readFileSync(join(repo, 'd.dvc'), 'utf8').replace(/md5: [0-9a-f]{32}\.dir/, `md5: ${name}`));
  return file;
}

const MANIFEST_DAMAGE: Record<string, { plant: (repo: string, manifest: string) => string; problem: RegExp }> = {
  'a manifest whose bytes changed': {
    plant: (_repo, manifest) => {
      damage(manifest, (b) => Buffer.from(b.toString().replace('a.csv', 'x.csv')));
      return manifest;
    },
    problem: /its md5 is [0-9a-f]{32} \(\d+ bytes\), the name says [0-9a-f]{32}/,
  },
  'a manifest that is not JSON (named by its own md5)': {
    plant: (repo) => plantManifest(repo, '[{"md5": '),
    problem: /is not a valid directory manifest/,
  },
  'a manifest whose relpath leaves the folder (named by its own md5)': {
    plant: (repo) => plantManifest(repo, `[{"md5": "${md5(DATA)}", "relpath": "../escaped.csv"}]`),
    problem: /entry 0 has the relpath "\.\.\/escaped\.csv", which has an empty, `\.` or `\.\.` component/,
  },
  'a manifest with an absolute relpath (named by its own md5)': {
    plant: (repo) => plantManifest(repo, `[{"md5": "${md5(DATA)}", "relpath": "${join(repo, 'abs.csv')}"}]`),
    problem: /which is not relative to the directory/,
  },
  'a manifest naming an md5 that is not one (named by its own md5)': {
    plant: (repo) => plantManifest(repo, '[{"md5": "../../../../x", "relpath": "a.csv"}]'),
    problem: /has md5 '\.\.\/\.\.\/\.\.\/\.\.\/x', not 32 hex digits/,
  },
};

for (const [name, { plant, problem }] of Object.entries(MANIFEST_DAMAGE)) {
  test(`${name}: reported as corrupt by checkout, push, status --verify and verify; nothing written`, inRepo('ponte-bitrot-dir-', (repo) => {
    mkdirSync(join(repo, 'd'));
    writeFileSync(join(repo, 'd', 'a.csv'), DATA);
    assert.equal(ponte(repo, 'data', 'add', 'd').code, 0);
    const manifestName = /md5: ([0-9a-f]{32}\.dir)/.exec(readFileSync(join(repo, 'd.dvc'), 'utf8'))![1];
    const bad = plant(repo, objectFile(repo, manifestName));
    rmSync(join(repo, 'd'), { recursive: true });

    const r = ponte(repo, 'data', 'checkout');
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`^error\\[data\\.corrupt_object\\]: ${bad}: corrupt cache object: `));
    assert.match(r.stderr, problem);
    assert.equal(existsSync(join(repo, 'd')), false);
    assert.equal(existsSync(join(repo, 'escaped.csv')), false);
    assert.equal(existsSync(join(repo, 'abs.csv')), false);

    const s = ponte(repo, 'data', 'status', '--verify', '--json');
    assert.equal(s.code, 1);
    assert.deepEqual((JSON.parse(s.stdout) as { status: string; object: string }[]).map((e) => [e.status, e.object]), [['corrupt', bad]]);
    const v = ponte(repo, 'data', 'verify', '--json');
    assert.equal(v.code, 1);
    assert.ok((JSON.parse(v.stdout) as { corrupt: { file: string }[] }).corrupt.some((c) => c.file === bad));

    withRemote((remote) => {
      remoteConfig(repo, remote);
      const p = ponte(repo, 'data', 'push');
      assert.equal(p.code, 1);
      assert.match(p.stderr, /^error\[data\.corrupt_object\]: /);
      assert.deepEqual(filesUnder(remote), []);
    });
  }));
}

const LEGACY = join(__dirname, '../../fixtures/data/legacy-dvc2');

test('DVC 2 objects (md5-dos2unix, old layout): intact ones verify and check out, a damaged one is refused', inRepo('ponte-bitrot-legacy-', (repo) => {
  cpSync(join(LEGACY, 'workspace'), repo, { recursive: true });
  mkdirSync(join(repo, '.dvc'));
  cpSync(join(LEGACY, 'cache'), join(repo, '.dvc', 'cache'), { recursive: true });
  // notes.txt has CRLF line ends: its name is the md5 of the LF version, so a raw md5 would cry wolf.
  assert.notEqual(md5(readFileSync(join(LEGACY, 'workspace', 'notes.txt'))), '987929d61c9b69f0c6406b840aa77fd8');
  let v = ponte(repo, 'data', 'verify');
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /verified 4 objects .* all sound/);
  rmSync(join(repo, 'notes.txt'));
  rmSync(join(repo, 'raw'), { recursive: true });
  assert.equal(ponte(repo, 'data', 'checkout').code, 0);
  assert.deepEqual(readFileSync(join(repo, 'notes.txt')), readFileSync(join(LEGACY, 'workspace', 'notes.txt')));
  assert.equal(ponte(repo, 'data', 'status', '--verify').code, 0);

  const bad = join(repo, '.dvc', 'cache', '98', '7929d61c9b69f0c6406b840aa77fd8');
  damage(bad, flipByte);
  rmSync(join(repo, 'notes.txt'));
  const r = ponte(repo, 'data', 'checkout');
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^error\\[data\\.corrupt_object\\]: ${bad}: corrupt cache object: its md5 is [0-9a-f]{32} \\(\\d+ bytes\\), the name says 987929d61c9b69f0c6406b840aa77fd8`));
  assert.equal(existsSync(join(repo, 'notes.txt')), false);
  v = ponte(repo, 'data', 'verify', '--json');
  assert.deepEqual((JSON.parse(v.stdout) as { corrupt: { file: string }[] }).corrupt.map((c) => c.file), [bad]);
}));

for (const [name, harm] of Object.entries(DAMAGE)) {
  test(`${name} on the remote: pull refuses it, the cache and the workspace stay without it; verify --remote finds it`, inRepo('ponte-bitrot-pull-', (repo) => {
    withRemote((remote) => {
      writeFileSync(join(repo, 'data.csv'), DATA);
      assert.equal(ponte(repo, 'data', 'add', 'data.csv').code, 0);
      remoteConfig(repo, remote);
      assert.equal(ponte(repo, 'data', 'push').code, 0);
      const remoteObj = join(remote, 'files', 'md5', md5(DATA).slice(0, 2), md5(DATA).slice(2));
      harm(remoteObj);
      rmSync(join(repo, '.dvc', 'cache'), { recursive: true });
      rmSync(join(repo, 'data.csv'));

      const r = ponte(repo, 'data', 'pull');
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`^error\\[data\\.remote_corrupt\\]: ${remoteObj}: corrupt remote object: `));
      assert.match(r.stderr, /hint: run 'ponte data verify --remote NAME --repair'/);
      assert.deepEqual(filesUnder(join(repo, '.dvc', 'cache')), []);
      assert.equal(existsSync(join(repo, 'data.csv')), false);
      assertNoTemporaries(repo);

      const v = ponte(repo, 'data', 'verify', '--remote', 'store', '--repair', '--json');
      assert.equal(v.code, 1);
      assert.deepEqual((JSON.parse(v.stdout) as { corrupt: { file: string; removed: boolean }[] }).corrupt.map((c) => [c.file, c.removed]), [[remoteObj, true]]);
      assert.equal(existsSync(remoteObj), false);
    });
  }));
}

test('an edit that keeps size and mtime (cp -p, rsync -t, touch -r) shows as modified, and checkout of another version refuses to overwrite it', inRepo('ponte-bitrot-ctime-', (repo) => {
  const f = join(repo, 'data.csv');
  writeFileSync(f, 'v1\n');
  assert.equal(ponte(repo, 'data', 'add', 'data.csv').code, 0);
  git(repo, 'commit', '-qm', 'v1');
  writeFileSync(f, 'v2\n');
  utimesSync(f, 1700000000, 1700000000); // whole seconds, which utimes puts back exactly
  assert.equal(ponte(repo, 'data', 'add', 'data.csv').code, 0);
  git(repo, 'commit', '-qam', 'v2');
  assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'data.csv', status: 'unchanged' }]);

  // The file system's clock ticks in jiffies: wait for a tick, so the edit's ctime differs.
  const recorded = statSync(f);
  const probe = join(repo, 'clock-probe');
  do writeFileSync(probe, '');
  while (statSync(probe).ctimeMs <= recorded.ctimeMs);
  rmSync(probe);
  writeFileSync(f, 'v3\n');
  utimesSync(f, 1700000000, 1700000000);
  assert.equal(statSync(f).mtimeMs, recorded.mtimeMs);
  assert.equal(statSync(f).size, recorded.size);

  assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [{ path: 'data.csv', status: 'modified' }]);
  const r = ponte(repo, 'data', 'checkout', '--rev', 'HEAD~1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[data\.would_overwrite\]: data\.csv: has changes that are not in the cache/);
  assert.equal(readFileSync(f, 'utf8'), 'v3\n');
}));

test('pull replaces corrupt cache objects (a file and a manifest) with the remote\'s verified copies; without them on the remote it stops', inRepo('ponte-bitrot-heal-', (repo) => {
  withRemote((remote) => {
    mkdirSync(join(repo, 'd'));
    writeFileSync(join(repo, 'd', 'a.csv'), DATA);
    writeFileSync(join(repo, 'data.csv'), DATA + 'more\n');
    assert.equal(ponte(repo, 'data', 'add', 'd', 'data.csv').code, 0);
    remoteConfig(repo, remote);
    assert.equal(ponte(repo, 'data', 'push').code, 0);
    const manifest = objectFile(repo, /md5: ([0-9a-f]{32}\.dir)/.exec(readFileSync(join(repo, 'd.dvc'), 'utf8'))![1]);
    const file = objectFile(repo, md5(DATA + 'more\n'));
    damage(manifest, flipByte);
    damage(file, (b) => b.subarray(0, 3));
    rmSync(join(repo, 'd'), { recursive: true });
    rmSync(join(repo, 'data.csv'));

    const r = ponte(repo, 'data', 'pull');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^warning: ${manifest} was corrupt; replaced by the copy on 'store'$`, 'm'));
    assert.match(r.stderr, new RegExp(`^warning: ${file} was corrupt; replaced by the copy on 'store'$`, 'm'));
    assert.equal(readFileSync(join(repo, 'd', 'a.csv'), 'utf8'), DATA);
    assert.equal(readFileSync(join(repo, 'data.csv'), 'utf8'), DATA + 'more\n');
    assert.equal(ponte(repo, 'data', 'verify').code, 0);

    // Not on the remote: nothing to replace it with, so pull stops and keeps the object for inspection.
    rmSync(join(remote, 'files'), { recursive: true });
    damage(file, flipByte);
    rmSync(join(repo, 'data.csv'));
    const again = ponte(repo, 'data', 'pull');
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`^error\\[data\\.corrupt_object\\]: ${file}: corrupt cache object: `));
    assert.ok(existsSync(file));
    assert.equal(existsSync(join(repo, 'data.csv')), false);
  });
}));

test('data verify refuses a PATH (status --verify takes paths) and names an unknown remote', inRepo('ponte-bitrot-usage-', (repo) => {
  writeFileSync(join(repo, 'data.csv'), DATA);
  assert.equal(ponte(repo, 'data', 'add', 'data.csv').code, 0);
  let r = ponte(repo, 'data', 'verify', 'data.csv');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error\[usage\.bad_arguments\]: ponte data verify checks the whole cache and takes no PATH\n {2}hint: .*'ponte data status --verify PATH\.\.\.'/);
  r = ponte(repo, 'data', 'verify', '--remote', 'nowhere');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[data\.unknown_remote\]: .*remote 'nowhere' is not defined/);
  r = ponte(repo, 'data', 'status', '--verify', 'data.csv');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'PATH      STATUS\ndata.csv  unchanged\n');
}));
