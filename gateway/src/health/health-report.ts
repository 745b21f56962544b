import { healthStatus } from '@chrono/kit';
import type { Upstream } from '../config';

/** The body of GET /health: the overall state and each service's own. */
export interface HealthReport {
  status: 'SERVING' | 'NOT_SERVING';
  /** Each service's grpc.health.v1 status, or UNREACHABLE when it does not answer. */
  services: Record<string, string>;
}

/**
 * Asks every upstream's grpc.health.v1.Health for its proto service (as Envoy's grpc_health_check
 * does with service_name). A service is SERVING only while its own dependencies (PostgreSQL,
 * Redis, NATS) answer, so the report covers those too.
 */
export async function healthReport(upstreams: Upstream[], timeoutMs = 1500): Promise<HealthReport> {
  const states = await Promise.all(
    upstreams.map(({ target, service }) => healthStatus(target, service, timeoutMs).catch(() => 'UNREACHABLE')),
  );
  const services = Object.fromEntries(upstreams.map(({ name }, i) => [name, states[i]]));
  return { status: states.every((state) => state === 'SERVING') ? 'SERVING' : 'NOT_SERVING', services };
}
