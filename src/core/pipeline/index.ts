// Pipeline runs, the public surface: load dvc.yaml into a stage graph, decide what changed by
// DVC's rules, run stages (shell, wdir, streamed, cancellable), and read/write dvc.lock,
// params files and metrics files in DVC's formats.
export { loadPipeline, lockFileFor, type LoadedPipeline, type LoadPipelineOptions } from './load';
export { buildStageGraph, selectStages, allOuts, rootRelative, type StageGraph, type StageNode } from './graph';
export { checkStage, ParamsReader, type StageCheck, type CheckContext } from './changes';
export { runPipeline, type RunPipelineOptions, type PipelineRun, type StageReport, type StageOutcome, type PipelineEvents } from './run-pipeline';
export { executeCommand, type CommandOutcome, type ExecuteOptions } from './execute';
export { readLockFile, writeLockFile, parseLockFile, formatLockFile, emptyLockFile, DEFAULT_PARAMS_FILE, type LockFile, type LockStage, type LockEntry } from './lock-file';
export { readMetricsFile, parseMetricsText, type Metrics } from './metrics-file';
export { openDataStorage, type DataStorage } from './data-storage';
export { startRun, finishRun, storeGateResult, collectMetrics, mergeMetricFiles, collectParams, dataHashesOf, gitState, type StartRunOptions, type FinishRunResult, type GitState } from './record-run';
export type { StageStorage, OutputHash } from './storage';
export { appendStepMetric, readStepMetrics, METRICS_FILE_ENV } from './step-metrics';
export { compareRuns, gateVerdictOf, type RunComparison, type ComparisonRow } from './compare-runs';
export { acquireRunLock, type RunLock } from './run-lock';
export { collectRunPlots, plotFormatOf, type CollectedPlots, type PlotSources } from './run-plots';
