// The one door from the extension into src/core/project: every feature imports the spec calls from
// here, so the bundle pulls in only the spec core (and yaml), never the heavier capabilities.
export { checkText, completeAt, detectKind, expandDvcStages, hoverAt, MAX_EDITOR_TEXT, nodeFileAccess, parseDvcPipeline, readProject, readProjectModel, validateText } from '../core/project';
export type {
  CheckedFile,
  DatasetDecl,
  DeploymentDecl,
  PonteConfig,
  Diagnostic,
  ProjectModel,
  Range,
  SpecCompletion,
  SpecFileAccess,
  SpecHover,
  SpecKind,
  StageDecl,
} from '../core/project';
