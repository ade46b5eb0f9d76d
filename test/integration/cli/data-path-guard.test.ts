// `ponte data checkout/pull/add` never write or delete outside the repository or in .git/.dvc,
// whatever a `.dvc` file, a directory manifest or a symbolic link says: each trick of the outside
// review (and the ones it said review would try) is refused by name, and the victim folder
// beside the repository, .git/hooks and .dvc/config stay as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { md5, ponte, snapshot, withVictim } from './lib/sandbox';

const EVIL = '#!/bin/sh\necho owned > /tmp/ponte-owned\n';

/** Adds `evil.sh` with ponte, so its object is in the cache, and returns its md5. */
function cacheEvil(repo: string): string {
  writeFileSync(join(repo, 'evil.sh'), EVIL);
  chmodSync(join(repo, 'evil.sh'), 0o755);
  const r = ponte(repo, 'data', 'add', 'evil.sh');
  assert.equal(r.code, 0, r.stderr);
  return md5(EVIL);
}

function dvcFile(repo: string, name: string, outPath: string, hash: string, extra = ''): string {
  const file = join(repo, name);
  writeFileSync(file, `outs:\n- md5: ${hash}\n  size: ${EVIL.length}\n${extra}  hash: md5\n  path: ${outPath}\n`);
  return file;
}

test('a .dvc file naming .git/hooks/pre-commit or .dvc/config is refused: no hook, config intact', withVictim((repo) => {
  const hash = cacheEvil(repo);
  const config = readFileSync(join(repo, '.dvc', 'config'), 'utf8');
  for (const [name, out, inside] of [
    ['hook.dvc', '.git/hooks/pre-commit', '.git'],
    ['config.dvc', '.dvc/config', '.dvc'],
    ['cache.dvc', `.dvc/cache/files/md5/${hash.slice(0, 2)}/${hash.slice(2)}`, '.dvc'],
    ['sneaky.dvc', 'sub/../.git/hooks/post-checkout', '.git'],
    ['upper.dvc', '.GIT/hooks/pre-commit', '.git'],
  ]) {
    const file = dvcFile(repo, name, out, hash, '  isexec: true\n');
    const r = ponte(repo, 'data', 'checkout', name);
    assert.equal(r.code, 1, `${name}: ${r.stdout}`);
    assert.match(r.stderr, new RegExp(`^error\\[path\\.protected\\]: ${file}: cannot track '.*': it is inside \\${inside}\\n {2}hint: Ponte never writes into \\.git or \\.dvc`), name);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    // the whole-repository checkout names the same file
    assert.match(ponte(repo, 'data', 'checkout').stderr, /^error\[path\.protected\]: /);
    rmSync(file);
  }
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'post-checkout')));
  assert.equal(readFileSync(join(repo, '.dvc', 'config'), 'utf8'), config);
}));

test('data pull refuses the same from a remote: nothing fetched is checked out into .git', withVictim((repo, victim) => {
  const hash = cacheEvil(repo);
  writeFileSync(join(repo, '.dvc', 'config'), `[core]\n    remote = store\n['remote "store"']\n    url = ${victim}/remote\n`);
  assert.equal(ponte(repo, 'data', 'push').code, 0);
  rmSync(join(repo, '.dvc', 'cache'), { recursive: true });
  dvcFile(repo, 'hook.dvc', '.git/hooks/pre-commit', hash, '  isexec: true\n');
  const r = ponte(repo, 'data', 'pull', 'hook.dvc');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.protected\]: .*hook\.dvc: cannot track '\.git\/hooks\/pre-commit'/);
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
}));

test('a .dvc file naming a path outside (../, absolute) is refused', withVictim((repo, victim) => {
  const hash = cacheEvil(repo);
  for (const out of ['../victim/a.txt', join(victim, 'a.txt'), 'data/../../victim/a.txt']) {
    const file = dvcFile(repo, 'out.dvc', out, hash);
    const r = ponte(repo, 'data', 'checkout');
    assert.equal(r.code, 1, out);
    assert.match(r.stderr, new RegExp(`^error\\[path\\.outside_repo\\]: ${file}: cannot track '.*': it is outside the repository`), out);
  }
  assert.deepEqual(snapshot(victim), {});
}));

