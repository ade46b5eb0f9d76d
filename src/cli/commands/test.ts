// `ponte test [--json] [--data-only|--code-only]`: runs tests.command from ponte.yaml (pytest
// gets --junitxml automatically) and the data checks under datasets.*.schema, as one report.
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { formatTable, renderJson } from '../output';
import type { TestCaseJson, TestOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import { loadProject } from '../../core/project';
import { summarize, type TestResult } from '../../core/testing';
import { runTests } from '../../core/testing/runner';

const HELP = `Usage: ponte test [--json] [--data-only | --code-only]

Runs the project's tests: \`tests.command\` from ponte.yaml (for pytest, --junitxml is added so
every test is reported with its duration, and failures with file, line and message), then the
data checks declared under \`datasets.<name>.schema.columns\` (type, min, max, values, max_missing).

Options:
  --json         print {summary, tests: [{id, name, suite, kind, status, duration_s, file, line, message}]}
  --data-only    run only the data checks
  --code-only    run only the test command

Exit codes: 0 every test passed, 1 a test failed (or the command could not run), 2 bad usage.

Examples:
  ponte test
  ponte test --json > test-results.json
`;

const options = { json: { type: 'boolean' }, 'data-only': { type: 'boolean' }, 'code-only': { type: 'boolean' } } as const;

export const testCommand: CliCommand = {
  grammar: { options },
  summary: 'run the test suite and the data checks; JUnit results per test',
  async run(argv) {
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.on('SIGINT', onSigint);
    // The editor cancels with SIGTERM: stop the tests the same way, not with their runner orphaned.
    process.on('SIGTERM', onSigint);
    try {
      const args = parseCommandArgs('test', argv, options, HELP);
      if (!args) return 0;
      const json = args.values.json === true;
      const { config } = loadProject(process.cwd());
      if (!config.file) {
        throw new PonteError('tests.no_config', 'no ponte.yaml in this directory, so there is no test command or data check to run', {
          hint: 'add `tests: {command: python3 -m pytest tests}` to ponte.yaml',
        });
      }
      if (!config.tests && config.datasets.every((d) => d.columns.length === 0)) {
        throw new PonteError('tests.none', 'ponte.yaml declares no tests and no data checks', {
          file: config.file, hint: 'add `tests: {command: ...}` or `schema.columns` under a dataset',
        });
      }
      const out = json ? process.stderr : process.stdout;
      const run = await runTests({
        config, signal: controller.signal, dataOnly: args.values['data-only'] === true, codeOnly: args.values['code-only'] === true,
        onOutput: (text) => out.write(text),
      });
      if (run.cancelled) return 130;
      const summary = summarize(run.results);
      if (json) {
        const { durationS, ...counts } = summary;
        const report: TestOutput = { summary: { ...counts, duration_s: round(durationS) }, command: run.command ?? null, tests: run.results.map(toJson) };
        process.stdout.write(renderJson(report));
      } else {
        process.stdout.write(`\n${renderResults(run.results)}`);
      }
      return summary.failed + summary.errors > 0 ? 1 : 0;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  },
};

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}

function toJson(r: TestResult): TestCaseJson {
  return {
    id: r.id, name: r.name, suite: r.suite, kind: r.kind, status: r.status, duration_s: round(r.durationS),
    file: r.file ?? null, line: r.line ?? null, message: r.message ?? null, ...(r.details ? { details: r.details } : {}),
  };
}

export function renderResults(results: TestResult[]): string {
  const s = summarize(results);
  const rows = [['status', 'test', 'time', 'where']];
  for (const r of results) {
    rows.push([r.status.toUpperCase(), r.kind === 'data' ? r.id : r.id, `${r.durationS.toFixed(3)}s`, r.file ? `${r.file}${r.line ? `:${r.line}` : ''}` : '']);
  }
  let text = formatTable(rows);
  for (const r of results) {
    if (r.status === 'failed' || r.status === 'error') text += `\n✘ ${r.id}\n  ${r.file ?? ''}${r.line ? `:${r.line}` : ''}: ${r.message ?? r.status}\n`;
  }
  text += `\n${s.passed} passed, ${s.failed} failed${s.errors ? `, ${s.errors} errors` : ''}${s.skipped ? `, ${s.skipped} skipped` : ''} in ${s.durationS.toFixed(2)}s\n`;
  return text;
}
