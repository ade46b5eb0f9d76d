// The drift engine's public surface: run a comparison, save and read profiles, read the drift
// settings from ponte.yaml, render reports. Faces import from here only.
export { runDrift, profileDataset, readProfile, SKETCH_ROW_THRESHOLD, type DriftRunOptions, type DriftProgress } from './engine';
export { readDriftSettings, type DriftSettings } from './config';
export { kindOfSpecType, type ColumnKind, type TypeOverrides, type Table, type Column } from './columns';
export { loadTable } from './load';
export { DRIFT_METHODS, METHOD_INFO, type DriftConfig, type DriftMethod, type ColumnDriftConfig } from './methods';
export { orderColumns, type ColumnDrift, type ColumnHistogram, type DriftReport, type DriftSummary, type AllStatistics } from './report';
export { profileToJson, profileFromJson, type DatasetProfile, type ProfileJson } from './sketch';
export { renderDriftHtml } from './html';
