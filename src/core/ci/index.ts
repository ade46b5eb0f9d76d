// CI/CD pipelines for a Ponte project: generate one for GitHub Actions, GitLab CI or Azure
// Pipelines from the project model, and check the `ponte` steps of the CI files a person edits.
export { CI_KINDS, CI_NAMES, CI_DEFAULT_PATHS, isCiKind, type CiKind } from './kinds';
export { generatePipeline, writePipelineFile, type GeneratedPipeline, type GenerateOptions } from './generate';
export { readPipelineFacts, remoteFacts, type PipelineFacts, type RemoteFacts, type ReleaseFacts } from './project-facts';
export { checkCiText, type CliGrammar, type CommandSpec, type OptionSpec, type CheckCiOptions } from './check-ci-file';
export { checkCiFiles, findCiFiles, isCiFile, type CheckCiFilesOptions } from './ci-files';
