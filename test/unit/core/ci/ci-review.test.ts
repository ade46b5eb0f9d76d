// Inputs an outside review tried on `ponte ci generate`: names that would break out of the
// generated YAML (a line break in the project or a deployment name), a folder that is no project,
// --out naming a directory or nothing, and CI files too deep or too big for `ponte validate`. Each
// is refused with the field (or flag) and a hint.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CI_KINDS, checkCiText, generatePipeline, writePipelineFile } from '../../../../src/core/ci';
import { cliGrammar, validateWithCiFiles } from '../../../../src/cli/commands/ci-validate';
import { PonteError } from '../../../../src/core/errors';
import { makeProject, removeProject } from './projects';

const made: string[] = [];
after(() => made.forEach(removeProject));
function churn(edit?: (ponteYaml: string) => string): string {
  const root = makeProject('churn');
  made.push(root);
  if (edit) writeFileSync(join(root, 'ponte.yaml'), edit(readFileSync(join(root, 'ponte.yaml'), 'utf8')));
  return root;
}

test('a deployment name with a line break is refused at its line, not written into the file', () => {
  const root = churn((t) => t.replace('  staging: { target', '  "sta\\nging; touch /tmp/x": { target'));
  const line = readFileSync(join(root, 'ponte.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('sta\\nging')) + 1;
  // The project model refuses such a name for every command (name.invalid), before any generator sees it.
  for (const kind of CI_KINDS) {
    assert.throws(() => generatePipeline({ root, kind, ponteVersion: '0.1.0' }), (e: unknown) =>
      e instanceof PonteError && e.code === 'name.invalid' && !!e.file?.endsWith('ponte.yaml') && e.line === line && /deployment name "sta\\nging/.test(e.message) && /rename it/.test(e.message) && !!e.hint);
  }
});

test('a project name with a line break is refused at its line (it would end the comment the file opens with)', () => {
  const root = churn((t) => t.replace('project: churn', 'project: "churn\\ninjected: true"'));
  const line = readFileSync(join(root, 'ponte.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('project:')) + 1;
  assert.throws(() => generatePipeline({ root, kind: 'gitlab', ponteVersion: '0.1.0' }), (e: unknown) =>
    e instanceof PonteError && e.code === 'ci.bad_name' && e.file === 'ponte.yaml' && e.line === line && /project/.test(e.message));
});

test('a folder with neither ponte.yaml nor dvc.yaml is no project: refused, nothing written', () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-ci-empty-'));
  made.push(root);
  mkdirSync(join(root, 'src'));
  for (const dir of [root, join(root, 'src')]) {
    assert.throws(() => generatePipeline({ root: dir, kind: 'github', ponteVersion: '0.1.0' }), (e: unknown) =>
      e instanceof PonteError && e.code === 'ci.no_project' && /dvc\.yaml/.test(e.message) && /root/.test(e.hint ?? ''));
  }
  assert.deepEqual(readdirSync(root), ['src']);
});

test('--out naming a directory: said so (with or without --force), no temporary file left', async () => {
  const root = churn();
  mkdirSync(join(root, 'ci'));
  for (const force of [false, true]) {
    await assert.rejects(writePipelineFile(root, 'ci', 'x: 1\n', force), (e: unknown) =>
      e instanceof PonteError && e.code === 'ci.out_is_directory' && e.file === 'ci' && /ci\/\.gitlab-ci\.yml|--out ci\//.test(e.hint ?? ''));
  }
  assert.deepEqual(readdirSync(join(root, 'ci')), []);
  assert.ok(!readdirSync(root).some((n) => n.endsWith('.tmp')));
});

test('--out with an empty path names the flag', async () => {
  const root = churn();
  assert.throws(() => generatePipeline({ root, kind: 'gitlab', ponteVersion: '0.1.0', out: '' }), (e: unknown) =>
    e instanceof PonteError && e.code === 'usage.bad_arguments' && /--out/.test(e.message));
});

test('CI files: one nested past the parser\'s stack is said to nest too deeply (not a JavaScript error), one over 8 MB is not parsed', () => {
  const grammar = cliGrammar();
  const deep = checkCiText(`x:\n  script: ${'['.repeat(5000)}ponte run${']'.repeat(5000)}\n`, { file: '.gitlab-ci.yml', grammar });
  assert.equal(deep.length, 1);
  assert.equal(deep[0].code, 'yaml.too_deep');
  assert.doesNotMatch(deep[0].message, /call stack/);
  assert.match(deep[0].message, /flatten/);
  const big = `x:\n  script:\n${'    - ponte run --forse\n'.repeat(400_000)}`;
  const huge = checkCiText(big, { file: '.gitlab-ci.yml', grammar });
  assert.deepEqual(huge.map((d) => [d.code, d.range.start.line]), [['yaml.too_large', 0]]);
});

test('a DVC project without ponte.yaml: the file says there is no ponte.yaml (not that it lacks model.path)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ponte-ci-dvc-only-'));
  made.push(root);
  writeFileSync(join(root, 'dvc.yaml'), 'stages:\n  train:\n    cmd: python3 train.py\n');
  const g = generatePipeline({ root, kind: 'gitlab', ponteVersion: '0.1.0' });
  assert.match(g.text, /No release step: there is no ponte\.yaml/);
});

test('--out ending in a slash names a directory even when it does not exist: refused, no file of that name', async () => {
  const root = churn();
  await assert.rejects(writePipelineFile(root, 'newci/', 'x: 1\n', false), (e: unknown) => e instanceof PonteError && e.code === 'ci.out_is_directory');
  assert.ok(!readdirSync(root).includes('newci'));
  assert.throws(() => generatePipeline({ root, kind: 'gitlab', ponteVersion: '0.1.0', out: 'newci/' }), (e: unknown) => e instanceof PonteError && e.code === 'ci.out_is_directory');
  assert.ok(!readdirSync(root).includes('newci'));
});

test('ponte validate .github/workflows: the workflows in the folder named are checked (it said no files found, exit 0)', () => {
  const root = churn();
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(root, '.github', 'workflows', 'a.yaml'), 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ponte gates\n');
  for (const named of ['.github/workflows', '.github/workflows/']) {
    const r = validateWithCiFiles([named], { cwd: root });
    assert.deepEqual(r.files, ['.github/workflows/a.yaml'], named);
    assert.deepEqual(r.diagnostics.map((d) => [d.file, d.code]), [['.github/workflows/a.yaml', 'ci.unknown_command']]);
  }
});
