// The build context: which files .dockerignore keeps (Docker's rules), the model added from the
// DVC cache rather than the workspace, and a cache object whose bytes do not match its md5
// stopping the stream. Real directories and real tar bytes, read back with tar-stream.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { extract } from 'tar-stream';
import { CONTEXT_DOCKERFILE, listContextFiles, packContext, planContext } from '../../../../src/core/container';
import { PonteError } from '../../../../src/core/errors';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-context-'));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** A cache holding `bytes` under the md5 `as` (their own md5 unless told). */
function cacheWith(bytes: string, as?: string): { cacheDir: string; md5: string } {
  const md5 = as ?? createHash('md5').update(bytes).digest('hex');
  const cacheDir = tree({ [`files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`]: bytes });
  return { cacheDir, md5 };
}

async function untar(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c) => chunks.push(c as Buffer));
      body.on('end', () => {
        files.set(header.name, header.type === 'symlink' ? `-> ${header.linkname}` : Buffer.concat(chunks).toString());
        next();
      });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.on('error', reject);
  });
  stream.pipe(ex);
  await done;
  return files;
}

test('.dockerignore by Docker\'s rules: root-anchored globs, ** at any depth, exceptions, comments', () => {
  const dir = tree({
    '.dockerignore': '# build junk\n*.log\n**/__pycache__\ndata/\n!data/keep.csv\n/secret.txt\n',
    'a.log': '', 'src/b.log': '', 'src/serve.py': '', 'src/__pycache__/x.pyc': '', '__pycache__/y.pyc': '',
    'data/raw.csv': '', 'data/keep.csv': '', 'secret.txt': '', 'src/secret.txt': '', 'Dockerfile': '',
  });
  assert.deepEqual(listContextFiles(dir), ['.dockerignore', 'Dockerfile', 'data/keep.csv', 'src/b.log', 'src/secret.txt', 'src/serve.py']);
});

test('an excluded folder is not walked when no exception could bring a file back', () => {
  const dir = tree({ '.dockerignore': 'big\n', 'big/a': '', 'keep': '' });
  symlinkSync('/nonexistent-loop', join(dir, 'big/dangling'));
  assert.deepEqual(listContextFiles(dir), ['.dockerignore', 'keep']);
});

test('no .dockerignore: everything, symlinks kept as links', async () => {
  const dir = tree({ 'src/serve.py': 'print(1)\n' });
  symlinkSync('serve.py', join(dir, 'src/link.py'));
  assert.deepEqual(listContextFiles(dir), ['src/link.py', 'src/serve.py']);
});

test('the tar holds the Dockerfile, the kept files and the model from the cache, not the workspace copy', async () => {
  const dir = tree({ '.dockerignore': '*.tmp\n', 'src/serve.py': 'serve\n', 'x.tmp': '', 'models/model.pkl': 'WORKSPACE COPY' });
  const cache = cacheWith('the registered model');
  const plan = planContext({ dir, dockerfile: 'FROM scratch\n', model: { path: 'models/model.pkl', ...cache } });
  assert.deepEqual(plan.notes, []);
  const files = await untar(packContext(plan));
  assert.deepEqual([...files.keys()].sort(), ['.dockerignore', CONTEXT_DOCKERFILE, 'models/model.pkl', 'src/serve.py']);
  assert.equal(files.get('models/model.pkl'), 'the registered model');
  assert.equal(files.get(CONTEXT_DOCKERFILE), 'FROM scratch\n');
  // The engine drops a Dockerfile its .dockerignore names, so COPY . does not ship it.
  assert.equal(files.get('.dockerignore'), `*.tmp\n\n/${CONTEXT_DOCKERFILE}\n`);
});

test('without a .dockerignore, the one sent names only the Dockerfile and itself', async () => {
  const dir = tree({ 'serve.py': '' });
  const files = await untar(packContext(planContext({ dir, dockerfile: 'FROM scratch\n', model: { path: 'm.pkl', ...cacheWith('m') } })));
  assert.equal(files.get('.dockerignore'), `/.dockerignore\n/${CONTEXT_DOCKERFILE}\n`);
});

test('a .dockerignore that excludes the model: the model is added anyway, and a note says so', async () => {
  const dir = tree({ '.dockerignore': 'models/\n', 'models/model.pkl': 'old', 'models/other.bin': 'x' });
  const cache = cacheWith('model bytes');
  const plan = planContext({ dir, dockerfile: 'FROM scratch\n', model: { path: 'models/model.pkl', ...cache } });
  assert.deepEqual(plan.notes, ['.dockerignore excludes models/model.pkl; the model version is added from the cache anyway']);
  const files = await untar(packContext(plan));
  assert.equal(files.get('models/model.pkl'), 'model bytes');
  assert.equal(files.has('models/other.bin'), false);
});

test('a directory model (.dir md5) comes file by file from its manifest', async () => {
  const a = 'weights';
  const b = 'config';
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const manifest = JSON.stringify([{ md5: md5(b), relpath: 'config.json' }, { md5: md5(a), relpath: 'w/weights.bin' }]);
  const dirMd5 = `${md5(manifest)}.dir`;
  const obj = (m: string) => `files/md5/${m.slice(0, 2)}/${m.slice(2)}`;
  const cacheDir = tree({ [obj(dirMd5)]: manifest, [obj(md5(a))]: a, [obj(md5(b))]: b });
  const dir = tree({ 'serve.py': '' });
  const files = await untar(packContext(planContext({ dir, dockerfile: 'FROM scratch\n', model: { path: 'model', md5: dirMd5, cacheDir } })));
  assert.equal(files.get('model/config.json'), 'config');
  assert.equal(files.get('model/w/weights.bin'), 'weights');
});

test('a model whose object is not in the cache: named, with the hint to pull it', () => {
  const dir = tree({ 'serve.py': '' });
  const cacheDir = tree({});
  assert.throws(() => planContext({ dir, dockerfile: '', model: { path: 'models/model.pkl', md5: 'd41d8cd98f00b204e9800998ecf8427e', cacheDir } }), (e: unknown) =>
    e instanceof PonteError && e.code === 'container.model_not_in_cache' && /models\/model\.pkl \(md5 d41d8cd98f00b204e9800998ecf8427e\)/.test(e.message) && /ponte data pull/.test(e.hint ?? ''));
});

test('a corrupt cache object stops the stream with its path and both hashes', async () => {
  const dir = tree({ 'serve.py': '' });
  const claimed = createHash('md5').update('what was registered').digest('hex');
  const cache = cacheWith('bit rot', claimed);
  const stream = packContext(planContext({ dir, dockerfile: 'FROM scratch\n', model: { path: 'models/model.pkl', ...cache } }));
  await assert.rejects(untar(stream), (e: unknown) => {
    assert.ok(e instanceof PonteError, String(e));
    assert.equal(e.code, 'container.cache_corrupt');
    assert.match(e.message, new RegExp(`has md5 ${createHash('md5').update('bit rot').digest('hex')}, not ${claimed}`));
    assert.match(e.hint!, /ponte data pull/);
    return true;
  });
});
