import { ChannelCredentials, credentials, type ChannelOptions } from '@grpc/grpc-js';
import type { TlsOptions } from './options';

/**
 * The calls gRPC itself retries on UNAVAILABLE and DEADLINE_EXCEEDED: the reads, CreateJob and CreateJobs, which the
 * client always sends with an idempotency key, so that a retry returns the job the first attempt made.
 * Writes without a key (update, cancel, reschedule, delete, trigger, register) are not retried: an
 * attempt whose answer was lost may have taken effect.
 */
export const RETRIED_METHODS: Record<string, string[]> = {
  'chrono.auth.v1.AuthService': ['Login', 'GetMe', 'GetJwks'],
  'chrono.catalog.v1.JobService': ['CreateJob', 'CreateJobs', 'GetJob', 'ListJobs', 'ListJobExecutions'],
  'chrono.scheduler.v1.SchedulerService': ['PreviewRuns'],
};

/** The service config of every channel: round robin over the addresses a name resolves to, and the retries above. */
export function serviceConfig(): object {
  return {
    loadBalancingConfig: [{ round_robin: {} }],
    methodConfig: [
      {
        name: Object.entries(RETRIED_METHODS).flatMap(([service, methods]) =>
          methods.map((method) => ({ service, method })),
        ),
        retryPolicy: {
          // gRPC caps attempts at 5; with waitForReady on every call, a restarting service is waited for anyway.
          maxAttempts: 5,
          initialBackoff: '0.2s',
          maxBackoff: '2s',
          backoffMultiplier: 2,
          retryableStatusCodes: ['UNAVAILABLE', 'DEADLINE_EXCEEDED'],
        },
      },
    ],
  };
}

export function channelOptions(): ChannelOptions {
  return { 'grpc.service_config': JSON.stringify(serviceConfig()), 'grpc.enable_retries': 1 };
}

export function channelCredentials(tls: false | TlsOptions): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
}
