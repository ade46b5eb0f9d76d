// The one place a dockerode client is made: from a deployment's `docker://host:port` target,
// else DOCKER_HOST (unix:// or tcp://), else the default socket. Every connection failure becomes
// a PonteError that names the socket or host it tried and how to get an engine answering.
import Docker from 'dockerode';
import { PonteError } from '../errors';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type DockerEndpoint = { kind: 'socket'; socketPath: string } | { kind: 'tcp'; host: string; port: number; protocol: 'http' | 'https' };

export interface DockerConnection {
  docker: Docker;
  endpoint: DockerEndpoint;
  /** What the messages name: the socket path or `tcp://host:port`. */
  describe: string;
}

export interface DockerClientOptions {
  /** A deployment's `target`: `docker` (the default engine) or `docker://host:port`. */
  target?: string;
  env?: NodeJS.ProcessEnv;
}

/** Where the engine is, without connecting. A malformed address is a usage error that names where it came from. */
export function dockerEndpoint(options: DockerClientOptions = {}): DockerEndpoint {
  const env = options.env ?? process.env;
  if (options.target && options.target !== 'docker') {
    const m = /^docker:\/\/([^:/\s]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\/?$/.exec(options.target);
    if (!m) {
      throw new PonteError('container.bad_target', `deployment target "${options.target}" is not "docker" or "docker://host:port"`, {
        hint: 'e.g. target: docker://10.0.0.5:2375 (an engine listening on tcp)',
      });
    }
    return { kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]), protocol: 'http' };
  }
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { kind: 'socket', socketPath: DEFAULT_DOCKER_SOCKET };
  if (host.startsWith('unix://')) return { kind: 'socket', socketPath: host.slice('unix://'.length) };
  const tcp = /^(tcp|http|https):\/\/([^:/\s]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?\/?$/.exec(host);
  if (tcp) {
    const tls = tcp[1] === 'https' || env.DOCKER_TLS_VERIFY === '1';
    return { kind: 'tcp', host: tcp[2].replace(/^\[|\]$/g, ''), port: Number(tcp[3] ?? (tls ? 2376 : 2375)), protocol: tls ? 'https' : 'http' };
  }
  throw new PonteError('container.bad_docker_host', `DOCKER_HOST="${host}" is not a unix:// socket or a tcp://host:port address`, {
    hint: 'e.g. DOCKER_HOST=unix:///var/run/docker.sock or DOCKER_HOST=tcp://127.0.0.1:2375',
  });
}

export function describeEndpoint(e: DockerEndpoint): string {
  return e.kind === 'socket' ? e.socketPath : `${e.protocol === 'https' ? 'https' : 'tcp'}://${e.host}:${e.port}`;
}

/** A client for the engine; nothing is sent until it is used (see `connectDocker`). */
export function createDockerClient(options: DockerClientOptions = {}): DockerConnection {
  const endpoint = dockerEndpoint(options);
  const docker = endpoint.kind === 'socket'
    ? new Docker({ socketPath: endpoint.socketPath })
    : new Docker({ host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol });
  return { docker, endpoint, describe: describeEndpoint(endpoint) };
}

/** A client whose engine answered a ping; else the `container.docker_unreachable` error. */
export async function connectDocker(options: DockerClientOptions = {}): Promise<DockerConnection> {
  const conn = createDockerClient(options);
  try {
    await conn.docker.ping();
  } catch (e) {
    throw dockerError(e, conn);
  }
  return conn;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET']);

/** A failure talking to the engine, as a PonteError naming it; a PonteError passes through. */
export function dockerError(e: unknown, conn: Pick<DockerConnection, 'describe' | 'endpoint'>): PonteError {
  if (e instanceof PonteError) return e;
  const err = e as NodeJS.ErrnoException & { statusCode?: number; json?: { message?: string } };
  if (err?.code && UNREACHABLE.has(err.code)) {
    const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOENT' ? 'no such socket' : err.code;
    const hint = conn.endpoint.kind === 'socket'
      ? 'start an engine (bash scripts/docker-engine.sh start, or systemctl start docker), or point DOCKER_HOST at one'
      : 'check that the engine listens there, or set DOCKER_HOST (unix:///var/run/docker.sock, tcp://host:2375)';
    return new PonteError('container.docker_unreachable', `the Docker engine at ${conn.describe} does not answer (${why})`, { hint, cause: e });
  }
  // docker-modem prefixes the engine's own words with "(HTTP code 400) unexpected - ".
  const message = (err?.json?.message ?? (err as Error)?.message ?? String(e)).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
  return new PonteError('container.docker_failed', `the Docker engine at ${conn.describe} refused: ${message}`, {
    hint: 'the engine\'s own message is above; docker info and the engine\'s log say more',
    cause: e,
  });
}
