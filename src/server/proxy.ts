// The monitoring proxy: `/deployments/<name>/<path>` forwarded to the deployment's live
// container. Requests to its predict path are recorded (features, prediction, latency, status)
// with an id returned in `Ponte-Prediction-Id`, for labels sent later to the feedback endpoint.
// Recording is queued and batched (core/monitor's PredictionRecorder): it never blocks or fails
// a request. The route follows `deployment.changed` events, so a blue/green switch is atomic: a
// request goes wholly to the old slot or wholly to the new one.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as client from 'prom-client';
import type { Deployment, Json, PonteApi } from '../core/api';

import { featuresOf, PredictionRecorder, readJsonPath } from '../core/monitor';
import { httpError } from './http-io';
import type { Logger } from './log';
import type { Mount } from './server';

export const PREDICTION_ID_HEADER = 'ponte-prediction-id';
const MAX_PREDICT_BODY = 8 * 1024 * 1024;
const MAX_PREDICT_ANSWER = 32 * 1024 * 1024;
/** Headers that belong to one hop (RFC 9110 7.6.1), and the backend's own credentials. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'authorization', 'cookie', 'content-length']);

/** What the proxy needs of a deployment: where it answers and what its answers hold. */
export interface ProxyRoute {
  url: string;
  /**
   * The container's bridge address when deploy found it reachable (core/deploy/bridge-address):
   * one hop fewer than the published port. Dropped for good after a connection to it fails.
   */
  upstream?: string;
  predict: string;
  features?: string[];
  prediction?: string;
}

export function routeOf(d: Deployment): ProxyRoute | undefined {
  if (d.status !== 'running' || !d.url) return undefined;
  const monitor = (d.config.monitor ?? {}) as { features?: string[]; prediction?: string };
  return {
    url: d.url.replace(/\/+$/, ''),
    upstream: typeof d.config.upstream === 'string' ? d.config.upstream.replace(/\/+$/, '') : undefined,
    predict: typeof d.config.predict === 'string' ? d.config.predict : '/predict',
    features: Array.isArray(monitor.features) ? monitor.features.filter((f): f is string => typeof f === 'string') : undefined,
    prediction: typeof monitor.prediction === 'string' ? monitor.prediction : undefined,
  };
}

export interface DeploymentProxy extends Mount {
  readonly recorder: PredictionRecorder;
  /** Requests being forwarded now, by upstream URL (a draining slot waits for 0). */
  inFlight(url: string): number;
}

export interface ProxyOptions {
  /** The recording queue's bound (default 100,000). */
  capacity?: number;
}

export function deploymentProxy(api: PonteApi, log: Logger, options: ProxyOptions = {}): DeploymentProxy {
  const recorder = new PredictionRecorder({
    api,
    capacity: options.capacity,
    onError: (e, count) => log.error('proxy.recording_failed', { count, message: (e as Error)?.message }),
  });
  const routes = new Map<string, ProxyRoute | null>();
  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'deployment.changed') routes.set(event.deployment.name, routeOf(event.deployment) ?? null);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const active = new Map<string, number>();
  let metrics: ReturnType<typeof proxyMetrics> | undefined;

  async function routeFor(name: string): Promise<ProxyRoute> {
    let route = routes.get(name);
    if (route === undefined) {
      route = routeOf(await api.getDeployment(name)) ?? null;
      // An event that arrived while reading wins: it is newer.
      if (!routes.has(name)) routes.set(name, route);
      route = routes.get(name)!;
    }
    if (!route) throw httpError(503, 'deployment.unavailable', `deployment ${name} is not running`, `start it: ponte deploy ${name}`);
    return route;
  }

  return {
    prefix: '/deployments/',
    route: '/deployments/:name/*',
    recorder,
    inFlight: (url) => active.get(url.replace(/\/+$/, '')) ?? 0,
    init(registry) {
      metrics = proxyMetrics(registry, recorder);
    },
    async close() {
      unsubscribe();
      await recorder.flush();
      agent.destroy();
    },
    async handle(req, res, url) {
      const m = /^\/deployments\/([^/]+)(\/.*)?$/.exec(url.pathname);
      if (!m) throw httpError(404, 'api.not_found', 'name a deployment: /deployments/<name>/<path>');
      const name = decodeURIComponent(m[1]);
      const path = m[2] ?? '/';
      const route = await routeFor(name);
      const predict = req.method === 'POST' && path === route.predict;
      const body = predict ? await readBody(req, MAX_PREDICT_BODY) : undefined;
      const started = process.hrtime.bigint();
      const id = predict ? randomUUID() : undefined;
      active.set(route.url, (active.get(route.url) ?? 0) + 1);
      let status = 502;
      let answer: Buffer | undefined;
      try {
        const upstream = await forwardToRoute(agent, route, path + url.search, req, body, log);
        status = upstream.statusCode ?? 502;
        const headers = Object.fromEntries(Object.entries(upstream.headers).filter(([k]) => !NOT_FORWARDED.has(k) || k === 'content-length'));
        if (id) headers[PREDICTION_ID_HEADER] = id;
        if (predict) {
          answer = await readBody(upstream, MAX_PREDICT_ANSWER);
          headers['content-length'] = String(answer.length);
          res.writeHead(status, headers);
          res.end(answer);
        } else {
          res.writeHead(status, headers);
          upstream.pipe(res);
          await new Promise<void>((resolve, reject) => upstream.on('end', resolve).on('error', reject));
        }
      } catch (e) {
        if (res.headersSent) throw e;
        throw httpError(502, 'deployment.upstream_failed', `deployment ${name} did not answer: ${(e as Error).message}`, `check its container: ponte deployments, or docker logs`);
      } finally {
        active.set(route.url, (active.get(route.url) ?? 1) - 1);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics?.requests.inc({ deployment: name, status: String(status) });
        metrics?.latency.observe({ deployment: name }, seconds);
        if (id) {
          recorder.record({
            id,
            deployment: name,
            timestamp: new Date().toISOString(),
            features: featuresOf(parseJson(body), route.features),
            prediction: predictionOf(parseJson(answer), route.prediction),
            latencyMs: seconds * 1000,
            status,
          });
        }
      }
    },
  };
}

