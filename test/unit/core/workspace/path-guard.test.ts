// The path guard on a real folder with real symbolic links: textual escapes (../, absolute,
// a/../../x), .git/.dvc in every spelling a file system may accept, links leading out or into
// .git, links as the last component, dangling links and loops, and folders created for a write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRepoPath, guardPath, prepareWrite, protectedName, removeInRepo } from '../../../../src/core/workspace';
import { PonteError } from '../../../../src/core/errors';

/** A sandbox holding `repo/` and a `victim/` beside it, removed afterwards. */
function sandbox(fn: (repo: string, victim: string) => void): () => void {
  return () => {
    const top = realpathSync(mkdtempSync(join(tmpdir(), 'ponte-guard-')));
    const repo = join(top, 'repo');
    const victim = join(top, 'victim');
    mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
    mkdirSync(join(repo, '.dvc'), { recursive: true });
    mkdirSync(victim);
    writeFileSync(join(victim, 'b.txt'), 'keep me');
    try {
      fn(repo, victim);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  };
}

function refused(code: string, message?: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof PonteError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    assert.ok(e.hint, 'a refusal carries a hint');
    return true;
  };
}

const write = { action: 'write' };

test('textual escapes are refused: ../, absolute paths, a/../../x, the root itself', sandbox((repo) => {
  for (const p of ['../victim/b.txt', '/etc/passwd', 'a/../../victim/b.txt', '..']) {
    assert.throws(() => checkRepoPath(repo, p, write), refused('path.outside_repo', /outside the repository/), p);
    assert.throws(() => guardPath(repo, p, write), refused('path.outside_repo'), p);
  }
  assert.throws(() => guardPath(repo, '.', write), refused('path.protected', /root of the repository/));
  assert.throws(() => guardPath(repo, 'a/..', write), refused('path.protected'));
  assert.equal(guardPath(repo, '.', { ...write, allowRoot: true }), repo);
  // inside, even when spelled oddly
  assert.equal(guardPath(repo, './data/../data/x.csv', write), join(repo, 'data', 'x.csv'));
  assert.equal(guardPath(repo, join(repo, 'x.csv'), write), join(repo, 'x.csv'));
}));

test('.git and .dvc are refused in every spelling a file system may take for them', sandbox((repo) => {
  for (const p of ['.git/hooks/pre-commit', './.git/config', 'a/../.git/x', '.dvc/config', '.dvc/cache/files/md5/ab/cd', 'data/.git/x', '.GIT/hooks/x', '.Dvc/config', '.git./x', '.git /x', 'GIT~1/config', '.g\u200cit/x']) {
    assert.throws(() => guardPath(repo, p, write), refused('path.protected', /inside \.(git|dvc)/), p);
  }
  for (const name of ['.gitignore', '.dvcignore', 'x.dvc', '.github', 'git', 'dvc']) assert.equal(protectedName(name), undefined, name);
}));

test('the file that named the path is the error location, with its line', sandbox((repo) => {
  const source = { file: join(repo, 'x.dvc'), line: 3 };
  assert.throws(
    () => guardPath(repo, '../victim/b.txt', { action: 'check out', base: repo, source }),
    (e: unknown) => e instanceof PonteError && e.file === source.file && e.line === 3 && /^cannot check out '\.\.\/victim\/b\.txt': it is outside/.test(e.message),
  );
}));

test('a link in the path that leads outside, or into .git, is refused; one that stays inside is followed', sandbox((repo, victim) => {
  symlinkSync('../victim', join(repo, 'link'));
  symlinkSync(victim, join(repo, 'abs-link'));
  symlinkSync('.git/hooks', join(repo, 'hooks'));
  mkdirSync(join(repo, 'store'));
  symlinkSync('store', join(repo, 'alias'));
  assert.throws(() => guardPath(repo, 'link/b.txt', write), refused('path.outside_repo', /symbolic link 'link' leads to .*victim, outside/));
  assert.throws(() => guardPath(repo, 'abs-link/new/b.txt', write), refused('path.outside_repo'));
  assert.throws(() => guardPath(repo, 'hooks/pre-commit', write), refused('path.protected', /symbolic link 'hooks' leads into \.git/));
  assert.equal(guardPath(repo, 'alias/x.csv', write), join(repo, 'store', 'x.csv'));
  // wdir-like: the last component is followed too
  assert.throws(() => guardPath(repo, 'link', { ...write, followLast: true }), refused('path.outside_repo'));
  assert.equal(guardPath(repo, 'alias', { ...write, followLast: true }), join(repo, 'store'));
}));

test('a link as the last component is returned as it is, so a rename or a delete replaces the link', sandbox((repo, victim) => {
  symlinkSync(join(victim, 'b.txt'), join(repo, 'out.txt'));
  symlinkSync('../victim', join(repo, 'outdir'));
  assert.equal(guardPath(repo, 'out.txt', write), join(repo, 'out.txt'));
  removeInRepo(repo, 'outdir', { action: 'remove' });
  removeInRepo(repo, 'out.txt', { action: 'remove' });
  assert.ok(!existsSync(join(repo, 'outdir')) && !existsSync(join(repo, 'out.txt')));
  assert.deepEqual(readdirSync(victim), ['b.txt']);
}));

test('dangling links and loops in the path are refused by name', sandbox((repo) => {
  symlinkSync('../nowhere', join(repo, 'dangling'));
  symlinkSync('loop', join(repo, 'loop'));
  assert.throws(() => guardPath(repo, 'dangling/x', write), refused('path.broken_link', /'dangling' points at '\.\.\/nowhere', which does not exist/));
  assert.throws(() => guardPath(repo, 'loop/x', write), refused('path.broken_link', /'loop' is a loop/));
  // a dangling link as the last component is replaced, not followed
  assert.equal(guardPath(repo, 'dangling', write), join(repo, 'dangling'));
}));

test('prepareWrite creates the missing folders as real folders and refuses a link planted among them', sandbox((repo) => {
  const target = prepareWrite(repo, 'a/b/c.txt', write);
  assert.equal(target, join(repo, 'a', 'b', 'c.txt'));
  assert.ok(lstatSync(join(repo, 'a', 'b')).isDirectory());
  symlinkSync('../../victim', join(repo, 'a', 'planted'));
  assert.throws(() => prepareWrite(repo, 'a/planted/new/c.txt', write), refused('path.outside_repo'));
  assert.ok(!existsSync(join(repo, '..', 'victim', 'new')), 'no folder was created through the link');
}));

test('a NUL in a path is refused with a message, not a TypeError', sandbox((repo) => {
  assert.throws(() => guardPath(repo, 'a\0b', write), refused('path.invalid'));
}));
