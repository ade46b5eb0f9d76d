// The labels Ponte puts on every container it starts: how a restarted backend, `ponte
// deployments` and `ponte undeploy` find a deployment's containers without any state of their own.
export const LABELS = {
  managed: 'org.ponte.managed',
  project: 'org.ponte.project',
  deployment: 'org.ponte.deployment',
  slot: 'org.ponte.slot',
  modelName: 'org.ponte.model.name',
  modelVersion: 'org.ponte.model.version',
} as const;

/** Docker's filter for the containers of one deployment (or of every deployment of a project). */
export function deploymentFilter(project: string, deployment?: string): { label: string[] } {
  const label = [`${LABELS.managed}=true`, `${LABELS.project}=${project}`];
  if (deployment) label.push(`${LABELS.deployment}=${deployment}`);
  return { label };
}
