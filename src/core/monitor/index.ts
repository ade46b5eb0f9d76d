// Monitoring in production: the proxy's recording queue and the readers of the request and
// response fields that `monitor` names. Windows, alerts and retraining join here.
export { PredictionRecorder, type RecorderOptions, type RecorderStats } from './recorder';
export { readJsonPath, featuresOf } from './json-path';
export { WindowAccumulator, toClass, type WindowOptions, type WindowStats, type AccuracyMetric } from './window';
export { judgeWindow, decide, ALERT_EVENTS, DEFAULT_POLICY, type AlertEvent, type Thresholds, type Verdict, type RulePolicy, type Decision } from './alert-rules';
export { deliverWebhook, runAlertCommand, commandWords, type WebhookOptions, type DeliveryResult, type CommandResult } from './deliver';
export { monitorSettingsOf, monitorBlock, DEFAULT_WINDOW_SIZE, type MonitorSettings, type AlertRule } from './settings';
export { windowPlan, rescorePlan, alertChanges, SETTLE_MS } from './window-plan';
export { parseLabelsCsv } from './feedback-csv';
