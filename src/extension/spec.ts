// The one door from the extension into src/core/spec: every feature imports the spec calls from
// here, so the bundle pulls in only the spec core (and yaml), never the heavier capabilities.
// TEMPORARY: src/core/spec has not landed yet; these stand-ins follow its published contract
// and return nothing, and are replaced by re-exports as soon as it lands.
import type { Diagnostic, Range, SpecCompletion, SpecFileAccess, SpecHover, SpecKind } from '../core/spec/types';

export type { Diagnostic, Range, SpecCompletion, SpecFileAccess, SpecHover, SpecKind };
export { nodeFileAccess } from '../core/spec';

export interface DatasetDecl {
  name: string;
  path: string;
  storage: string;
  file: string;
  range: Range;
}
export interface StageDecl {
  name: string;
  cmd: string | string[];
  deps: string[];
  outs: string[];
  metrics: string[];
  file: string;
  range: Range;
}
export interface DeploymentDecl {
  name: string;
  target: string;
  strategy?: string;
  file: string;
  range: Range;
}
export interface ProjectModel {
  root: string;
  ponteFile?: string;
  dvcFiles: string[];
  project?: string;
  datasets: DatasetDecl[];
  stages: StageDecl[];
  deployments: DeploymentDecl[];
  diagnostics: Diagnostic[];
}

export interface SpecTextOptions {
  file: string;
  kind: SpecKind;
  fs?: SpecFileAccess;
}

export async function readProjectModel(root: string): Promise<ProjectModel> {
  return { root, dvcFiles: [], datasets: [], stages: [], deployments: [], diagnostics: [] };
}

export function validateText(_text: string, _options: SpecTextOptions): Diagnostic[] {
  return [];
}

export function completeAt(_text: string, _position: { line: number; character: number }, _options: SpecTextOptions): SpecCompletion[] {
  return [];
}

export function hoverAt(_text: string, _position: { line: number; character: number }, _options: SpecTextOptions): SpecHover | undefined {
  return undefined;
}

/** `ponte` for *ponte.yaml, `dvc` for *dvc.yaml, undefined for anything else. */
export function specKindOf(file: string): SpecKind | undefined {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? '';
  if (base.endsWith('ponte.yaml')) return 'ponte';
  if (base.endsWith('dvc.yaml')) return 'dvc';
  return undefined;
}
