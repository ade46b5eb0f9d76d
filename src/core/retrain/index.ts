// Retraining (issue 14, part 3): the one public surface of src/core/retrain. `ponte retrain` and
// the editor's Retrain action call `retrain`; the lock and the export are exposed for their tests.
export { retrain, retrainPlan, awaitingApprovalDetail, RETRAIN_STEPS, type RetrainOptions, type RetrainResult, type RetrainStep, type RetrainStepName, type PlanStage } from './retrain';
export { acquireRetrainLock, processStartTime, type RetrainLock } from './lock';
export { exportWindows, WINDOW_SOURCE, PREDICTION_ID_COLUMN, type ExportResult } from './export-windows';
export { runCli, type PonteCli, type CliStepResult } from './cli-step';
