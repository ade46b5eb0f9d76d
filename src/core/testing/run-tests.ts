// `ponte test`: runs `tests.command` from ponte.yaml (adding --junitxml for pytest, through an
// environment variable so no path is pasted into the shell text), reads the JUnit report, and
// adds the data checks declared in ponte.yaml. The report is deleted first: a stale one never counts.
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { PonteError } from '../errors';
import { executeCommand } from '../pipeline';
import type { PonteConfig } from '../project';
import { runDataChecks } from './data-checks';
import { readJUnitFile } from './junit';
import type { TestResult } from './results';

export const DEFAULT_JUNIT = 'reports/junit.xml';

export function isPytestCommand(command: string): boolean {
  return /(^|[\s/])(py\.test|pytest)(\s|$)|-m\s+pytest\b/.test(command);
}

/** The shell text that runs the tests: pytest gets a JUnit report in xunit1 (file and line per test). */
export function testCommandLine(command: string): string {
  if (!isPytestCommand(command) || /--junit-?xml\b/.test(command)) return command;
  return `${command} --junitxml="$PONTE_JUNIT_XML" -o junit_family=xunit1`;
}

export interface RunTestsOptions {
  config: PonteConfig;
  /** Skip the test command; run only the data checks. */
  dataOnly?: boolean;
  /** Skip the data checks. */
  codeOnly?: boolean;
  signal?: AbortSignal;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface TestRun {
  results: TestResult[];
  /** The command as run, or undefined when there was none. */
  command?: string;
  exitCode?: number | null;
  junitFile?: string;
  cancelled: boolean;
}

export async function runTests(options: RunTestsOptions): Promise<TestRun> {
  const { config } = options;
  const run: TestRun = { results: [], cancelled: false };
  if (config.tests && !options.dataOnly) {
    const junit = path.resolve(config.root, config.tests.junit ?? DEFAULT_JUNIT);
    await rm(junit, { force: true });
    await mkdir(path.dirname(junit), { recursive: true });
    const command = testCommandLine(config.tests.command);
    const outcome = await executeCommand(command, {
      cwd: config.root, env: { ...process.env, PONTE_JUNIT_XML: junit }, signal: options.signal, onOutput: options.onOutput,
    });
    Object.assign(run, { command, exitCode: outcome.code, junitFile: junit, cancelled: outcome.cancelled });
    if (outcome.cancelled) return run;
    if (outcome.code === 127) {
      throw new PonteError('tests.command_not_found', `the test command was not found: ${config.tests.command}`, {
        file: config.file, line: config.tests.range.start.line + 1, hint: 'check tests.command in ponte.yaml and that the program is installed and on PATH',
      });
    }
    try {
      run.results.push(...(await readJUnitFile(junit)));
    } catch (e) {
      if ((e as PonteError).code === 'io.enoent') {
        // pytest exits 5 when it collects no test, and writes no failures: nothing to report.
        if (outcome.code === 5 || outcome.code === 0) return run;
        throw new PonteError('tests.no_report', `the test command exited with ${outcome.code} and wrote no JUnit report at ${junit}`, {
          file: config.file, line: config.tests.range.start.line + 1,
          hint: isPytestCommand(config.tests.command) ? `its output ends with:\n${outcome.tail.trimEnd().split('\n').slice(-5).join('\n')}` : 'make the command write JUnit XML to tests.junit in ponte.yaml',
        });
      }
      throw e;
    }
  }
  if (!options.codeOnly && config.file) {
    run.results.push(...(await runDataChecks({ root: config.root, configFile: config.file, datasets: config.datasets })));
  }
  return run;
}

