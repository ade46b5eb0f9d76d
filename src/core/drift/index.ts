// The drift engine's public surface: run a comparison, save and read profiles, read the drift
// settings from ponte.yaml, render reports (run.ts), plus the file loaders themselves.
// The extension imports run.ts instead, to keep the loaders and hyparquet out of its bundle.
export * from './run';
export { loadTable, tableFromRecords, type LoadOptions } from './load';
export { compareTables, type CompareOptions } from './report';
export { compareProfiles } from './sketch-compare';
export { NumericSketch, SketchSink, type ColumnSketch } from './sketch';
export { identifiesRows, ID_NOTE } from './identity';
export { runLoadJob, type LoadJob, type LoadJobResult } from './load-job';
export { driftSettingsOf, readDriftSettings, type DriftSettings } from './config';
