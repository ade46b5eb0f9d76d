// What drift takes from the project model: `monitor.drift` (method, threshold, share, per-column
// overrides) as a DriftConfig, and the column types declared under `datasets.<name>.schema.columns`,
// so a dataset's file is read with the types its owner declared. ponte.yaml is read and checked by
// core/project only: a broken file stops drift with the diagnostic `ponte validate` prints.
import { resolve } from 'node:path';
import { loadProject, type PonteConfig } from '../project';
import { kindOfSpecType, type TypeOverrides } from './columns';
import type { DriftConfig } from './methods';

export interface DriftSettings {
  config: DriftConfig;
  /** Declared column kinds by absolute dataset file path. */
  typesByFile: Map<string, TypeOverrides>;
  /** `monitor.features`: compared even when they identify rows. */
  features?: string[];
  /** Absolute path of the dataset `monitor.reference` names, when it names one. */
  referenceFile?: string;
  /** The ponte.yaml read, when one exists. */
  file?: string;
}

export function driftSettingsOf(project: PonteConfig): DriftSettings {
  const settings: DriftSettings = { config: {}, typesByFile: new Map(), file: project.file };
  for (const ds of project.datasets) {
    if (!ds.path) continue;
    const abs = resolve(project.root, ds.path);
    if (ds.name === project.monitor?.reference) settings.referenceFile = abs;
    const types: TypeOverrides = {};
    for (const c of ds.columns) {
      const kind = c.type && kindOfSpecType(c.type);
      if (kind) types[c.name] = kind;
    }
    if (ds.columns.length) settings.typesByFile.set(abs, types);
  }
  if (project.monitor?.features.length) settings.features = project.monitor.features;
  const drift = project.monitor?.drift;
  // Only what ponte.yaml writes: the engine's defaults (per method) apply to the rest.
  if (drift && project.monitor?.at.drift) {
    if (drift.at.method) settings.config.method = drift.method;
    if (drift.threshold !== undefined) settings.config.threshold = drift.threshold;
    if (drift.at.share) settings.config.share = drift.share;
    if (drift.at.columns) {
      settings.config.columns = Object.fromEntries(drift.columns.map((c) => [c.name, { method: c.method, threshold: c.threshold }]));
    }
  }
  return settings;
}

/** The drift settings of the project in `dir` (no ponte.yaml: the engine's defaults). */
export function readDriftSettings(dir: string): DriftSettings {
  return driftSettingsOf(loadProject(dir).config);
}
