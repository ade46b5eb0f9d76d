// The engine a deployment runs on, through core/container's one Docker client (a deployment's
// `docker://host:port` target, else DOCKER_HOST, else the default socket), plus where its
// published ports are reached: loopback for a local socket, the engine's host over tcp.
import type Docker from 'dockerode';
import { createDockerClient, dockerError } from '../container';

export interface DockerEngine {
  docker: Docker;
  /** The socket path or `tcp://host:port`, for messages. */
  where: string;
  /** The host that published ports are reached on. */
  publishHost: string;
  /** A socket on this machine: its containers' bridge addresses may be reachable from here. */
  local: boolean;
  /** A failure talking to the engine as a PonteError naming it. */
  error(e: unknown): Error;
}

export function dockerEngine(target?: string, env: NodeJS.ProcessEnv = process.env): DockerEngine {
  const conn = createDockerClient({ target, env });
  return {
    docker: conn.docker,
    where: conn.describe,
    publishHost: conn.endpoint.kind === 'socket' ? '127.0.0.1' : conn.endpoint.host,
    local: conn.endpoint.kind === 'socket',
    error: (e) => dockerError(e, conn),
  };
}

/** Throws `container.docker_unreachable` (naming the socket or host, with a hint) when the engine does not answer. */
export async function checkEngine(engine: DockerEngine): Promise<void> {
  try {
    await engine.docker.ping();
  } catch (e) {
    throw engine.error(e);
  }
}

