// The public surface of pipeline-file support: detect, validate, complete, hover, and read
// ponte.yaml / dvc.yaml into the model the CLI, the extension and `ponte run` use.
export type { Diagnostic, Position, Range, Severity, SpecKind, SpecCompletion, SpecHover, SpecFileAccess } from './types';
export { nodeFileAccess } from './file-access';
export { detectKind, validateText, validateFile, validatePaths, findPipelineFiles, sortDiagnostics } from './validate';
export type { ValidateOptions, ValidatePathsOptions, ValidatePathsResult } from './validate';
export { completeAt } from './completion';
export { hoverAt } from './hover';
export { MAX_EDITOR_TEXT } from './yaml-source';
export type { EditorOptions } from './editor-args';
export { offsetAt } from './editor-args';
export { readProjectModel } from './project-model';
export type { ProjectModel, DatasetDecl, StageDecl, DeploymentDecl } from './project-model';
export { parseDvcPipeline, expandDvcStages } from './dvc-pipeline';
export type { DvcPipeline, DvcStage, DvcPath, DvcParamRef, StageGroup, ExpandOptions, ExpandResult } from './dvc-pipeline';
export { schemaFor } from './spec-schemas';
export { toJsonSchema } from './json-schema';
