// Tests, the light public surface: JUnit XML reports read into TestResults that the CLI, CI and
// VS Code's Testing view all show. Running the tests and the data checks is `./runner` (the
// heavy surface: it starts processes and reads data files), which the CLI imports.
export { parseJUnitXml, readJUnitFile, failureLine } from './junit';
export { parseXml, type XmlElement } from './xml';
export { summarize, type TestResult, type TestStatus, type TestSummary } from './results';
