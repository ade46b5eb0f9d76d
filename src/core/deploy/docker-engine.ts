// The one way deployments reach a Docker engine: `target: docker://host:port` on a deployment,
// else DOCKER_HOST (unix socket or tcp), else the default socket. Connection failures become a
// PonteError naming the socket or host, never a bare ECONNREFUSED.
import Docker from 'dockerode';
import { PonteError } from '../errors';

export interface DockerEngine {
  docker: Docker;
  /** `unix:///var/run/docker.sock` or `tcp://host:port`, for messages. */
  where: string;
  /** The host that published ports are reached on: 127.0.0.1 for a local engine. */
  publishHost: string;
}

export function dockerEngine(target?: string, env: NodeJS.ProcessEnv = process.env): DockerEngine {
  const spec = target && target !== 'docker' ? target.replace(/^docker:\/\//, 'tcp://') : env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  if (spec.startsWith('unix://')) {
    const socketPath = spec.slice('unix://'.length);
    return { docker: new Docker({ socketPath }), where: spec, publishHost: '127.0.0.1' };
  }
  const m = /^(?:tcp|http):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(spec);
  if (!m) {
    throw new PonteError('docker.bad_host', `"${spec}" is not a Docker engine address`, { hint: 'use unix:///path/docker.sock, tcp://host:2375 or docker://host:2375' });
  }
  const host = m[1].replace(/^\[|\]$/g, '');
  return { docker: new Docker({ host, port: Number(m[2] ?? 2375), protocol: 'http' }), where: spec, publishHost: host };
}

/** Throws a clear error when the engine does not answer. */
export async function checkEngine(engine: DockerEngine): Promise<void> {
  try {
    await engine.docker.ping();
  } catch (e) {
    throw new PonteError('docker.unreachable', `the Docker engine at ${engine.where} does not answer (${(e as Error).message})`, {
      hint: 'start it (on this machine: bash scripts/docker-engine.sh start, or sudo systemctl start docker), or point DOCKER_HOST at a running engine',
      cause: e,
    });
  }
}