/** Connecting failed: nothing reached the model, so the request can go again elsewhere. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/**
 * To the bridge address when there is one, else the published URL. A request whose connection
 * to the bridge address fails goes to the published URL instead (when it can be sent again:
 * a buffered body, or none), and the route keeps the published URL from then on.
 */
async function forwardToRoute(agent: http.Agent, route: ProxyRoute, pathAndQuery: string, req: http.IncomingMessage, body: Buffer | undefined, log: Logger): Promise<http.IncomingMessage> {
  const bridge = route.upstream;
  if (!bridge) return forward(agent, route.url + pathAndQuery, req, body);
  try {
    return await forward(agent, bridge + pathAndQuery, req, body);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (!NOT_CONNECTED.has(code)) throw e;
    if (route.upstream === bridge) {
      route.upstream = undefined;
      log.warn('proxy.bridge_unreachable', { bridge, fallback: route.url, code });
    }
    if (body === undefined && req.method !== 'GET' && req.method !== 'HEAD') throw e;
    return forward(agent, route.url + pathAndQuery, req, body);
  }
}

function forward(agent: http.Agent, target: string, req: http.IncomingMessage, body: Buffer | undefined): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!NOT_FORWARDED.has(k) && v !== undefined) headers[k] = v;
    if (body) headers['content-length'] = body.length;
    const out = http.request(target, { method: req.method, headers, agent }, resolve);
    out.on('error', reject);
    if (body) out.end(body);
    else req.pipe(out);
  });
}

function readBody(stream: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        stream.destroy();
        reject(httpError(413, 'api.too_large', `the body is over the proxy's limit of ${limit} bytes`));
      } else chunks.push(c);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function parseJson(b: Buffer | undefined): Json | undefined {
  if (!b || b.length === 0) return undefined;
  try {
    return JSON.parse(b.toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

function predictionOf(answer: Json | undefined, path: string | undefined): Json {
  if (answer === undefined) return null;
  return path ? (readJsonPath(answer, path) ?? null) : answer;
}

function proxyMetrics(registry: client.Registry, recorder: PredictionRecorder) {
  const stat = (name: string, help: string, key: keyof PredictionRecorder['stats'], type: 'gauge' | 'counter') =>
    type === 'gauge'
      ? new client.Gauge({ name, help, registers: [registry], collect() { this.set(recorder.stats[key]); } })
      : new client.Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(recorder.stats[key]); } });
  stat('ponte_recording_queue_depth', 'Predictions waiting to be written to the store', 'queued', 'gauge');
  stat('ponte_recording_in_flight', 'Predictions being written to the store now', 'inFlight', 'gauge');
  stat('ponte_recording_recorded_total', 'Predictions the proxy wrote to the store', 'recorded', 'counter');
  stat('ponte_recording_dropped_total', 'Predictions not recorded because the queue was full', 'dropped', 'counter');
  stat('ponte_recording_failed_total', 'Predictions not recorded because the store refused the batch twice', 'failed', 'counter');
  return {
    requests: new client.Counter({ name: 'ponte_deployment_requests_total', help: 'Requests through the proxy, by deployment and status', labelNames: ['deployment', 'status'], registers: [registry] }),
    latency: new client.Histogram({
      name: 'ponte_deployment_request_duration_seconds',
      help: 'Latency of requests through the proxy (model plus proxy), by deployment',
      labelNames: ['deployment'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}


