// Hand-written fixtures, byte for byte: `data add` of a unicode, nested directory writes the
// `.dvc` file, `.gitignore` and cache tree an independent Python oracle produced
// (test/fixtures/data/unicode-tree), and DVC 2 entries (legacy-dvc2) read as unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addData, checkoutData, dataStatus } from '../../../../src/core/data/index';

const FIXTURES = join(__dirname, '../../../fixtures/data');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.split('\\').join('/'))
    .sort();
}

test('data add of a unicode, nested directory writes exactly the expected .dvc, .gitignore and cache', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'ponte-fixture-'));
  try {
    cpSync(join(FIXTURES, 'unicode-tree', 'workspace'), repo, { recursive: true });
    mkdirSync(join(repo, 'données', 'empty'));
    const [r] = await addData({ cwd: repo, paths: ['données'], git: false });
    const expected = join(FIXTURES, 'unicode-tree', 'expected');
    assert.equal(readFileSync(join(repo, 'données.dvc'), 'utf8'), readFileSync(join(expected, 'données.dvc'), 'utf8'));
    assert.equal(readFileSync(join(repo, '.gitignore'), 'utf8'), readFileSync(join(expected, '.gitignore'), 'utf8'));
    const cache = join(repo, '.dvc', 'cache');
    assert.deepEqual(filesUnder(cache), filesUnder(join(expected, 'cache')));
    for (const f of filesUnder(cache)) {
      assert.deepEqual(readFileSync(join(cache, f)), readFileSync(join(expected, 'cache', f)), f);
      assert.equal(statSync(join(cache, f)).mode & 0o222, 0, `${f} is read-only`);
    }
    assert.equal(r.nfiles, 8);
    assert.deepEqual(filesUnder(join(repo, '.dvc')).filter((f) => !f.startsWith('cache/') && !f.startsWith('tmp/')), ['.gitignore', 'config']);
    assert.equal(readFileSync(join(repo, '.dvc', '.gitignore'), 'utf8'), '/config.local\n/tmp\n/cache\n');
    assert.deepEqual(await dataStatus({ cwd: repo }), [
      { path: 'données', status: 'unchanged', dvcFile: 'données.dvc', recorded: r.md5, actual: r.md5 },
    ]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('DVC 2 entries (md5-dos2unix, old cache layout) report unchanged, modified, and check out', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'ponte-legacy-'));
  try {
    cpSync(join(FIXTURES, 'legacy-dvc2', 'workspace'), repo, { recursive: true });
    cpSync(join(FIXTURES, 'legacy-dvc2', 'cache'), join(repo, '.dvc', 'cache'), { recursive: true });
    const status = async () => (await dataStatus({ cwd: repo })).map((e) => `${e.path}:${e.status}`);
    assert.deepEqual(await status(), ['notes.txt:unchanged', 'raw:unchanged']);
    // CRLF -> LF does not change a legacy text hash; a real edit does.
    writeFileSync(join(repo, 'notes.txt'), 'line one\nline two\n');
    assert.deepEqual(await status(), ['notes.txt:unchanged', 'raw:unchanged']);
    writeFileSync(join(repo, 'raw', 'a.csv'), 'x,y\r\n1,3\r\n');
    assert.deepEqual(await status(), ['notes.txt:unchanged', 'raw:modified']);
    // Checkout restores DVC 2 data from the old cache layout, byte for byte.
    rmSync(join(repo, 'notes.txt'));
    rmSync(join(repo, 'raw'), { recursive: true });
    await checkoutData({ cwd: repo });
    assert.deepEqual(readFileSync(join(repo, 'notes.txt')), readFileSync(join(FIXTURES, 'legacy-dvc2', 'workspace', 'notes.txt')));
    assert.deepEqual(readFileSync(join(repo, 'raw', 'b.bin')), readFileSync(join(FIXTURES, 'legacy-dvc2', 'workspace', 'raw', 'b.bin')));
    assert.deepEqual(await status(), ['notes.txt:unchanged', 'raw:unchanged']);
    rmSync(join(repo, '.dvc', 'cache', '98'), { recursive: true });
    assert.deepEqual(await status(), ['notes.txt:not_in_cache', 'raw:unchanged']);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
