// The Data tab's statistics for every dataset version, not only those with a kept reference
// profile: a real git repository with two committed versions of a DVC-tracked CSV (and a tracked
// directory), each version's file profiled from the DVC cache by the drift engine, stored in the
// backend (reference_profiles) so a second load profiles nothing; a directory, a file missing
// from the cache and one past the size bound say why instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runLoadJob } from '../../../src/core/drift';
import { dataLog, findObject, openDataRepo } from '../../../src/core/data';
import { openStore, type SqlStore } from '../../../src/core/store';
import { loadDashboardData, type DashboardSources } from '../../../src/extension/dashboard/data';
import { profileFromCache, sizeText } from '../../../src/extension/dashboard/version-stats';
import { seedPgliteDir, tempDir } from '../server/lib/backends';

const CLI = resolve(__dirname, '../../../dist/cli.js');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.org', ...args], { cwd, stdio: 'ignore' });
}
const dataAdd = (cwd: string, path: string) => execFileSync(process.execPath, [CLI, 'data', 'add', path], { cwd, stdio: 'ignore' });

let tmp: { dir: string; remove(): void };
let root: string;
let store: SqlStore;
before(async () => {
  tmp = tempDir('ponte-version-stats-');
  root = join(tmp.dir, 'repo');
  mkdirSync(join(root, 'data/images'), { recursive: true });
  git(root, 'init', '-q');
  const rows = (shift: number, n: number) => 'x,c\n' + Array.from({ length: n }, (_, i) => `${(i % 50) + shift},${i % 3 ? 'a' : 'b'}`).join('\n') + '\n';
  writeFileSync(join(root, 'data/train.csv'), rows(0, 300));
  writeFileSync(join(root, 'data/images/a.txt'), 'a');
  writeFileSync(join(root, 'data/events.jsonl'), Array.from({ length: 30 }, (_, i) => JSON.stringify({ amount: i, kind: i % 2 ? 'buy' : 'sell' })).join('\n') + '\n');
  dataAdd(root, 'data/train.csv');
  dataAdd(root, 'data/events.jsonl');
  dataAdd(root, 'data/images');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'v1');
  writeFileSync(join(root, 'data/train.csv'), rows(40, 200));
  dataAdd(root, 'data/train.csv');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'v2');
  await seedPgliteDir(join(tmp.dir, 'db'));
  store = await openStore({ dataDir: join(tmp.dir, 'db') });
});
after(async () => {
  await store?.close();
  tmp?.remove();
});

async function gitVersions(path: string) {
  return (await dataLog({ cwd: root, path })).filter((v) => !v.deleted).map((v) => ({ commit: v.commit, hash: v.md5 ?? v.oid, date: v.date }));
}

function sources(profileVersions?: DashboardSources['profileVersions']): DashboardSources {
  return {
    api: store, project: 'stats', backend: { url: '', kind: 'local' }, selectedRuns: [], workspacePlots: async () => [], plots: async () => [], driftReports: [],
    datasets: async () => [{ name: 'train', path: 'data/train.csv', git: await gitVersions('data/train.csv') }],
    profileVersions,
  };
}

test('each git version of a tracked CSV gets its statistics from the cache, computed once and kept in the backend', async () => {
  const calls: string[] = [];
  const profiler: DashboardSources['profileVersions'] = {
    dataset: 'train',
    profile: (path, version) => {
      calls.push(version.commit);
      return profileFromCache(path, version, { cwd: root, inThread: runLoadJob });
    },
  };
  // another tab: nothing is profiled
  const elsewhere = await loadDashboardData(sources());
  assert.deepEqual(elsewhere.datasets[0].versions.map((v) => [v.stats, v.note]), [[undefined, undefined], [undefined, undefined]]);

  const data = await loadDashboardData(sources(profiler));
  const [newer, older] = data.datasets[0].versions;
  assert.equal(calls.length, 2);
  assert.equal(newer.rows, 200);
  assert.equal(older.rows, 300);
  assert.equal(newer.stats!.x.min, 40);
  assert.equal(older.stats!.x.max, 49);
  assert.ok(Math.abs((newer.stats!.x.mean as number) - ((older.stats!.x.mean as number) + 40)) < 1, 'the shifted version has the shifted mean');
  assert.deepEqual(older.stats!.c, { kind: 'categorical', count: 300, missing: 0, distinct: 2, top: 'a' });
  assert.ok(await store.getReferenceProfile('train', newer.hash));
  assert.ok(await store.getReferenceProfile('train', older.hash));

  const again = await loadDashboardData(sources(profiler));
  assert.equal(calls.length, 2, 'stored profiles are read, not made again');
  assert.deepEqual(again.datasets[0].versions.map((v) => v.stats), data.datasets[0].versions.map((v) => v.stats));
});

test('a JSON lines version is read as JSON lines, though its cache object has no extension', async () => {
  const [v] = await gitVersions('data/events.jsonl');
  const made = await profileFromCache('data/events.jsonl', { commit: v.commit, hash: v.hash! }, { cwd: root, inThread: runLoadJob });
  assert.ok('profile' in made, JSON.stringify(made));
  assert.equal(made.profile.rows, 30);
  assert.deepEqual((made.profile.columns as { name: string; kind: string }[]).map((c) => [c.name, c.kind]), [['amount', 'numeric'], ['kind', 'categorical']]);
});

test('a directory, a version missing from the cache and a file past the size bound say why', async () => {
  const [dir] = await gitVersions('data/images');
  assert.match(dir.hash!, /\.dir$/);
  assert.deepEqual(await profileFromCache('data/images', { commit: dir.commit, hash: dir.hash! }, { cwd: root, inThread: runLoadJob }), { note: 'a directory: statistics are kept per data file' });

  const [newer, older] = await gitVersions('data/train.csv');
  const big = await profileFromCache('data/train.csv', { commit: newer.commit, hash: newer.hash! }, { cwd: root, maxBytes: 100, inThread: runLoadJob });
  const repo = await openDataRepo(root);
  const bytes = statSync(findObject(repo.cacheDir, newer.hash!)!).size;
  assert.deepEqual(big, { note: `${sizeText(bytes)}, more than the 100 bytes profiled here: ponte drift profile gives its statistics` });
  assert.equal(sizeText(1536), '1.5 KiB');
  assert.equal(sizeText(100 * 1024 * 1024), '100 MiB');

  rmSync(findObject(repo.cacheDir, older.hash!)!);
  assert.deepEqual(await profileFromCache('data/train.csv', { commit: older.commit, hash: older.hash! }, { cwd: root, inThread: runLoadJob }), { note: 'not in the cache: dvc pull' });
  // on the Data tab, the note stands where the statistics would
  await store.close();
  await seedPgliteDir(join(tmp.dir, 'db2'));
  store = await openStore({ dataDir: join(tmp.dir, 'db2') });
  const data = await loadDashboardData(sources({ dataset: 'train', profile: (path, version) => profileFromCache(path, version, { cwd: root, inThread: runLoadJob }) }));
  assert.deepEqual(data.datasets[0].versions.map((v) => [v.rows, v.note]), [[200, undefined], [undefined, 'not in the cache: dvc pull']]);
});
