/**
 * The JetStream topology every service agrees on: streams, their subjects, and the durable consumers.
 * Publishers ensure the streams they publish to; consumers ensure the stream and their consumer (both
 * idempotent, at start-up). Message bodies are the protobuf messages of proto/chrono/events/v1, with
 * their full type name in the `Chrono-Type` header.
 */
export const topology = {
  /** JobEvent, published by job-catalog from its outbox on `jobs.events.<job id>`. */
  jobEvents: { stream: 'JOB_EVENTS', subjectPrefix: 'jobs.events', subjects: ['jobs.events.>'] },
  /** DispatchRequest, published by the scheduler; a work queue: each request goes to one executor. */
  dispatch: { stream: 'DISPATCH', subject: 'dispatch.jobs', subjects: ['dispatch.jobs'] },
  /** ExecutionEvent, published by executors (and by the scheduler for lost runs) on `executions.<kind>.<job id>`. */
  executions: { stream: 'EXECUTIONS', subjectPrefix: 'executions', subjects: ['executions.>'] },
  /** JobStateChanged, published by the scheduler on `schedule.state.<job id>`. */
  scheduleState: { stream: 'SCHEDULE_STATE', subjectPrefix: 'schedule.state', subjects: ['schedule.state.>'] },
  /** Poison messages of every consumer, as JSON, on `deadletter.<consumer>`. */
  deadLetters: { stream: 'DEAD_LETTERS', subjectPrefix: 'deadletter', subjects: ['deadletter.>'] },
} as const;

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
