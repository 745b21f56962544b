import { topology } from '@chrono/contracts';
import { SpanKind, startSpan, type Span } from '@chrono/kit';
import type { Schedule } from '../domain/schedule';

/**
 * The PRODUCER span of dispatching one attempt (call only while tracing is on): where a run's trace
 * begins, linked to the request that set the schedule (the row's traceParent). A one-time job's run is
 * also that request's child, so one trace covers its create, dispatch, run and recording; a recurring
 * job's runs, days apart, each start a trace of their own rather than stretch one over months.
 */
export function dispatchSpan(row: Schedule): Span {
  return startSpan('dispatch job', {
    kind: SpanKind.PRODUCER,
    parent: row.type === 'one_time' ? (row.traceParent ?? null) : null,
    links: [row.traceParent],
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topology.dispatch.subject,
      'chrono.job_id': row.jobId,
      'chrono.job_type': row.type,
      'chrono.run_id': row.runId,
      'chrono.attempt': row.attempt,
    },
  });
}
