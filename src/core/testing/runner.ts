// Tests, the heavy surface: run the project's test command (JUnit results) and its data checks.
export { runTests, testCommandLine, isPytestCommand, DEFAULT_JUNIT, type RunTestsOptions, type TestRun } from './run-tests';
export { runDataChecks, type DataCheckOptions } from './data-checks';
