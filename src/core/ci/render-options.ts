// What every renderer takes besides the project's facts (versions of the tools it installs), and
// the comment each generated file opens with: what it runs, and the secrets it reads by name.
import { CI_NAMES, type CiKind } from './kinds';
import type { PipelineFacts } from './project-facts';
import { BACKEND_SECRETS, DOCKER_SECRETS } from './steps';

export interface RenderOptions {
  /** The npm version of Ponte the pipeline installs. */
  ponteVersion: string;
  nodeVersion: number;
  pythonVersion: string;
}

export const DEFAULT_RENDER_OPTIONS: Omit<RenderOptions, 'ponteVersion'> = { nodeVersion: 20, pythonVersion: '3.11' };

const SECRET_DOCS: Record<string, string> = {
  PONTE_BACKEND: "URL of the team's `ponte serve`; unset, runs stay in the job's embedded store",
  PONTE_TOKEN: 'its bearer token',
  DOCKER_HOST: 'the Docker engine the release builds on and deploys to',
  AWS_ACCESS_KEY_ID: 'credentials of the S3 remote',
  AWS_SECRET_ACCESS_KEY: 'credentials of the S3 remote',
  AZURE_STORAGE_CONNECTION_STRING: 'credentials of the Azure Blob remote',
};

/** Every secret the pipeline reads, in a stable order. */
export function secretNames(facts: PipelineFacts): string[] {
  return [...BACKEND_SECRETS, ...(facts.remote?.credentials ?? []), ...(facts.release?.build ? DOCKER_SECRETS : [])];
}

export function header(facts: PipelineFacts, options: RenderOptions, kind: CiKind, secretsIntro: string[]): string {
  const does = ['validate', ...(facts.remote ? [`pull data from the DVC remote "${facts.remote.name}"`] : []), 'run the pipeline', ...(facts.tests ? ['test'] : []), ...(facts.gates ? ['gate'] : [])];
  const release = facts.release
    ? `On the main branch it then registers the model${facts.release.build ? ', builds its image' : ''}${facts.release.deploy ? ` and deploys it to "${facts.release.deploy.name}"` : ''}.`
    : `No release step: ${facts.noRelease}.`;
  const lines = [
    `${CI_NAMES[kind]} pipeline for the Ponte project "${facts.project}", written by \`ponte ci generate ${kind}\``,
    `(Ponte ${options.ponteVersion}). Every branch: ${does.join(', ')}.`,
    release,
    ...(facts.remote?.pulledBy === 'dvc' ? [`The ${facts.remote.kind} remote is pulled by the dvc CLI (Ponte pulls from directories only).`] : []),
    ...(facts.remote?.pulledBy === 'ponte' ? [`The remote is the directory ${facts.remote.url}: the runner must see it at that path.`] : []),
    '`ponte validate` checks the ponte steps in this file once you edit it.',
    ...secretsIntro,
    ...secretNames(facts).map((n) => `  ${n}: ${SECRET_DOCS[n] ?? 'credentials of the remote'}`),
  ];
  return `${lines.map((l) => `# ${l}`.trimEnd()).join('\n')}\n`;
}
