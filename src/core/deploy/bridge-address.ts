// Where the backend's proxy can reach a container without going through the published port.
// On a local engine, a published loopback port is served by docker-proxy, a userland process
// that copies every byte once more: a proxied request would cross two proxies. The container's
// own address on its bridge network skips that hop, as reverse proxies with a Docker provider
// do. It is only offered when the engine is local and the address answers the health path from
// here (not on Docker Desktop, whose bridge lives in a VM); the proxy falls back to the
// published URL if it stops answering.
import type Docker from 'dockerode';

/** The container's address on its first network with one, as a URL with the container port. */
export function bridgeUrl(info: Docker.ContainerInspectInfo, containerPort: number): string | undefined {
  const ip = Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress;
  if (!ip) return undefined;
  return `http://${ip.includes(':') ? `[${ip}]` : ip}:${containerPort}`;
}

/** The bridge URL when the engine is local and the health path answers 2xx there within a second. */
export async function reachableBridgeUrl(container: Docker.Container, containerPort: number, health: string, local: boolean): Promise<string | undefined> {
  if (!local) return undefined;
  try {
    const url = bridgeUrl(await container.inspect(), containerPort);
    if (!url) return undefined;
    const res = await fetch(url + health, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? url : undefined;
  } catch {
    return undefined;
  }
}
