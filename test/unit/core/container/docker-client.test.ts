// Where the Docker engine is (DOCKER_HOST, a deployment's docker://host:port, the default socket)
// and what a user reads when it does not answer: real connections to a socket and a port where
// nothing listens, no mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, dockerEndpoint } from '../../../../src/core/container';
import { PonteError } from '../../../../src/core/errors';

test('the endpoint: default socket, DOCKER_HOST unix:// and tcp://, a docker://host:port target over DOCKER_HOST', () => {
  assert.deepEqual(dockerEndpoint({ env: {} }), { kind: 'socket', socketPath: '/var/run/docker.sock' });
  assert.deepEqual(dockerEndpoint({ env: { DOCKER_HOST: 'unix:///run/user/1000/podman/podman.sock' } }), { kind: 'socket', socketPath: '/run/user/1000/podman/podman.sock' });
  assert.deepEqual(dockerEndpoint({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } }), { kind: 'tcp', host: '10.0.0.5', port: 2375, protocol: 'http' });
  assert.deepEqual(dockerEndpoint({ env: { DOCKER_HOST: 'tcp://docker.example.org', DOCKER_TLS_VERIFY: '1' } }), { kind: 'tcp', host: 'docker.example.org', port: 2376, protocol: 'https' });
  assert.deepEqual(dockerEndpoint({ target: 'docker://[::1]:2375', env: { DOCKER_HOST: 'unix:///x.sock' } }), { kind: 'tcp', host: '::1', port: 2375, protocol: 'http' });
  assert.deepEqual(dockerEndpoint({ target: 'docker', env: { DOCKER_HOST: 'unix:///x.sock' } }), { kind: 'socket', socketPath: '/x.sock' });
});

test('a malformed DOCKER_HOST or target is refused with an example', () => {
  const refused = (o: Parameters<typeof dockerEndpoint>[0], code: string) => assert.throws(() => dockerEndpoint(o), (e: unknown) => e instanceof PonteError && e.code === code && /e\.g\./.test(e.hint ?? ''));
  refused({ env: { DOCKER_HOST: 'ssh://me@host' } }, 'container.bad_docker_host');
  refused({ target: 'docker://host' }, 'container.bad_target');
  refused({ target: 'kubernetes' }, 'container.bad_target');
});

async function unreachable(env: NodeJS.ProcessEnv): Promise<PonteError> {
  try {
    await connectDocker({ env });
  } catch (e) {
    assert.ok(e instanceof PonteError, String(e));
    return e;
  }
  assert.fail('connected');
}

test('no engine at the socket: the error names the socket and how to start one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-docker-'));
  try {
    const e = await unreachable({ DOCKER_HOST: `unix://${dir}/docker.sock` });
    assert.equal(e.code, 'container.docker_unreachable');
    assert.match(e.message, new RegExp(`${dir}/docker\\.sock does not answer \\(no such socket\\)`));
    assert.match(e.hint!, /scripts\/docker-engine\.sh start/);
    assert.match(e.hint!, /DOCKER_HOST/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing listening at a tcp DOCKER_HOST: the error names host and port', async () => {
  // A port that was free a moment ago: bound, then closed.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const e = await unreachable({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
  assert.equal(e.code, 'container.docker_unreachable');
  assert.match(e.message, new RegExp(`tcp://127\\.0\\.0\\.1:${port} does not answer \\(ECONNREFUSED\\)`));
});
