/**
 * The JetStream topology every service agrees on: streams, their subjects, and the durable consumers.
 * Publishers ensure the streams they publish to; consumers ensure the stream and their consumer (both
 * idempotent, at start-up). Message bodies are the protobuf messages of proto/chrono/events/v1, with
 * their full type name in the `Chrono-Type` header.
 */
const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Every stream is declared here with its retention, so that all services that ensure it ask for the
 * same settings (`name`, `subjects`, `retention`, `maxAgeMs` match the kit's StreamSpec).
 */
export const topology = {
  /** JobEvent, published by job-catalog from its outbox on `jobs.events.<job id>`. */
  jobEvents: { stream: 'JOB_EVENTS', subjectPrefix: 'jobs.events', subjects: ['jobs.events.>'], retention: 'limits', maxAgeMs: WEEK_MS },
  /** DispatchRequest, published by the scheduler; a work queue: each request goes to one executor. */
  dispatch: { stream: 'DISPATCH', subject: 'dispatch.jobs', subjects: ['dispatch.jobs'], retention: 'workqueue', maxAgeMs: 0 },
  /** ExecutionEvent, published by executors (and by the scheduler for lost runs) on `executions.<kind>.<job id>`. */
  executions: { stream: 'EXECUTIONS', subjectPrefix: 'executions', subjects: ['executions.>'], retention: 'limits', maxAgeMs: WEEK_MS },
  /** JobStateChanged, published by the scheduler on `schedule.state.<job id>`. */
  scheduleState: { stream: 'SCHEDULE_STATE', subjectPrefix: 'schedule.state', subjects: ['schedule.state.>'], retention: 'limits', maxAgeMs: WEEK_MS },
  /** Poison messages of every consumer, as JSON, on `deadletter.<consumer>`. */
  deadLetters: { stream: 'DEAD_LETTERS', subjectPrefix: 'deadletter', subjects: ['deadletter.>'], retention: 'limits', maxAgeMs: 30 * 24 * 3_600_000 },
} as const;

/**
 * The kit's StreamSpec of a topology entry, e.g. `ensureStream(jsm, streamSpec(topology.executions, 3))`;
 * `replicas` is the copies a JetStream cluster keeps (NATS_STREAM_REPLICAS).
 */
export function streamSpec(entry: { stream: string; subjects: readonly string[]; retention: 'limits' | 'workqueue'; maxAgeMs: number }, replicas = 1) {
  return { name: entry.stream, subjects: [...entry.subjects], retention: entry.retention, maxAgeMs: entry.maxAgeMs, replicas };
}

/** Durable consumer names. */
export const consumers = {
  schedulerJobEvents: 'scheduler-job-events',
  schedulerExecutions: 'scheduler-executions',
  catalogExecutions: 'catalog-executions',
  catalogScheduleState: 'catalog-schedule-state',
  executors: 'executors',
} as const;

/** Fully qualified protobuf type names, for the `Chrono-Type` header. */
export const eventTypes = {
  jobEvent: 'chrono.events.v1.JobEvent',
  dispatchRequest: 'chrono.events.v1.DispatchRequest',
  executionEvent: 'chrono.events.v1.ExecutionEvent',
  jobStateChanged: 'chrono.events.v1.JobStateChanged',
} as const;
