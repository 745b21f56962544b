import { counter, histogram } from '@chrono/kit';

const LABELS = ['method', 'route', 'status'] as const;

const requests = counter({
  name: 'http_requests_total',
  help: 'HTTP requests the gateway answered, by method, route template and status.',
  labelNames: LABELS,
});
const duration = histogram({
  name: 'http_request_duration_seconds',
  help: 'Time the gateway took to answer an HTTP request, in seconds, by method, route template and status.',
  labelNames: LABELS,
});

/**
 * The `route` label of what is not a REST route of the descriptor: a fixed name each, so that no
 * path a client sends (with ids in it, or anything at all) becomes a label value.
 */
export const ROUTE_LABEL = {
  health: '/health',
  docs: '/api',
  console: 'console',
  preflight: 'cors_preflight',
  unmatched: 'unmatched',
} as const;

/**
 * Counts and times one answered request. `route` is the path template (`/jobs/{id}`) or one of
 * ROUTE_LABEL; `method` is one of the verbs Node's HTTP parser accepts, so both stay bounded.
 */
export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  requests.inc(labels);
  duration.observe(labels, seconds);
}
