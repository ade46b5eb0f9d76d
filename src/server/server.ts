// The HTTP backend: /api/v1 over a PonteApi, the SSE event stream, /healthz and /metrics.
// The request checks (Host, Origin, path, media type), authentication, body limits and error
// mapping are applied here, so every route and mount gets them alike.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PonteApi, PonteEvent } from '../core/api';
import { PonteError } from '../core/errors';
import { allowedHostnames } from './allowed-hosts';
import { tokenMatches } from './auth';
import { errorResponse, httpError, readJsonBody, sendJson } from './http-io';
import { createLogger, type Logger } from './log';
import { createServerMetrics } from './metrics';
import type { Registry } from 'prom-client';
import { checkMediaType, guardRequest, hasBody } from './request-guard';
import { apiRoutes, type RouteContext } from './routes';

export interface ServerOptions {
  host: string;
  port: number;
  api: PonteApi;
  /** When set, every request needs `Authorization: Bearer <token>`, except health and metrics with `publicHealth`. */
  token?: string;
  publicHealth?: boolean;
  /** Host names served besides loopback and the bind address (--allowed-host). */
  allowedHosts?: readonly string[];
  /** Byte limit of batch bodies (predictions, feedback, metrics). Default 64 MiB. */
  maxBody?: number;
  logger?: Logger;
  /** SSE keep-alive comment interval. Default 15 s. */
  heartbeatMs?: number;
  /** Handlers for whole path prefixes outside /api/v1 (the monitoring proxy under
   * `/deployments/`): raw request and response, behind the same token. */
  mounts?: Mount[];
}

export interface Mount {
  /** e.g. `/deployments/`; matched against the decoded-once path. */
  prefix: string;
  /** Label for /metrics, e.g. `/deployments/:name/*`. */
  route: string;
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  /** Called once with the server's registry, before the first request (metrics of the mount). */
  init?(registry: Registry): void;
  /** Called when the server closes, after the last request (flush what is queued). */
  close?(): Promise<void>;
}

export interface RunningServer {
  host: string;
  port: number;
  url: string;
  /** This server's Prometheus registry: monitoring registers its gauges here. */
  registry: Registry;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.logger ?? createLogger('info');
  const metrics = createServerMetrics();
  const router = apiRoutes(options.maxBody ?? DEFAULT_MAX_BODY);
  for (const m of options.mounts ?? []) m.init?.(metrics.registry);
  const allowedHosts = allowedHostnames(options.host, options.allowedHosts);
  const streams = new Set<http.ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  const unsubscribe = options.api.subscribe((event: PonteEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const s of streams) s.write(frame);
  });

  function authorised(req: http.IncomingMessage, publicRoute: boolean): boolean {
    if (!options.token) return true;
    if (publicRoute && options.publicHealth) return true;
    return tokenMatches(req, options.token);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, label: (route: string) => void): Promise<string> {
    const method = req.method ?? 'GET';
    guardRequest(req, allowedHosts);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://ponte.invalid');
    } catch {
      throw httpError(400, 'api.bad_request', 'the request target is not a valid URL');
    }
    const path = url.pathname;
    const publicRoute = path === '/healthz' || path === '/metrics';
    if (!authorised(req, publicRoute)) throw httpError(401, 'auth.required', 'this server needs a bearer token', 'send Authorization: Bearer <token> (PONTE_TOKEN)');
    if (hasBody(method, req.headers)) checkMediaType(req.headers['content-type']);
    if (publicRoute) {
      if (method !== 'GET') throw httpError(405, 'api.method_not_allowed', `${method} is not allowed on ${path}`);
      if (path === '/healthz') {
        sendJson(res, 200, await options.api.health());
      } else {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      }
      return path;
    }
    if (path === '/api/v1/events') {
      if (method !== 'GET') throw httpError(405, 'api.method_not_allowed', `${method} is not allowed on ${path}`);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write('retry: 2000\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return path;
    }
    const mount = options.mounts?.find((m) => path.startsWith(m.prefix));
    if (mount) {
      label(mount.route);
      await mount.handle(req, res, url);
      return mount.route;
    }
    const { route, params } = router.match(method, path);
    label(route.pattern);
    const ctx: RouteContext = {
      api: options.api,
      query: url.searchParams,
      body: (limit) => readJsonBody(req, limit ?? 1024 * 1024),
      ingested: (n) => metrics.predictions.inc(n),
    };
    const result = await route.handle(ctx, params);
    sendJson(res, result.status ?? 200, result.body);
    return route.pattern;
  }

  // Host is checked by guardRequest for HTTP/1.0 and 1.1 alike, with a JSON answer.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    let matched = 'unmatched';
    handle(req, res, (r) => (matched = r)).then(
      (route) => finish(route, res.statusCode),
      (e: unknown) => {
        const { status, body } = errorResponse(e);
        if (status >= 500) log.error('request.failed', { method, path: (req.url ?? '').split('?')[0].slice(0, 200), message: (e as Error)?.message, stack: log.enabled('debug') ? (e as Error)?.stack : undefined });
        if (!res.headersSent) {
          // A body refused unread (413, or before routing) is not drained: close the connection.
          if (status === 413 || (!req.readableEnded && hasBody(method, req.headers))) res.setHeader('connection', 'close');
          sendJson(res, status, body);
        } else res.end();
        finish(matched, status);
      },
    );
    function finish(route: string, status: number) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ method, route, status: String(status) });
      metrics.duration.observe({ method, route }, seconds);
      if (log.enabled('debug')) log.debug('request', { method, route, status, ms: Math.round(seconds * 1e4) / 10 });
    }
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 120_000;
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"code":"api.bad_request","message":"malformed HTTP request"}}');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      clearInterval(heartbeat);
      unsubscribe();
      if (e.code === 'EADDRINUSE') {
        reject(new PonteError('serve.port_in_use', `port ${options.port} on ${options.host} is already in use`, { hint: 'choose another with --port (0 picks a free one), or stop the other server' }));
      } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') {
        reject(new PonteError('serve.bad_host', `cannot bind to ${options.host}: no such local address`, { hint: 'use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0' }));
      } else reject(new PonteError('serve.listen_failed', `cannot listen on ${options.host}:${options.port}: ${e.message}`, { cause: e }));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  // A wildcard bind is reached through loopback from this machine: the URL written to
  // server.json must be one a client can connect to.
  const connectable = addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address === '::' ? '::1' : addr.address;
  const urlHost = connectable.includes(':') ? `[${connectable}]` : connectable;
  let closing: Promise<void> | undefined;
  return {
    host: options.host,
    port: addr.port,
    url: `http://${urlHost}:${addr.port}`,
    registry: metrics.registry,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const s of streams) s.end();
        streams.clear();
        server.close(() => void Promise.all((options.mounts ?? []).map(async (m) => m.close?.().catch(() => undefined))).then(() => resolve()));
        server.closeIdleConnections();
        // Requests still running get a moment to finish and be acknowledged, then go.
        setTimeout(() => server.closeAllConnections(), 3000).unref();
      });
      return closing;
    },
  };
}
