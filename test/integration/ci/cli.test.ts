// `ponte ci generate` and `ponte validate` on CI files, through the real CLI (dist/cli.js): the
// refusal to overwrite names the file and the flag, --out - prints without writing, a bad CI name
// is a usage error, and validate reports hand-edited mistakes as file:line:col with exit 1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, ponte, removeProject } from '../pipeline/lib/project';

const repo = copyProject('examples/churn');
after(() => removeProject(repo));

test('generate writes each CI file once; again without --force is refused with the file and the flag', () => {
  for (const kind of ['github', 'gitlab', 'azure']) assert.equal(ponte(repo, 'ci', 'generate', kind).code, 0);
  const again = ponte(repo, 'ci', 'generate', 'gitlab');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /error\[ci\.exists\]: \.gitlab-ci\.yml: \.gitlab-ci\.yml already exists/);
  assert.match(again.stderr, /hint: pass --force/);
  writeFileSync(join(repo, '.gitlab-ci.yml'), '# mine\n');
  assert.equal(ponte(repo, 'ci', 'generate', 'gitlab', '--force').code, 0);
  assert.match(readFileSync(join(repo, '.gitlab-ci.yml'), 'utf8'), /ponte gate/);
});

test('--out - prints the pipeline and writes nothing; an unknown CI is a usage error', () => {
  const printed = ponte(repo, 'ci', 'generate', 'azure', '--out', '-');
  assert.equal(printed.code, 0);
  assert.match(printed.stdout, /PublishTestResults@2/);
  const bad = ponte(repo, 'ci', 'generate', 'jenkins');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown CI "jenkins"[\s\S]*hint: one of: github, gitlab, azure/);
  assert.equal(existsSync(join(repo, 'jenkins')), false);
});

test('validate finds the CI files and reports a hand-edited mistake with file, line and column', () => {
  const clean = ponte(repo, 'validate');
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  const file = join(repo, '.github', 'workflows', 'ponte-pipeline.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('run: ponte gate\n', 'run: ponte gate --metric metrics.json\n'));
  const r = ponte(repo, 'validate');
  assert.equal(r.code, 1);
  const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('--metric metrics.json')) + 1;
  assert.match(r.stdout, new RegExp(`^\\.github/workflows/ponte-pipeline\\.yml:${line}:\\d+: error ci\\.unknown_option 'ponte gate' has no option --metric \\(did you mean '--metrics'\\?\\)`, 'm'));
  // Named on the command line, a CI file is checked alone.
  const one = ponte(repo, 'validate', '.github/workflows/ponte-pipeline.yml', '--json');
  assert.equal(one.code, 1);
  assert.deepEqual((JSON.parse(one.stdout) as { code: string }[]).map((d) => d.code), ['ci.unknown_option']);
});

test('a CI file with no ponte step is named as information, and the exit code stays 0', () => {
  const file = join(repo, '.github', 'workflows', 'lint.yml');
  writeFileSync(file, 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n');
  try {
    const r = ponte(repo, 'validate', '.github/workflows/lint.yml');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^\.github\/workflows\/lint\.yml:1:1: info ci\.no_ponte no ponte command in this CI file's scripts, so nothing in it was checked; 'ponte ci generate github\|gitlab\|azure'/m);
    assert.match(r.stderr, /1 file checked: 0 errors, 0 warnings, 1 info/);
  } finally {
    rmSync(file);
  }
});
