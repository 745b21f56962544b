import { consumers, controlSubjects, deadLetterSubjectOf, topology } from '../topology';

/**
 * The NATS user of each service and what it may publish and subscribe to: the subjects of the
 * topology it uses, and the JetStream API calls for the streams and durable consumers it sets up and
 * reads. Everything else is refused by the server. The deploy files' `authorization` blocks are
 * generated from these (scripts/access-files.js); tests run real services under them.
 */
export interface NatsUser {
  /** The user name (NATS_USER of the service). */
  user: string;
  /** Where the deploy files take its password from (an environment variable of the NATS server). */
  passwordVariable: string;
  publish: readonly string[];
  /** Empty: it may subscribe to nothing. */
  subscribe: readonly string[];
}

/** Where request replies and pulled messages come back: nats.js' default inbox prefix. */
const INBOX = '_INBOX.>';
/** JetStream's account information: nats.js asks for it on start and the health checks ping it. */
const ACCOUNT_INFO = '$JS.API.INFO';

/** Creating, updating and reading a stream (every service ensures the streams it touches). */
function streamApi(stream: string): string[] {
  return ['INFO', 'CREATE', 'UPDATE'].map((call) => `$JS.API.STREAM.${call}.${stream}`);
}

/** Creating, reading and pulling from a durable consumer, and acking what it delivers. */
function consumerApi(stream: string, durable: string): string[] {
  return [
    `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}`,
    // Servers from 2.9 take the filter subject in the name of the call.
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/** A service that consumes `durable` of `stream` also keeps its poison messages in DEAD_LETTERS. */
function consumerOf(stream: string, durable: string): string[] {
  return [...consumerApi(stream, durable), deadLetterSubjectOf(durable)];
}

const { jobEvents, dispatch, executions, scheduleState, deadLetters, notificationRequests, notificationResults } =
  topology;

export const natsUsers: readonly NatsUser[] = [
  {
    user: 'job-catalog',
    passwordVariable: 'JOB_CATALOG_NATS_PASSWORD',
    publish: [
      ACCOUNT_INFO,
      ...[jobEvents, executions, scheduleState, deadLetters, notificationRequests, notificationResults].flatMap(
        (entry) => streamApi(entry.stream),
      ),
      ...jobEvents.subjects,
      ...notificationRequests.subjects,
      ...consumerOf(executions.stream, consumers.catalogExecutions),
      ...consumerOf(scheduleState.stream, consumers.catalogScheduleState),
      ...consumerOf(notificationResults.stream, consumers.catalogNotificationResults),
    ],
    subscribe: [INBOX],
  },
  {
    user: 'scheduler',
    passwordVariable: 'SCHEDULER_NATS_PASSWORD',
    publish: [
      ACCOUNT_INFO,
      ...[jobEvents, dispatch, executions, scheduleState, deadLetters].flatMap((entry) => streamApi(entry.stream)),
      ...dispatch.subjects,
      ...scheduleState.subjects,
      // Outcomes of runs lost with their executor, one at a time or in a batch.
      `${executions.subjectPrefix}.failed.*`,
      // Attempts it cancelled (overlap policy cancel_previous).
      `${executions.subjectPrefix}.cancelled.*`,
      executions.batchSubject,
      // Cancelling an attempt in flight (overlap policy cancel_previous).
      controlSubjects.cancelAttempt,
      ...consumerOf(jobEvents.stream, consumers.schedulerJobEvents),
      ...consumerOf(executions.stream, consumers.schedulerExecutions),
    ],
    subscribe: [INBOX],
  },
  {
    user: 'executor',
    passwordVariable: 'EXECUTOR_NATS_PASSWORD',
    publish: [
      ACCOUNT_INFO,
      ...[dispatch, executions, deadLetters, notificationRequests, notificationResults].flatMap((entry) =>
        streamApi(entry.stream),
      ),
      ...executions.subjects,
      ...notificationResults.subjects,
      ...consumerOf(dispatch.stream, consumers.executors),
      ...consumerOf(notificationRequests.stream, consumers.executorNotifications),
    ],
    subscribe: [INBOX, controlSubjects.cancelAttempt],
  },
  {
    // The executor's nats target (NATS_TARGET_USER): jobs publish as this user, which reaches the
    // users' own subjects and nothing of the system's (add NATS_TARGET_SUBJECTS' patterns by hand).
    user: 'executor-targets',
    passwordVariable: 'EXECUTOR_TARGETS_NATS_PASSWORD',
    publish: ['users.>'],
    subscribe: [],
  },
];

/** A NATS config list, one subject a line. */
const list = (subjects: readonly string[], indent: string) =>
  ['[', ...subjects.map((subject) => `${indent}  ${JSON.stringify(subject)}`), `${indent}]`].join('\n');

/** The `authorization` block of nats-server's configuration: the users, their passwords from the server's environment. */
export function natsAuthorizationConf(users: readonly NatsUser[] = natsUsers): string {
  const indent = '        ';
  const entries = users.map(({ user, passwordVariable, publish, subscribe }) =>
    [
      `    {`,
      `      user: ${JSON.stringify(user)}`,
      `      password: $${passwordVariable}`,
      `      permissions: {`,
      `        publish: { allow: ${list(publish, indent)} }`,
      // Without a subscribe rule NATS allows every subscription.
      `        subscribe: ${subscribe.length ? `{ allow: ${list(subscribe, indent)} }` : '{ deny: [">"] }'}`,
      `      }`,
      `    }`,
    ].join('\n'),
  );
  return ['authorization {', '  users: [', entries.join('\n'), '  ]', '}', ''].join('\n');
}
