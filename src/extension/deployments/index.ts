// Models into production from the editor: the Deployments view live from the backend (status,
// slot colour, version, image, uptime, request rate; containers and history under each), and the
// commands that build, register, promote, deploy, roll back and probe a model. Everything that
// changes something runs the `ponte` CLI through the bridge; the view follows the event stream.
import type { PonteContext } from '../context';
import type { CommandHandler } from '../commands';
import {
  buildImageCommand, deployCommand, openEndpointCommand, promoteModelCommand, registerModelCommand, rollbackCommand, sendTestRequestCommand, showContainerLogsCommand, undeployCommand,
} from './commands';
import { DeploymentsFeature } from './feature';
import { deploymentKinds } from './rows';

export { deploymentKinds } from './rows';

export const deploymentCommands: Record<string, CommandHandler> = {
  'ponte.buildImage': buildImageCommand,
  'ponte.registerModel': registerModelCommand,
  'ponte.promoteModel': promoteModelCommand,
  'ponte.deploy': deployCommand,
  'ponte.rollback': rollbackCommand,
  'ponte.undeploy': undeployCommand,
  'ponte.showContainerLogs': showContainerLogsCommand,
  'ponte.openEndpoint': openEndpointCommand,
  'ponte.sendTestRequest': sendTestRequestCommand,
};

export function registerDeployments(ctx: PonteContext): void {
  const feature = new DeploymentsFeature(ctx);
  ctx.deployments = feature;
  ctx.subscriptions.push(
    feature,
    ctx.trees.deployments.addContributor((parent) => feature.rows(parent), { childrenOf: [deploymentKinds.deployment, deploymentKinds.history] }),
    ctx.backend.onEvent((e) => {
      if (e.type === 'deployment.changed') feature.changed(e.deployment);
      else if (e.type === 'predictions.ingested') feature.predictionsArrived();
    }),
    ctx.backend.onDidChangeState((s) => {
      if (s.kind === 'ready') void feature.reload();
    }),
  );
}
