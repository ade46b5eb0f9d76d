// Model images: Dockerfile generation, the build context from the DVC cache, the one dockerode
// client (DOCKER_HOST, docker://host:port targets) and the build itself, with tags and labels.
export { createDockerClient, connectDocker, dockerEndpoint, describeEndpoint, dockerError, DEFAULT_DOCKER_SOCKET } from './docker-client';
export type { DockerConnection, DockerEndpoint, DockerClientOptions } from './docker-client';
export { generateDockerfile, baseImages, GENERATED_HEADER, type GenerateSpec } from './dockerfile';
export { listContextFiles, planContext, packContext, modelObjects, CONTEXT_DOCKERFILE } from './context';
export type { ContextFile, ContextPlan, ModelInCache } from './context';
export { imageLabels, imageTags, isImageName, isImageTag, IMAGE_LABELS, type ImageProvenance } from './labels';
export { buildModelImage, type BuildModelImageOptions, type BuildHooks, type BuiltImage } from './build';
