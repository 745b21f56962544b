/**
 * The JetStream topology every service agrees on: streams, their subjects, and the durable consumers.
 * Publishers ensure the streams they publish to; consumers ensure the stream and their consumer (both
 * idempotent, at start-up). Message bodies are the protobuf messages of proto/chrono/events/v1, with
 * their full type name in the `Chrono-Type` header.
 */
const DAY_MS = 24 * 3_600_000;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/**
 * Every stream is declared here with its retention and limits, so that all services that ensure it ask
 * for the same settings (`name`, `subjects`, `retention`, `maxAgeMs`, `maxBytes`, `discard` match the
 * kit's StreamSpec; NATS_STREAM_MAX_BYTES and NATS_STREAM_MAX_AGE override the limits per stream).
 *
 * Discard policy: the event streams keep what their consumers already handled until it ages out, so
 * once full they drop their oldest messages (`old`) rather than refuse every new one for days; a
 * consumer that falls so far behind that messages are dropped before it received them fails its
 * service's health check, naming the stream. The work queue DISPATCH holds only requests no executor
 * has taken yet, so it refuses new ones when full (`new`): the scheduler retries them and reports the
 * stream in its health, and nothing is lost. Sizes: the sum, times NATS_STREAM_REPLICAS, must fit the
 * server's JetStream file store (max_file_store), which reserves it when a stream is created.
 */
export const topology = {
  /**
   * JobEvent, published by job-catalog from its outbox on `jobs.events.<job id>`, or many at once (the
   * consecutive events of one relay round: a CreateJobs, creates that shared a commit) in an EventBatch
   * on `jobs.events.batch`.
   */
  jobEvents: {
    stream: 'JOB_EVENTS',
    subjectPrefix: 'jobs.events',
    batchSubject: 'jobs.events.batch',
    subjects: ['jobs.events.>'],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    maxBytes: GIB,
    discard: 'old',
  },
  /** DispatchRequest, published by the scheduler; a work queue: each request goes to one executor. A request a day old was long since counted lost and retried. */
  dispatch: {
    stream: 'DISPATCH',
    subject: 'dispatch.jobs',
    subjects: ['dispatch.jobs'],
    retention: 'workqueue',
    maxAgeMs: DAY_MS,
    maxBytes: GIB,
    discard: 'new',
  },
  /**
   * ExecutionEvent, published by executors (and by the scheduler for lost runs) on `executions.<kind>.<job id>`,
   * or many at once in an EventBatch on `executions.batch`.
   */
  executions: {
    stream: 'EXECUTIONS',
    subjectPrefix: 'executions',
    batchSubject: 'executions.batch',
    subjects: ['executions.>'],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    maxBytes: 2 * GIB,
    discard: 'old',
  },
  /** JobStateChanged, published by the scheduler on `schedule.state.<job id>`, or many at once in an EventBatch on `schedule.state.batch`. */
  scheduleState: {
    stream: 'SCHEDULE_STATE',
    subjectPrefix: 'schedule.state',
    batchSubject: 'schedule.state.batch',
    subjects: ['schedule.state.>'],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    maxBytes: GIB,
    discard: 'old',
  },
  /**
   * Notification delivery requests (JSON), written by job-catalog's outbox with the delivery; a work
   * queue: executors take each, retrying a failed attempt by redelivery after the retry schedule's delay.
   */
  notificationRequests: {
    stream: 'NOTIFICATION_REQUESTS',
    subject: 'notifications.requests',
    subjects: ['notifications.requests'],
    retention: 'workqueue',
    maxAgeMs: DAY_MS,
    maxBytes: 256 * MIB,
    discard: 'new',
  },
  /** Each notification attempt's result (JSON), published by executors, recorded by job-catalog; a work queue. */
  notificationResults: {
    stream: 'NOTIFICATION_RESULTS',
    subject: 'notifications.results',
    subjects: ['notifications.results'],
    retention: 'workqueue',
    maxAgeMs: 7 * DAY_MS,
    maxBytes: 256 * MIB,
    discard: 'new',
  },
  /** Poison messages of every consumer, as JSON, on `deadletter.<consumer>`; for people, who want the newest. */
  deadLetters: {
    stream: 'DEAD_LETTERS',
    subjectPrefix: 'deadletter',
    subjects: ['deadletter.>'],
    retention: 'limits',
    maxAgeMs: 30 * DAY_MS,
    maxBytes: 256 * MIB,
    discard: 'old',
  },
} as const;

