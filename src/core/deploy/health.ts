// Waiting for a new container to be ready: its health path must answer 2xx. A container that
// exits meanwhile fails at once, with its last log lines; so does a timeout.
import type Docker from 'dockerode';
import { PonteError } from '../errors';

export interface HealthWait {
  url: string;
  container: Docker.Container;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function waitHealthy(w: HealthWait): Promise<void> {
  const deadline = Date.now() + w.timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (w.signal?.aborted) throw new PonteError('deploy.cancelled', 'the deployment was cancelled while waiting for the health check');
    const state = (await w.container.inspect()).State;
    if (!state.Running) {
      throw new PonteError('deploy.container_exited', `the new container exited (code ${state.ExitCode}) before its health check passed:\n${await lastLogLines(w.container)}`, {
        hint: 'the previous version keeps serving; fix the image (docker logs above) and deploy again',
      });
    }
    try {
      const res = await fetch(w.url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new PonteError('deploy.unhealthy', `${w.url} did not answer 2xx within ${Math.round(w.timeoutMs / 1000)} s (last: ${last}); the container's last log lines:\n${await lastLogLines(w.container)}`, {
    hint: 'the previous version keeps serving; check the health path (container.health) and the image, or raise --health-timeout',
  });
}

/** The container's last lines of output (stdout and stderr), demultiplexed. */
export async function lastLogLines(container: Docker.Container, lines = 20): Promise<string> {
  try {
    const raw = await container.logs({ stdout: true, stderr: true, tail: lines, follow: false });
    return demux(raw).trimEnd().split('\n').map((l) => `  | ${l}`).join('\n') || '  | (no output)';
  } catch {
    return '  | (its log could not be read)';
  }
}

/** Docker's multiplexed log stream: 8-byte frame headers (stream, 0, 0, 0, size32be) before each chunk. */
export function demux(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return i === 0 ? buf.toString('utf8') : out;
}
