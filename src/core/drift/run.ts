// The drift engine without the file loaders: run a comparison (the loading happens in the
// bundled worker, dist/drift-worker.js), read settings and profiles, render reports, pick dataset
// versions. The extension imports this, so hyparquet and the parsers stay out of its bundle;
// index.ts adds the loaders for the CLI, the server and core/data.
export { runDrift, profileDataset, readProfile, SKETCH_ROW_THRESHOLD, type DriftRunOptions, type DriftProgress } from './engine';
export { readDriftSettings, type DriftSettings } from './config';
export { formatOf, kindOfSpecType, type ColumnKind, type TypeOverrides, type Table, type Column } from './columns';
export { DRIFT_METHODS, METHOD_INFO, type DriftConfig, type DriftMethod, type ColumnDriftConfig } from './methods';
export { orderColumns, type ColumnDrift, type ColumnHistogram, type DriftReport, type DriftSummary, type AllStatistics } from './report';
export { profileToJson, profileFromJson, type DatasetProfile, type ProfileJson } from './sketch';
export { renderDriftHtml, formatStat, type DriftHtmlOptions } from './html';
