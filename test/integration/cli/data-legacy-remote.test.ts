// DVC 2 data through a remote: its objects keep DVC 2's layout (`<url>/ab/...`, as DVC 3 pushes
// legacy objects), are verified with md5-dos2unix on pull, and check out byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder, inRepo, ponte } from '../data/lib/ponte';

const LEGACY = join(__dirname, '../../fixtures/data/legacy-dvc2');

test('DVC 2 entries push to and pull from the remote in the old layout, verified and byte for byte', inRepo('ponte-legacy-remote-', (repo) => {
  const remote = mkdtempSync(join(tmpdir(), 'ponte-remote-'));
  try {
    cpSync(join(LEGACY, 'workspace'), repo, { recursive: true });
    mkdirSync(join(repo, '.dvc'));
    cpSync(join(LEGACY, 'cache'), join(repo, '.dvc', 'cache'), { recursive: true });
    writeFileSync(join(repo, '.dvc', 'config'), `[core]\n    remote = store\n['remote "store"']\n    url = ${remote}\n`);
    let r = ponte(repo, 'data', 'push');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(filesUnder(remote), filesUnder(join(LEGACY, 'cache')));

    rmSync(join(repo, '.dvc', 'cache'), { recursive: true });
    rmSync(join(repo, 'notes.txt'));
    rmSync(join(repo, 'raw'), { recursive: true });
    r = ponte(repo, 'data', 'pull');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^fetched 4 objects from 'store', 0 already cached$/m);
    assert.deepEqual(filesUnder(join(repo, '.dvc', 'cache')), filesUnder(join(LEGACY, 'cache')));
    for (const f of ['notes.txt', 'raw/a.csv', 'raw/b.bin']) assert.deepEqual(readFileSync(join(repo, f)), readFileSync(join(LEGACY, 'workspace', f)), f);
    assert.deepEqual(JSON.parse(ponte(repo, 'data', 'status', '--json').stdout), [
      { path: 'notes.txt', status: 'unchanged' },
      { path: 'raw', status: 'unchanged' },
    ]);
  } finally {
    rmSync(remote, { recursive: true, force: true });
  }
}));
