// Prometheus metrics through prom-client, in a registry per server (tests run several servers in
// one process): request counts and latency histograms now; monitoring gauges join later.
import * as client from 'prom-client';

export interface ServerMetrics {
  registry: client.Registry;
  requests: client.Counter<'method' | 'route' | 'status'>;
  duration: client.Histogram<'method' | 'route'>;
  predictions: client.Counter;
}

export function createServerMetrics(): ServerMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'ponte_process_' });
  return {
    registry,
    requests: new client.Counter({
      name: 'ponte_http_requests_total',
      help: 'HTTP requests handled, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new client.Histogram({
      name: 'ponte_http_request_duration_seconds',
      help: 'HTTP request latency, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    predictions: new client.Counter({
      name: 'ponte_predictions_ingested_total',
      help: 'Predictions newly stored through the ingest endpoint',
      registers: [registry],
    }),
  };
}
