// The one door from the extension into src/core/spec: every feature imports the spec calls from
// here, so the bundle pulls in only the spec core (and yaml), never the heavier capabilities.
// TEMPORARY: readProjectModel, completeAt and hoverAt have not landed in src/core/spec yet; the
// stand-ins below follow its published contract, return nothing, and become re-exports when it lands.
import type { Diagnostic, Range, SpecCompletion, SpecFileAccess, SpecHover, SpecKind } from '../core/spec/types';

export type { Diagnostic, Range, SpecCompletion, SpecFileAccess, SpecHover, SpecKind };
export { nodeFileAccess, validateText, detectKind } from '../core/spec';

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

export function completeAt(_text: string, _position: { line: number; character: number }, _options: SpecTextOptions): SpecCompletion[] {
  return [];
}

export function hoverAt(_text: string, _position: { line: number; character: number }, _options: SpecTextOptions): SpecHover | undefined {
  return undefined;
}