test('a link in the path that leads outside stops checkout before anything is written', withVictim((repo, victim) => {
  const hash = cacheEvil(repo);
  writeFileSync(join(victim, 'keep.txt'), 'keep');
  symlinkSync('../victim', join(repo, 'link'));
  const file = dvcFile(repo, 'f.dvc', 'link/f.txt', hash);
  const r = ponte(repo, 'data', 'checkout', 'f.dvc');
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^error\\[path\\.outside_repo\\]: ${file}: cannot check out 'link/f\\.txt': the symbolic link 'link' leads to ${victim}, outside the repository`));
  assert.deepEqual(snapshot(victim), { 'keep.txt': 'keep' });
}));

test('a dangling link in the path is named; nothing is created where it points', withVictim((repo) => {
  const hash = cacheEvil(repo);
  symlinkSync('../victim/not-yet', join(repo, 'gone'));
  dvcFile(repo, 'g.dvc', 'gone/f.txt', hash);
  const r = ponte(repo, 'data', 'checkout', 'g.dvc');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.broken_link\]: .*g\.dvc: cannot check out 'gone\/f\.txt': the symbolic link 'gone' points at '\.\.\/victim\/not-yet', which does not exist/);
  assert.ok(!existsSync(join(repo, '..', 'victim', 'not-yet')));
}));

test('a link in place of a tracked file or directory is replaced, never written through', withVictim((repo, victim) => {
  mkdirSync(join(repo, 'd'));
  writeFileSync(join(repo, 'd', 'a.txt'), 'a\n');
  writeFileSync(join(repo, 'f.txt'), 'f\n');
  assert.equal(ponte(repo, 'data', 'add', 'd', 'f.txt').code, 0);
  writeFileSync(join(victim, 'a.txt'), 'victim a\n');
  writeFileSync(join(victim, 'other.txt'), 'victim other\n');
  rmSync(join(repo, 'd'), { recursive: true });
  rmSync(join(repo, 'f.txt'));
  symlinkSync('../victim', join(repo, 'd'));
  symlinkSync('../victim/other.txt', join(repo, 'f.txt'));
  const before = snapshot(victim);
  const r = ponte(repo, 'data', 'checkout', '--force');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(join(repo, 'd')).isDirectory() && lstatSync(join(repo, 'f.txt')).isFile());
  assert.equal(readFileSync(join(repo, 'd', 'a.txt'), 'utf8'), 'a\n');
  assert.equal(readFileSync(join(repo, 'f.txt'), 'utf8'), 'f\n');
  assert.deepEqual(snapshot(victim), before, 'the extra file behind the link was not deleted, a.txt not overwritten');
}));

/** Stores a directory manifest listing `relpath` (pointing at evil.sh's object) in a cache folder; returns its hash. */
function plantManifest(cacheDir: string, relpath: string, hash: string): string {
  const bytes = `[{"md5": "${hash}", "relpath": ${JSON.stringify(relpath)}}]`;
  const dir = `${md5(bytes)}.dir`;
  mkdirSync(join(cacheDir, 'files', 'md5', dir.slice(0, 2)), { recursive: true });
  writeFileSync(join(cacheDir, 'files', 'md5', dir.slice(0, 2), dir.slice(2)), bytes);
  return dir;
}

test('a directory manifest with relpaths like ../x or .git/hooks/x is refused, from the cache or a remote', withVictim((repo, victim) => {
  const hash = cacheEvil(repo);
  for (const relpath of ['../../victim/x.txt', '../escape.txt', '.git/hooks/pre-commit', 'a/./b', '/abs.txt']) {
    const dir = plantManifest(join(repo, '.dvc', 'cache'), relpath, hash);
    writeFileSync(join(repo, 'd.dvc'), `outs:\n- md5: ${dir}\n  size: 1\n  nfiles: 1\n  hash: md5\n  path: d\n`);
    const r = ponte(repo, 'data', 'checkout', 'd.dvc');
    assert.equal(r.code, 1, relpath);
    assert.match(r.stderr, new RegExp(`^error\\[data\\.corrupt_object\\]: [^ ]*\\.dir: corrupt cache object: entry 0 has the relpath ${JSON.stringify(relpath).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, which`), relpath);
  }
  assert.ok(!existsSync(join(repo, 'escape.txt')) && !existsSync(join(repo, 'd')));
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
  assert.deepEqual(snapshot(victim), {});

  // The same manifest on a remote never enters the cache.
  const remote = join(victim, 'remote');
  const dir = plantManifest(remote, '.git/hooks/pre-commit', hash);
  writeFileSync(join(repo, '.dvc', 'config'), `[core]\n    remote = store\n['remote "store"']\n    url = ${remote}\n`);
  rmSync(join(repo, '.dvc', 'cache'), { recursive: true });
  writeFileSync(join(repo, 'd.dvc'), `outs:\n- md5: ${dir}\n  size: 1\n  nfiles: 1\n  hash: md5\n  path: d\n`);
  const r = ponte(repo, 'data', 'pull', 'd.dvc');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[data\.remote_corrupt\]: .*entry 0 has the relpath "\.git\/hooks\/pre-commit", which names a path inside \.git/);
  assert.ok(!existsSync(join(repo, '.dvc', 'cache', 'files', 'md5', dir.slice(0, 2), dir.slice(2))));
  assert.ok(!existsSync(join(repo, '.git', 'hooks', 'pre-commit')));
}));

test('data add through a link that leads outside writes neither the .dvc file nor the .gitignore there', withVictim((repo, victim) => {
  writeFileSync(join(victim, 'f.txt'), 'victim data\n');
  symlinkSync('../victim', join(repo, 'link'));
  const r = ponte(repo, 'data', 'add', 'link/f.txt');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.outside_repo\]: link\/f\.txt\.dvc: the symbolic link 'link' leads to .*victim, outside the repository/);
  assert.deepEqual(snapshot(victim), { 'f.txt': 'victim data\n' });
  assert.ok(!existsSync(join(repo, '.dvc')), 'the dvc init layout was not created either');
  for (const p of ['.git/config', '.dvc/config', '.GIT/x']) {
    const refused = ponte(repo, 'data', 'add', p);
    assert.equal(refused.code, 1, p);
    assert.match(refused.stderr, /^error\[path\.protected\]: /, p);
  }
}));

test('a link inside a tracked directory that leads outside stops checkout before any output is written', withVictim((repo, victim) => {
  mkdirSync(join(repo, 'd', 'sub'), { recursive: true });
  writeFileSync(join(repo, 'd', 'sub', 'x.txt'), 'x\n');
  writeFileSync(join(repo, 'a.txt'), 'a\n');
  assert.equal(ponte(repo, 'data', 'add', 'a.txt', 'd').code, 0);
  rmSync(join(repo, 'a.txt'));
  rmSync(join(repo, 'd', 'sub'), { recursive: true });
  symlinkSync('../../victim', join(repo, 'd', 'sub'));
  const r = ponte(repo, 'data', 'checkout');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[path\.outside_repo\]: .*d\.dvc: cannot check out 'd\/sub': the symbolic link 'd\/sub' leads to .*victim, outside the repository/);
  assert.ok(!existsSync(join(repo, 'a.txt')), 'a.txt (checked out first) was not written');
  assert.deepEqual(snapshot(victim), {});
}));
