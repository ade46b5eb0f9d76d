// The generated .gitlab-ci.yml, run by gitlab-ci-local (GitLab's job semantics and its CI JSON
// schema, on this machine) with the shell executor, on a copy of examples/churn in a fresh git
// repository: the pipeline runs, the tests pass and the gate passes; a planted gate that cannot
// pass fails the pipeline; the release job exists on the default branch only. Ponte is the
// checkout under test (dist/cli.js through the file's PONTE_CLI variable), never the registry's.
// Needs Debian's rsync (gitlab-ci-local copies the checkout with it) and the example's Python
// packages from Debian, so PIP_REQUIREMENTS is emptied: the runner already has them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseJUnitXml } from '../../../src/core/testing';
import { CLI, REPO, copyProject, ponte, removeProject } from '../pipeline/lib/project';
import { generatePipeline } from '../../../src/core/ci';
import { makeProject, SHAPES } from '../../unit/core/ci/projects';

const GITLAB_CI_LOCAL = join(REPO, 'node_modules', '.bin', 'gitlab-ci-local');
const home = mkdtempSync(join(tmpdir(), 'ponte-gcl-home-'));
const repo = copyProject('examples/churn');
after(() => {
  removeProject(repo);
  removeProject(home);
});

function git(...args: string[]): void {
  gitIn(repo, ...args);
}

function gitIn(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

function gitlabCiLocal(...args: string[]): { code: number; out: string } {
  return gitlabCiLocalIn(repo, ...args);
}

function gitlabCiLocalIn(cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync(GITLAB_CI_LOCAL, ['--home', home, '--no-color', ...args], {
    cwd, encoding: 'utf8', timeout: 600_000,
    env: { ...process.env, PONTE_BACKEND: '', PONTE_DB: '', PONTE_TOKEN: '', PONTE_DEBUG: '' },
  });
  return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

const runPipeline = () =>
  gitlabCiLocal('--force-shell-executor', '--variable', `PONTE_CLI=${CLI}`, '--variable', 'PIP_REQUIREMENTS=');

test('ponte ci generate gitlab writes a pipeline that ponte validate finds nothing to say about', () => {
  git('init', '-q', '-b', 'feature/ci');
  const generated = ponte(repo, 'ci', 'generate', 'gitlab');
  assert.equal(generated.code, 0, generated.stderr);
  assert.match(generated.stdout, /wrote \.gitlab-ci\.yml/);
  const validated = ponte(repo, 'validate', '.gitlab-ci.yml');
  assert.equal(validated.code, 0, validated.stdout + validated.stderr);
  assert.equal(validated.stdout, '');
  git('add', '-A');
  git('commit', '-qm', 'the churn example with its GitLab pipeline');
});

test('gitlab-ci-local runs it end to end: pipeline, tests (JUnit report), gate', () => {
  const r = runPipeline();
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /json schema validated/);
  assert.match(r.out, /\$ ponte run --force/);
  assert.match(r.out, /stage 'evaluate' done/);
  assert.match(r.out, /Gates passed for run [0-9a-f]+/);
  assert.match(r.out, /PASS\s+ponte/);
  // The report artifacts:reports:junit names, as GitLab would collect it.
  const junit = join(repo, 'reports', 'junit.xml');
  const cases = parseJUnitXml(readFileSync(junit, 'utf8'), junit);
  // As many cases as pytest ran in the job (the example's suite grows: a fixed count went stale).
  const ran = Number(/(\d+) passed in [\d.]+s/.exec(r.out)?.[1]);
  assert.ok(ran > 0, 'pytest reported its passed tests');
  assert.equal(cases.length, ran);
  assert.ok(cases.every((c) => c.status === 'passed'), JSON.stringify(cases));
});

test('a gate that cannot pass fails the pipeline at ponte gate', () => {
  const file = join(repo, 'ponte.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('accuracy: ">= 0.85"', 'accuracy: ">= 0.999"'));
  git('commit', '-qam', 'an accuracy no model reaches');
  const r = runPipeline();
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /\$ ponte gate/);
  assert.match(r.out, /Gates FAILED: 1 of 3 rules/);
  assert.match(r.out, /FAIL\s+ponte/);
});

test('the release job is in the pipeline of the default branch only', () => {
  const listed = (branch: string) => {
    git('checkout', '-q', '-B', branch);
    const r = gitlabCiLocal('--list');
    assert.equal(r.code, 0, r.out);
    return r.out.split('\n').map((l) => l.split(/\s+/)[0]);
  };
  assert.ok(!listed('feature/ci').includes('release'));
  // With no remote, gitlab-ci-local takes main as the default branch.
  assert.ok(listed('main').includes('release'));
});

test("every project shape's file passes GitLab's CI schema in gitlab-ci-local; a planted mistake does not", () => {
  for (const shape of SHAPES) {
    const dir = makeProject(shape);
    try {
      gitIn(dir, 'init', '-q', '-b', 'main');
      const { text } = generatePipeline({ root: dir, kind: 'gitlab', ponteVersion: '0.1.0' });
      writeFileSync(join(dir, '.gitlab-ci.yml'), text);
      const ok = gitlabCiLocalIn(dir, '--list');
      assert.equal(ok.code, 0, `${shape}: ${ok.out}`);
      assert.match(ok.out, /json schema validated/);
      writeFileSync(join(dir, '.gitlab-ci.yml'), text.replace('  stage: check\n', '  stage: check\n  when: sometimes\n'));
      const bad = gitlabCiLocalIn(dir, '--list');
      assert.notEqual(bad.code, 0, `${shape}: ${bad.out}`);
      assert.match(bad.out, /when/);
    } finally {
      removeProject(dir);
    }
  }
});

test('on the default branch the release job registers the model the check job trained, in its own build folder', () => {
  // Without a container the release is `ponte model register` alone (build and deploy need an
  // image registry-free Docker build and a backend); isolation gives each job its own folder, so
  // the run and the cached model reach the release job only through the artifacts.
  const dir = copyProject('examples/churn');
  try {
    const spec = parseDocument(readFileSync(join(dir, 'ponte.yaml'), 'utf8'));
    for (const key of ['container', 'deployments', 'monitor', 'retrain']) spec.delete(key);
    writeFileSync(join(dir, 'ponte.yaml'), spec.toString());
    gitIn(dir, 'init', '-q', '-b', 'main');
    assert.equal(ponte(dir, 'ci', 'generate', 'gitlab').code, 0);
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-qm', 'churn without a container');
    const r = gitlabCiLocalIn(dir, '--force-shell-executor', '--shell-isolation', '--variable', `PONTE_CLI=${CLI}`, '--variable', 'PIP_REQUIREMENTS=');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /release\s+imported artifacts/);
    assert.match(r.out, /release\s+> registered model version 1/);
    assert.match(r.out, /PASS\s+release/);
  } finally {
    removeProject(dir);
  }
});
