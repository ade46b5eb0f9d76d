// What the generator reads from a project (remote kind, requirements, tests, gates, container,
// deployments) and how it writes: atomically, never over an existing file unless forced, never
// outside the repository or into .git; a broken ponte.yaml stops it with the file and line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CI_KINDS, generatePipeline, readPipelineFacts, remoteFacts, writePipelineFile } from '../../../../src/core/ci';
import { PonteError } from '../../../../src/core/errors';
import { makeProject, removeProject, SHAPES, type Shape } from './projects';

const roots = new Map<Shape, string>(SHAPES.map((s) => [s, makeProject(s)]));
after(() => roots.forEach(removeProject));
const root = (s: Shape) => roots.get(s)!;

test('facts of the churn example: requirements, JUnit report, gates, image and the staging deployment', () => {
  const f = readPipelineFacts(root('churn'));
  assert.equal(f.requirements, 'requirements.txt');
  assert.equal(f.junit, 'reports/junit.xml');
  assert.equal(f.remote, undefined);
  assert.deepEqual(f.release, { build: true, deploy: { name: 'staging', alias: 'staging' } });
});

test('remote kinds: a directory is pulled by Ponte, the rest by dvc with their extra and credentials', () => {
  assert.deepEqual(readPipelineFacts(root('local')).remote, { name: 'shared', url: '/mnt/dvc-store', kind: 'local', pulledBy: 'ponte', credentials: [] });
  assert.equal(remoteFacts('r', 'file:///srv/dvc').pulledBy, 'ponte');
  assert.deepEqual(remoteFacts('r', 'azure://c/p'), { name: 'r', url: 'azure://c/p', kind: 'azure', pulledBy: 'dvc', dvcPackage: 'dvc[azure]', credentials: ['AZURE_STORAGE_CONNECTION_STRING'] });
  assert.equal(remoteFacts('r', 'https://host/p').dvcPackage, 'dvc');
});

test('no gates: no release step, and the file says why', () => {
  for (const kind of CI_KINDS) {
    const g = generatePipeline({ root: root('local'), kind, ponteVersion: '0.1.0' });
    assert.doesNotMatch(g.text, /ponte model register/);
    assert.match(g.text, /No release step: ponte.yaml declares no gates/);
    assert.match(g.text, /ponte data pull --remote shared/);
    assert.doesNotMatch(g.text, /ponte (test|gate)\b/);
  }
});

test('the file is written where the CI reads it, and an existing one is never replaced without force', async () => {
  const dir = root('s3');
  for (const kind of CI_KINDS) {
    const g = generatePipeline({ root: dir, kind, ponteVersion: '0.1.0' });
    await writePipelineFile(dir, g.file, g.text, false);
    assert.equal(readFileSync(join(dir, g.file), 'utf8'), g.text);
  }
  assert.ok(existsSync(join(dir, '.github/workflows/ponte-pipeline.yml')));
  writeFileSync(join(dir, '.gitlab-ci.yml'), 'mine\n');
  await assert.rejects(writePipelineFile(dir, '.gitlab-ci.yml', 'theirs\n', false), (e: PonteError) => {
    assert.equal(e.code, 'ci.exists');
    assert.equal(e.file, '.gitlab-ci.yml');
    assert.match(e.hint ?? '', /--force/);
    return true;
  });
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'mine\n');
  await writePipelineFile(dir, '.gitlab-ci.yml', 'theirs\n', true);
  assert.equal(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'), 'theirs\n');
  // No temporary file is left behind either way.
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
});

test('--out outside the repository or into .git is refused before anything is written', async () => {
  const dir = root('s3');
  mkdirSync(join(dir, '.git'), { recursive: true });
  await assert.rejects(writePipelineFile(dir, '../elsewhere.yml', 'x', true), (e: PonteError) => e.code === 'path.outside_repo');
  await assert.rejects(writePipelineFile(dir, '.git/hooks/pre-commit', 'x', true), (e: PonteError) => e.code === 'path.protected');
  assert.equal(existsSync(join(dir, '.git', 'hooks')), false);
});

test('a broken ponte.yaml or .dvc/config stops the generator with the file and line', () => {
  const dir = makeProject('local');
  after(() => removeProject(dir));
  writeFileSync(join(dir, '.dvc/config'), '[core]\n    remote = missing\n');
  assert.throws(() => generatePipeline({ root: dir, kind: 'gitlab', ponteVersion: '0.1.0' }), (e: PonteError) => e.code === 'data.unknown_remote');
  writeFileSync(join(dir, 'ponte.yaml'), 'version: 1\nproject: plain\nmodle: {}\n');
  assert.throws(() => generatePipeline({ root: dir, kind: 'gitlab', ponteVersion: '0.1.0' }), (e: PonteError) => e.line === 3 && /ponte\.yaml/.test(e.file ?? ''));
});

test('Python is set up for the requirements or for dvc, and not otherwise', () => {
  const dir = makeProject('local');
  after(() => removeProject(dir));
  const text = (kind: 'github' | 'azure' | 'gitlab') => generatePipeline({ root: dir, kind, ponteVersion: '0.1.0' }).text;
  assert.doesNotMatch(text('github'), /setup-python/);
  assert.doesNotMatch(text('azure'), /UsePythonVersion/);
  // The same project on a GCS remote: no requirements.txt, but dvc must be installed.
  writeFileSync(join(dir, '.dvc/config'), "[core]\n    remote = g\n['remote \"g\"']\n    url = gs://bucket/dvc\n");
  assert.match(text('github'), /setup-python/);
  assert.match(text('azure'), /UsePythonVersion/);
  assert.match(text('gitlab'), /apt-get install -y -qq python3-pip; }\n\s+python3 -m pip install 'dvc\[gs\]'/);
  assert.doesNotMatch(text('github'), /Install the Python requirements/);
});
