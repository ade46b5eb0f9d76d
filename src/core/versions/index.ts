// Dataset versions, above data and drift: the recorded versions of a DVC-tracked dataset (from the
// git history of its .dvc file) and the cached file of each. This light surface is what the
// extension imports; `./compare` (the heavy surface) summarises two versions side by side and
// pulls in drift's column loaders, so only the CLI and the server import it.
export { datasetVersions, datasetVersionFile, trackedDataFiles, dataRepoRoot, type DataVersion } from './dataset-versions';
export { comparisonMarkdown } from './compare-markdown';
export type { VersionComparison, VersionSummary, ColumnSummary } from './compare';