/** A topology entry, as streamSpec takes it. */
export interface TopologyStream {
  stream: string;
  subjects: readonly string[];
  retention: 'limits' | 'workqueue';
  maxAgeMs: number;
  maxBytes: number;
  discard: 'old' | 'new';
}

/** How a deployment runs the streams: copies kept (NATS_STREAM_REPLICAS) and limits overridden per stream name. */
export interface StreamDeployment {
  streamReplicas: number;
  streamLimits?: Record<string, { maxBytes?: number; maxAgeMs?: number }>;
}

/**
 * The kit's StreamSpec of a topology entry, e.g. `ensureStream(jsm, streamSpec(topology.executions, config.nats))`:
 * the entry's settings with the deployment's replicas and any limit it overrides for that stream.
 */
export function streamSpec(entry: TopologyStream, deployment: StreamDeployment) {
  const limits = deployment.streamLimits?.[entry.stream] ?? {};
  return {
    name: entry.stream,
    subjects: [...entry.subjects],
    retention: entry.retention,
    discard: entry.discard,
    maxAgeMs: limits.maxAgeMs ?? entry.maxAgeMs,
    maxBytes: limits.maxBytes ?? entry.maxBytes,
    replicas: deployment.streamReplicas,
  };
}

/** The names of the topology's streams. */
export const streamNames: readonly string[] = Object.values(topology).map((entry) => entry.stream);

/**
 * Subjects of NATS core (no stream): signals that matter only to whoever listens at the moment.
 * `cancelAttempt`: CancelAttempt, published by the scheduler, heard by every executor (overlap policy
 * "cancel_previous"); a lost one is bounded by the attempt's timeout.
 */
export const controlSubjects = {
  cancelAttempt: 'control.attempts.cancel',
} as const;

/** Every subject the system's own streams and signals take; jobs may never publish on them (see @chrono/targets). */
export const systemSubjects: readonly string[] = [
  ...Object.values(topology).flatMap((entry) => entry.subjects),
  ...Object.values(controlSubjects),
];

/** Durable consumer names. */
export const consumers = {
  schedulerJobEvents: 'scheduler-job-events',
  schedulerExecutions: 'scheduler-executions',
  catalogExecutions: 'catalog-executions',
  catalogScheduleState: 'catalog-schedule-state',
  executors: 'executors',
  executorNotifications: 'executor-notifications',
  catalogNotificationResults: 'catalog-notification-results',
} as const;

/** Where a consumer keeps the messages it gave up on: `deadletter.<consumer>`, in the DEAD_LETTERS stream. */
export function deadLetterSubjectOf(consumer: string): string {
  return `${topology.deadLetters.subjectPrefix}.${consumer}`;
}

/** Fully qualified protobuf type names, for the `Chrono-Type` header. */
export const eventTypes = {
  jobEvent: 'chrono.events.v1.JobEvent',
  dispatchRequest: 'chrono.events.v1.DispatchRequest',
  executionEvent: 'chrono.events.v1.ExecutionEvent',
  jobStateChanged: 'chrono.events.v1.JobStateChanged',
  eventBatch: 'chrono.events.v1.EventBatch',
  /** JSON, not protobuf: see the README's Notifications section. */
  notificationRequest: 'chrono.notifications.DeliveryRequest+json',
  notificationResult: 'chrono.notifications.AttemptResult+json',
} as const;
