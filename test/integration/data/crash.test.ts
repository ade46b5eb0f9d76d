// Crash safety: `ponte data add` of a directory is SIGKILLed at 20 random moments. After every
// kill the cache holds only complete objects that hash to their names (temporary files aside),
// and no `.dvc` file names an object the cache lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDvcFile, parseManifest } from '../../../src/core/data/index';
import { CLI, filesUnder, ponte, tempGitRepo } from './lib/ponte';

const KILLS = 20;

function makeDataset(dir: string): void {
  // 400 small files in 20 folders plus three 2 MiB files: about 8 MiB, enough to be caught mid-way.
  for (let d = 0; d < 20; d++) {
    mkdirSync(join(dir, `part-${d}`), { recursive: true });
    for (let f = 0; f < 20; f++) writeFileSync(join(dir, `part-${d}`, `rows-${f}.csv`), `id,value\n${d},${f}\n`.repeat(200 + d * f));
  }
  for (let b = 0; b < 3; b++) writeFileSync(join(dir, `blob-${b}.bin`), Buffer.alloc(2 << 20, b + 1));
}

function runAdd(repo: string, killAfterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'data', 'add', 'dataset', '--no-git'], { cwd: repo, stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, killAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(killed && code === null ? 'killed' : 'finished');
    });
  });
}

function md5(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** Every object hashes to its name; anything else in the cache is a temporary file. */
function checkCache(cacheRoot: string): Set<string> {
  const objects = new Set<string>();
  for (const rel of filesUnder(cacheRoot)) {
    const m = /^([0-9a-f]{2})[/\\]([0-9a-f]{30}(\.dir)?)$/.exec(rel);
    if (!m) {
      assert.match(rel, /\.tmp$/, `unexpected file in the cache: ${rel}`);
      continue;
    }
    const name = m[1] + m[2];
    const actual = md5(readFileSync(join(cacheRoot, rel))) + (m[3] ?? '');
    assert.equal(actual, name, `cache object ${rel} does not hash to its name`);
    objects.add(name);
  }
  return objects;
}

test(`SIGKILL during data add at ${KILLS} random points leaves a consistent cache`, async () => {
  const repo = tempGitRepo('ponte-data-crash-');
  try {
    makeDataset(join(repo, 'dataset'));
    // The shorter of two full runs (the first one warms the page cache) bounds the kill delays.
    let fullRun = Infinity;
    for (let i = 0; i < 2; i++) {
      rmSync(join(repo, '.dvc'), { recursive: true, force: true });
      const started = Date.now();
      assert.equal(await runAdd(repo, 60_000), 'finished');
      fullRun = Math.min(fullRun, Date.now() - started);
    }
    let killedMidway = 0;
    // Up to twice as many attempts as kills wanted, so the 20 kills land while add runs.
    for (let i = 0; i < 2 * KILLS && killedMidway < KILLS; i++) {
      rmSync(join(repo, '.dvc'), { recursive: true, force: true });
      rmSync(join(repo, 'dataset.dvc'), { force: true });
      const delay = Math.floor(Math.random() * fullRun);
      const outcome = await runAdd(repo, delay);
      if (outcome === 'killed') killedMidway++;
      const cacheRoot = join(repo, '.dvc', 'cache', 'files', 'md5');
      const objects = checkCache(cacheRoot);
      const dvcFile = join(repo, 'dataset.dvc');
      if (existsSync(dvcFile)) {
        const out = parseDvcFile(readFileSync(dvcFile, 'utf8'), dvcFile).outs[0];
        assert.ok(objects.has(out.md5!), `kill ${i} at ${delay} ms: dataset.dvc names a missing manifest`);
        const entries = parseManifest(readFileSync(join(cacheRoot, out.md5!.slice(0, 2), out.md5!.slice(2))), out.md5!);
        for (const e of entries) assert.ok(objects.has(e.md5), `kill ${i} at ${delay} ms: ${e.relpath} is missing from the cache`);
      }
    }
    assert.ok(killedMidway >= KILLS / 2, `only ${killedMidway} runs were killed before they finished`);
    // Whatever the last kill left (objects, temporary files, a torn state line), a new add completes
    // and the data then reads as unchanged.
    assert.equal(await runAdd(repo, 60_000), 'finished');
    const status = ponte(repo, 'data', 'status', '--json');
    assert.deepEqual(JSON.parse(status.stdout), [{ path: 'dataset', status: 'unchanged' }]);
    process.stdout.write(`# ${killedMidway} runs killed mid-way (full run ${fullRun} ms)\n`);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
