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
export { readProject, loadProject, errorOf, PONTE_FILE_NAMES } from './read-project';
export type { ProjectRead, ReadProjectOptions } from './read-project';
export { buildPonteConfig, schemaDefault } from './ponte-config';
export type {
  PonteConfig, Located, DatasetConfig, ColumnConfig, TestsConfig, GatesConfig, GateRuleConfig, ModelConfig, ContainerConfig,
  DeploymentConfig, MonitorConfig, MonitorDriftConfig, DriftColumnConfig, AlertConfig, RetrainConfig, Storage, AlertEvent,
} from './ponte-config';
export { checkText, checkPipelineText } from './validate';
export type { CheckedFile, CheckedPipeline } from './validate';
export { DRIFT_METHODS, DRIFT_METHOD_DOCS, COLUMN_TYPES, COLUMN_TYPE_DOCS, COLUMN_KIND, MISSING_TOKENS } from './vocabulary';
export type { DriftMethod, ColumnType } from './vocabulary';
export { closestNames } from './did-you-mean';
