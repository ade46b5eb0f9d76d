// Every generated GitHub Actions workflow is read by @actions/workflow-parser, the parser GitHub's
// own Actions extension uses: it parses and converts without an error for each project shape, and
// the same check reports a planted mistake (a misspelt key, a broken expression, a bad `on`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generatePipeline } from '../../../../src/core/ci';
import type { TestOutput } from '../../../../src/core/cli-json';
import { makeProject, removeProject, SHAPES, type Shape } from './projects';

const roots = new Map<Shape, string>(SHAPES.map((s) => [s, makeProject(s)]));
after(() => roots.forEach(removeProject));

/** Every error the parser and the template conversion report. */
async function workflowErrors(text: string): Promise<string[]> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
  const parsed = parseWorkflow({ name: 'ponte-pipeline.yml', content: text }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) return errors;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((e) => e.Message);
}

const github = (shape: Shape) => generatePipeline({ root: roots.get(shape)!, kind: 'github', ponteVersion: '0.1.0' });

for (const shape of SHAPES) {
  test(`the workflow for the ${shape} project parses in @actions/workflow-parser without an error`, async () => {
    assert.deepEqual(await workflowErrors(github(shape).text), []);
  });
}

test('a planted mistake is reported by the same check', async () => {
  const text = github('churn').text;
  const planted = [
    text.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'),
    text.replace("steps.test.outcome != 'skipped'", "steps.test.outcome != 'skipped')"),
    text.replace('  workflow_dispatch:\n', '  workflow_dispatched:\n'),
    text.replace('        run: ponte gate\n', '        run: ponte gate\n        timeout-minutes: soon\n'),
  ];
  for (const broken of planted) {
    assert.notEqual(broken, text);
    assert.ok((await workflowErrors(broken)).length > 0, broken);
  }
});

test('the workflow runs the ponte steps in order, publishes a job summary and releases on the default branch only', async () => {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
  const parsed = parseWorkflow({ name: 'w.yml', content: github('churn').text }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
  const job = template.jobs[0] as unknown as { steps: { id: string; run?: { value: string }; if?: { expr?: string } }[] };
  const runs = job.steps.filter((s) => s.run).map((s) => String(s.run!.value));
  const ponteLines = runs.flatMap((r) => r.split('\n')).filter((l) => /(^|\s|\()ponte /.test(l)).map((l) => l.replace(/^.*?(ponte \S+( \S+)?).*$/, '$1'));
  assert.deepEqual(ponteLines, ['ponte validate', 'ponte run --force', 'ponte test --json', 'ponte gate', 'ponte model register', 'ponte model promote', 'ponte build --model', 'ponte deploy staging']);
  assert.ok(runs.some((r) => r.includes('GITHUB_STEP_SUMMARY')));
  const release = job.steps.find((s) => s.id === 'release')!;
  assert.match(JSON.stringify(release.if), /github\.event\.repository\.default_branch/);
});

test('secrets are named, never written: the S3 remote reads its credentials from secrets', () => {
  const text = github('s3').text;
  assert.match(text, /AWS_ACCESS_KEY_ID: \$\{\{ secrets\.AWS_ACCESS_KEY_ID \}\}/);
  assert.match(text, /dvc pull --remote store/);
  assert.match(text, /python3 -m pip install 'dvc\[s3\]'/);
  assert.doesNotMatch(text, /ponte data pull/);
});

test("the job summary step, run by bash, turns `ponte test --json` into a Markdown table; an error into one line", () => {
  const workflow = parse(github('churn').text) as { jobs: { ponte: { steps: { name?: string; run?: string }[] } } };
  const script = workflow.jobs.ponte.steps.find((s) => s.name === 'Test summary')!.run!;
  const temp = mkdtempSync(join(tmpdir(), 'ponte-summary-'));
  after(() => rmSync(temp, { recursive: true, force: true }));
  const summarize = (result: unknown) => {
    writeFileSync(join(temp, 'ponte-tests.json'), JSON.stringify(result));
    writeFileSync(join(temp, 'summary.md'), '');
    const r = spawnSync('bash', ['-e', '-c', script], { env: { ...process.env, RUNNER_TEMP: temp, GITHUB_STEP_SUMMARY: join(temp, 'summary.md') }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(join(temp, 'summary.md'), 'utf8');
  };
  const result: TestOutput = {
    summary: { passed: 1, failed: 1, errors: 0, skipped: 0, total: 2, duration_s: 0.5 },
    command: 'pytest',
    tests: [
      { id: 't::ok', name: 'ok', suite: 't', kind: 'code', status: 'passed', duration_s: 0.1, file: 't.py', line: 3, message: null },
      { id: 't::bad', name: 'bad', suite: 't', kind: 'code', status: 'failed', duration_s: 0.4, file: 't.py', line: 9, message: 'a | b\nc' },
    ],
  };
  assert.equal(summarize(result), [
    '### Ponte tests', '', '1 passed, 1 failed, 0 errors, 0 skipped', '',
    '| status | test | time | where | message |', '|---|---|---|---|---|',
    '| passed | t::ok | 0.1 s | t.py:3 |  |',
    '| failed | t::bad | 0.4 s | t.py:9 | a \\| b c |', '',
  ].join('\n'));
  assert.equal(summarize({ error: { code: 'tests.none', message: 'no tests' } }), '### Ponte tests\n\nNo results: no tests\n');
});
