// Tests, the public surface: run the project's test command and its data checks, and read
// JUnit XML reports into TestResults that the CLI, CI and VS Code's Testing view all show.
export { runTests, testCommandLine, isPytestCommand, DEFAULT_JUNIT, type RunTestsOptions, type TestRun } from './run-tests';
export { parseJUnitXml, readJUnitFile, failureLine } from './junit';
export { runDataChecks, type DataCheckOptions } from './data-checks';
export { parseXml, type XmlElement } from './xml';
export { summarize, type TestResult, type TestStatus, type TestSummary } from './results';
