// The model registry: runs whose gates passed become numbered model versions, aliases
// (staging, production) point at versions, and every change goes to the audit log.
export { registerModel, gateVerdict, MODEL_TAGS, type RegisterModelOptions, type RegisterModelResult } from './register';
export { promoteModel, isModelAlias, MODEL_ALIASES, type ModelAlias, type PromoteOptions, type PromoteResult } from './promote';
export { resolveModelVersion, gateVerdictOfVersion } from './versions';
export { versionChoice, chooseModelVersion, type VersionChoice, type VersionFlags } from './choose-version';
