// The CI systems Ponte writes pipelines for, and where each one looks for its file. One list, so
// the CLI's arguments, the editor's quick pick and `ponte validate`'s search agree.
export const CI_KINDS = ['github', 'gitlab', 'azure'] as const;
export type CiKind = (typeof CI_KINDS)[number];

export const CI_NAMES: Record<CiKind, string> = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI',
  azure: 'Azure Pipelines',
};

/** Where each CI reads its pipeline, relative to the repository root. */
export const CI_DEFAULT_PATHS: Record<CiKind, string> = {
  github: '.github/workflows/ponte-pipeline.yml',
  gitlab: '.gitlab-ci.yml',
  azure: 'azure-pipelines.yml',
};

export function isCiKind(value: string): value is CiKind {
  return (CI_KINDS as readonly string[]).includes(value);
}
