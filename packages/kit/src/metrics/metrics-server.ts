import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import { StartupError } from '../lifecycle/run-service';
import { metricsRegistry } from './metrics-registry';

/** The running metrics listener. */
export interface MetricsServer {
  /** The bound port (the free one picked when asked for 0). */
  readonly port: number;
  /** Stops listening; a scrape in flight finishes. */
  stop(): Promise<void>;
}

let defaultMetricsOn = false;

// prom-client's totals of these are gauges named like counters, which promtool and Prometheus' naming
// rules reject; each is the sum of the `nodejs_active_*{type}` series it also reports.
const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Serves the process's registry as Prometheus text at `GET /metrics` on `port` (METRICS_PORT; 0 picks
 * a free port), on a listener of its own so that metrics never share the public port. Turns on
 * Node's default process metrics (CPU, memory, event-loop lag, GC, handles). Logs
 * `metrics listening` with the bound port; a port that cannot be bound is a StartupError.
 */
export async function startMetricsServer(port: number, log: Logger): Promise<MetricsServer> {
  if (!defaultMetricsOn) {
    collectDefaultMetrics({ register: metricsRegistry });
    for (const name of MISNAMED_DEFAULT_METRICS) metricsRegistry.removeSingleMetric(name);
    defaultMetricsOn = true;
  }
  const server = createServer((request, response) => void serve(request, response, log));
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new StartupError(`cannot serve metrics on port ${port} (METRICS_PORT): ${error.message}`, error)),
    );
    server.listen(port, () => resolve((server.address() as AddressInfo).port));
  });
  log.info({ port: bound }, 'metrics listening');
  return {
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, log: Logger): Promise<void> {
  const pathname = (request.url ?? '/').split('?')[0];
  if (pathname !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at GET /metrics\n');
    return;
  }
  try {
    const text = await metricsRegistry.metrics();
    response.writeHead(200, { 'content-type': metricsRegistry.contentType, 'content-length': Buffer.byteLength(text) });
    response.end(request.method === 'HEAD' ? undefined : text);
  } catch (error) {
    log.error({ err: error }, 'metrics collection failed');
    response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
  }
}
