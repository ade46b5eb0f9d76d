// The labels a model image carries, so `docker inspect` answers which run, model version, commit,
// data and gate verdict an image holds. OCI's annotation names where one exists, `dev.ponte.*` else.
export const IMAGE_LABELS = {
  created: 'org.opencontainers.image.created',
  title: 'org.opencontainers.image.title',
  version: 'org.opencontainers.image.version',
  revision: 'org.opencontainers.image.revision',
  runId: 'dev.ponte.run.id',
  modelName: 'dev.ponte.model.name',
  modelVersion: 'dev.ponte.model.version',
  modelMd5: 'dev.ponte.model.md5',
  modelPath: 'dev.ponte.model.path',
  dataHash: 'dev.ponte.data.hash',
  gates: 'dev.ponte.gates',
} as const;

export interface ImageProvenance {
  modelName: string;
  /** The registered version; absent when building straight from a run. */
  version?: number;
  runId?: string;
  gitCommit?: string;
  modelMd5: string;
  modelPath: string;
  dataHash?: string;
  gates: string;
  created?: Date;
}

/** The labels for an image; `extra` (container.labels) may add names but not overwrite these. */
export function imageLabels(p: ImageProvenance, extra: Record<string, string> = {}): Record<string, string> {
  const labels: Record<string, string> = { ...extra };
  const set = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== '') labels[k] = String(v);
  };
  set(IMAGE_LABELS.created, (p.created ?? new Date()).toISOString());
  set(IMAGE_LABELS.title, p.modelName);
  set(IMAGE_LABELS.version, p.version);
  set(IMAGE_LABELS.revision, p.gitCommit);
  set(IMAGE_LABELS.runId, p.runId);
  set(IMAGE_LABELS.modelName, p.modelName);
  set(IMAGE_LABELS.modelVersion, p.version);
  set(IMAGE_LABELS.modelMd5, p.modelMd5);
  set(IMAGE_LABELS.modelPath, p.modelPath);
  set(IMAGE_LABELS.dataHash, p.dataHash);
  set(IMAGE_LABELS.gates, p.gates);
  return labels;
}

/** The tags: the model version and the run's short id (its first 8 characters), then any asked for. */
export function imageTags(p: Pick<ImageProvenance, 'version' | 'runId'>, extra: string[] = []): string[] {
  const tags: string[] = [];
  if (p.version !== undefined) tags.push(String(p.version));
  if (p.runId) tags.push(p.runId.replace(/-/g, '').slice(0, 8));
  tags.push(...extra);
  return [...new Set(tags)];
}

// Docker's reference grammar (distribution/reference): an optional registry host[:port], then
// lowercase path components joined by `/`; a tag is up to 128 word characters, `.` and `-`.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_NAME = new RegExp(`^(?:[A-Za-z0-9.-]+(?::\\d+)?/)?${COMPONENT}(?:/${COMPONENT})*$`);

/** Whether Docker accepts `name` as an image name (without tag); checked before a build, not after it. */
export function isImageName(name: string): boolean {
  return name.length <= 255 && IMAGE_NAME.test(name);
}

export function isImageTag(tag: string): boolean {
  return /^[\w][\w.-]{0,127}$/.test(tag);
}
