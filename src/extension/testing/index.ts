// Ponte's tests in VS Code's Testing view: a TestController whose items are the project's tests
// (from the last JUnit report and the data checks in ponte.yaml) and whose run profile runs
// `ponte test --json`, reporting each test with its duration, and each failure at its file and line.
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TestCaseJson, TestOutput } from '../../core/cli-json';
import { isPonteError, PonteError } from '../../core/errors';
import { readProject } from '../spec';
import { parseJUnitXml, type TestResult } from '../../core/testing';
import type { PonteContext } from '../context';
import { testPath } from './test-tree';

let controller: vscode.TestController | undefined;
let runHandler: ((request: vscode.TestRunRequest, token: vscode.CancellationToken) => Promise<void>) | undefined;

function rootsWithTests(ctx: PonteContext): string[] {
  return ctx.project.models().filter((m) => m.ponteFile).map((m) => m.root);
}

function itemFor(c: vscode.TestController, root: string, r: TestCaseJson | TestResult): vscode.TestItem {
  const parts = testPath({ ...r, file: r.file ?? undefined, line: r.line ?? undefined, durationS: 0 } as TestResult);
  let items = c.items;
  let item: vscode.TestItem | undefined;
  for (const part of parts) {
    const id = `${root}::${part.id}`;
    item = items.get(id);
    const uri = part.file ? vscode.Uri.file(path.resolve(root, part.file)) : undefined;
    if (!item) {
      item = c.createTestItem(id, part.label, uri);
      items.add(item);
    }
    if (part.line !== undefined) item.range = new vscode.Range(part.line - 1, 0, part.line - 1, 0);
    items = item.children;
  }
  return item!;
}

/** Items from what is known without running anything: the last report and the declared data checks. */
function discover(ctx: PonteContext, c: vscode.TestController): void {
  for (const root of rootsWithTests(ctx)) {
    let config;
    try {
      config = readProject(root).config;
    } catch {
      continue;
    }
    const junit = path.resolve(root, config.tests?.junit ?? 'reports/junit.xml');
    try {
      for (const r of parseJUnitXml(readFileSync(junit, 'utf8'), junit)) itemFor(c, root, r);
    } catch {
      // no report yet: the tests appear after the first run
    }
    for (const ds of config.datasets) {
      for (const col of ds.columns) {
        itemFor(c, root, { id: `data:${ds.name}/${col.name}`, name: col.name, suite: `data:${ds.name}`, kind: 'data', status: 'passed', durationS: 0, file: 'ponte.yaml', line: col.range.start.line + 1 });
      }
    }
  }
}

export function registerTesting(ctx: PonteContext): void {
  const c = vscode.tests.createTestController('ponte.tests', 'Ponte');
  controller = c;
  c.resolveHandler = async (item) => {
    if (item) return;
    await ctx.project.ready();
    discover(ctx, c);
  };
  runHandler = (request, token) => runTests(ctx, c, request, token);
  c.createRunProfile('Run Ponte Tests', vscode.TestRunProfileKind.Run, runHandler, true);
  ctx.subscriptions.push(c, ctx.project.onDidChange(() => discover(ctx, c)));
}

function within(request: vscode.TestRunRequest, item: vscode.TestItem): boolean {
  // Ids nest by prefix: `root::tests/x.py` holds `root::tests/x.py::Case::test`, `root::data:` holds `root::data:train/age`.
  const included = !request.include || request.include.some((i) => item.id.startsWith(i.id));
  const excluded = request.exclude?.some((i) => item.id.startsWith(i.id)) ?? false;
  return included && !excluded;
}

async function runTests(ctx: PonteContext, c: vscode.TestController, request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
  ctx.requireTrust('Running tests');
  const run = c.createTestRun(request, 'Ponte tests', true);
  try {
    const roots = rootsWithTests(ctx);
    if (roots.length === 0) throw new PonteError('tests.no_config', 'no ponte.yaml in this workspace, so there are no tests to run', { hint: 'run Ponte: Create ponte.yaml' });
    for (const root of roots) {
      // Only data checks asked for: skip the test command.
      const onlyData = request.include?.every((i) => i.id.startsWith(`${root}::data:`)) ?? false;
      run.appendOutput(`$ ponte test${onlyData ? ' --data-only' : ''}   (in ${root})\r\n`);
      const { value: out } = await ctx.cli.json<TestOutput>(['test', '--json', ...(onlyData ? ['--data-only'] : [])], {
        cwd: root, cancel: token, onOutput: (t) => run.appendOutput(t.replace(/\r?\n/g, '\r\n')),
      });
      for (const t of out.tests) {
        const item = itemFor(c, root, t);
        if (!within(request, item)) continue;
        const ms = t.duration_s * 1000;
        if (t.status === 'passed') run.passed(item, ms);
        else if (t.status === 'skipped') run.skipped(item);
        else {
          const message = new vscode.TestMessage(t.details ? `${t.message ?? ''}\n\n${t.details}` : (t.message ?? t.status));
          if (t.file && t.line) message.location = new vscode.Location(vscode.Uri.file(path.resolve(root, t.file)), new vscode.Position(t.line - 1, 0));
          if (t.status === 'failed') run.failed(item, message, ms);
          else run.errored(item, message, ms);
        }
      }
    }
  } catch (e) {
    run.appendOutput(`${(e as Error)?.message ?? e}\r\n`);
    // Cancelled from the Testing view: the run ends with what it had, no error to show.
    if (!isPonteError(e) || e.code !== 'cancelled') ctx.showError(e);
  } finally {
    run.end();
  }
}

/** `ponte.runTests`: runs every Ponte test, as the Testing view's run button does. */
export async function runTestsCommand(ctx: PonteContext): Promise<void> {
  ctx.requireTrust('Running tests');
  if (!controller || !runHandler) throw new PonteError('internal', 'the testing feature is not registered');
  discover(ctx, controller);
  const source = new vscode.CancellationTokenSource();
  try {
    await runHandler(new vscode.TestRunRequest(), source.token);
  } finally {
    source.dispose();
  }
}
