// What a CI pipeline needs to know about a project, read through the project model (ponte.yaml,
// dvc.yaml) and DVC's own config reader: the remote and its kind, the Python requirements, the
// tests and their JUnit report, the gates, the model, the container and the deployments.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readDvcConfig, resolveRemote } from '../data';
import { loadProject } from '../project';
import { PonteError } from '../errors';
import type { PonteConfig } from '../project';
import { MODEL_ALIASES } from '../registry';
import { DEFAULT_JUNIT } from '../testing/runner';

export interface RemoteFacts {
  name: string;
  url: string;
  /** `local` for a directory (or file://), else the URL's scheme: s3, gs, azure, ssh, http... */
  kind: string;
  /** Ponte pulls from directories only; any other kind is pulled by the dvc CLI. */
  pulledBy: 'ponte' | 'dvc';
  /** The pip extra DVC needs for this kind (`dvc[s3]`), when it needs one. */
  dvcPackage?: string;
  /** Environment variables the remote reads its credentials from (DVC's and the cloud SDKs' names). */
  credentials: string[];
}

export interface ReleaseFacts {
  /** ponte.yaml has a container section: the model image can be built. */
  build: boolean;
  /** The deployment a main-branch pipeline updates, and the alias it deploys. */
  deploy?: { name: string; alias: string };
}

export interface PipelineFacts {
  project: string;
  /** requirements.txt at the root, when there is one. */
  requirements?: string;
  remote?: RemoteFacts;
  /** The JUnit report `ponte test` writes, when ponte.yaml has a test command. */
  junit?: string;
  /** A test command or data checks: `ponte test` has something to run. */
  tests: boolean;
  gates: boolean;
  /** Register (and build, deploy) on the main branch: only for a model whose runs are gated. */
  release?: ReleaseFacts;
  /** Why there is no release step, for the file's comment. */
  noRelease?: string;
}

/** Extras of `pip install dvc[...]` by remote kind (DVC's packaging). http(s) needs none. */
const DVC_EXTRAS: Record<string, string> = {
  s3: 's3', gs: 'gs', azure: 'azure', ssh: 'ssh', hdfs: 'hdfs', webhdfs: 'webhdfs', webdav: 'webdav', webdavs: 'webdav', oss: 'oss', gdrive: 'gdrive',
};

/** Credentials by remote kind: the variables DVC's file systems read (boto3, azure-storage). */
const CREDENTIALS: Record<string, string[]> = {
  s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  azure: ['AZURE_STORAGE_CONNECTION_STRING'],
};

export function remoteFacts(name: string, url: string): RemoteFacts {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  const kind = !scheme || scheme === 'file' ? 'local' : scheme;
  const extra = DVC_EXTRAS[kind];
  return {
    name, url, kind,
    pulledBy: kind === 'local' ? 'ponte' : 'dvc',
    ...(kind === 'local' ? {} : { dvcPackage: extra ? `dvc[${extra}]` : 'dvc' }),
    credentials: CREDENTIALS[kind] ?? [],
  };
}

function readRemote(root: string): RemoteFacts | undefined {
  const dvcDir = path.join(root, '.dvc');
  if (!existsSync(dvcDir)) return undefined;
  const config = readDvcConfig(dvcDir);
  if (!config.get('core')?.get('remote')) return undefined;
  const remote = resolveRemote(config, dvcDir);
  return remoteFacts(remote.name, remote.url);
}

/** A character that ends a line in YAML 1.1 or 1.2 (GitLab reads 1.1), or another control character. */
const BREAKS_YAML = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/**
 * The names the pipeline writes into comments and scripts (the project's, the deployment's) hold
 * no line break: one would end the comment or the script's block and put its rest into the file as
 * YAML of its own.
 */
function checkNames(config: PonteConfig, deploy: string | undefined): void {
  const file = config.file && path.relative(config.root, config.file).split(path.sep).join('/');
  const refuse = (what: string, value: string, at: { start: { line: number; character: number } } | undefined) => {
    throw new PonteError('ci.bad_name', `${what} ${JSON.stringify(value)} holds a line break or control character, which would break out of the generated YAML`, {
      file, line: at && at.start.line + 1, column: at && at.start.character + 1, hint: 'rename it with letters, digits, "-", "_" and "." only',
    });
  };
  if (BREAKS_YAML.test(config.project)) refuse(config.at.project ? 'the project name (project)' : "the project name (the folder's, as ponte.yaml sets no project)", config.project, config.at.project);
  const d = config.deployments.find((x) => x.name === deploy);
  if (d && BREAKS_YAML.test(d.name)) refuse('the deployment name (deployments)', d.name, d.range);
}

/** The facts of the project at `root`; a broken ponte.yaml or .dvc/config stops here with its PonteError. */
export function readPipelineFacts(root: string): PipelineFacts {
  const { config } = loadProject(root);
  if (!existsSync(config.pipeline)) {
    const pipeline = path.relative(config.root, config.pipeline).split(path.sep).join('/');
    throw new PonteError('ci.no_project', config.file ? `there is no ${pipeline} (the pipeline ponte.yaml names) for the pipeline's 'ponte run'` : `${config.root} holds neither ponte.yaml nor ${pipeline}: it is not a Ponte or DVC project`, {
      file: config.file ? pipeline : undefined,
      hint: 'run ponte ci generate at the project root (the folder of ponte.yaml and dvc.yaml)',
    });
  }
  const requirements = existsSync(path.join(config.root, 'requirements.txt')) ? 'requirements.txt' : undefined;
  const gates = (config.gates?.rules.length ?? 0) > 0;
  const facts: PipelineFacts = {
    project: config.project,
    requirements,
    remote: readRemote(config.root),
    junit: config.tests ? config.tests.junit ?? DEFAULT_JUNIT : undefined,
    tests: config.tests !== undefined || config.datasets.some((d) => d.columns.length > 0),
    gates,
  };
  if (!config.file) facts.noRelease = 'there is no ponte.yaml, so no model to register (add one with model.path and gates)';
  else if (!config.model.path) facts.noRelease = 'ponte.yaml declares no model.path, so there is no model to register';
  else if (!gates) facts.noRelease = 'ponte.yaml declares no gates, and only a gated run is registered';
  else {
    const build = config.container !== undefined;
    const target = config.deployments.find((d) => d.name === 'staging') ?? config.deployments[0];
    const alias = target && (MODEL_ALIASES as readonly string[]).includes(target.name) ? target.name : 'staging';
    facts.release = { build, ...(build && target ? { deploy: { name: target.name, alias } } : {}) };
  }
  checkNames(config, facts.release?.deploy?.name);
  return facts;
}
