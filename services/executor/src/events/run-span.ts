import { topology } from '@chrono/contracts';
import { SpanKind, startSpan, type Span } from '@chrono/kit';
import type { Job } from '../domain/job-handler';

/**
 * The CONSUMER span of running one attempt (call only while tracing is on): a child of the scheduler's
 * dispatch span, whose `traceparent` the request carried, so it sits in the trace that the dispatch
 * began (a one-time job's create, or a recurring run's own, linked to its create).
 */
export function runSpan(job: Job, traceParent: string | undefined): Span {
  return startSpan('run job', {
    kind: SpanKind.CONSUMER,
    parent: traceParent ?? null,
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topology.dispatch.subject,
      'chrono.job_id': job.jobId,
      'chrono.run_id': job.runId,
      'chrono.attempt': job.attempt,
    },
  });
}
