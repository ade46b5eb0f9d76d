// Deployments on a Docker engine: deploy with blue/green or rolling replacement behind a health
// check, rollback, undeploy, live status, and reconciling the backend with what runs.
export { deploy, currentDeployment, stopAndRemove, type DeploySpec, type DeployControl, type Strategy } from './deploy';
export { rollbackTarget, previousVersion, undeploy, deploymentStatus, reconcileDeployments, type DeploymentStatusRow } from './manage';
export { dockerEngine, checkEngine, type DockerEngine } from './docker-engine';
export { waitHealthy, lastLogLines } from './health';
export { LABELS, deploymentFilter } from './labels';
