// Monitoring in production: the proxy's recording queue and the readers of the request and
// response fields that `monitor` names. Windows, alerts and retraining join here.
export { PredictionRecorder, type RecorderOptions, type RecorderStats } from './recorder';
export { readJsonPath, featuresOf } from './json-path';
export { WindowAccumulator, toClass, type WindowOptions, type WindowStats, type AccuracyMetric } from './window';
