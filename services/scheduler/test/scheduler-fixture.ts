import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy, type ConsumerMessages, type NatsConnection } from 'nats';
import {
  catalog,
  dispatch,
  eventTypes,
  execution,
  jobEvent,
  jobState,
  runStatusName,
  type RunStatusName,
} from '@chrono/contracts';
import { isEventBatch, publishMessage, unpackEventBatch } from '@chrono/kit';
import {
  closeHealthClients,
  PrivateNats,
  scratchDatabase,
  ServiceProcess,
  type ScratchDatabase,
} from '@chrono/testkit';

/** A state the scheduler announced, with its status by name (as job-catalog reads it). */
export type AnnouncedState = Omit<jobState.JobStateChanged, 'status'> & { status?: RunStatusName };

/**
 * A scheduler (or several) on a scratch database and a NATS of its own. The test plays job-catalog
 * (it publishes job events) and the executors (it takes dispatch requests and publishes outcomes).
 */
export class SchedulerFixture {
  readonly dispatched: dispatch.DispatchRequest[] = [];
  /** When each dispatch request reached the fixture, by job id (the last one). */
  readonly arrivals = new Map<string, number>();
  readonly states: AnnouncedState[] = [];
  readonly lostOutcomes: execution.ExecutionEvent[] = [];
  /** When set, the fixture answers every dispatch request with a success at once, like a fast no-op executor. */
  succeedAtOnce = false;
  private readonly processes: ServiceProcess[] = [];
  private readonly subscriptions: ConsumerMessages[] = [];

  private constructor(
    readonly database: ScratchDatabase,
    readonly natsServer: PrivateNats,
    readonly nats: NatsConnection,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<SchedulerFixture> {
    const database = scratchDatabase();
    const natsServer = await PrivateNats.start();
    const nats = await connect({ servers: natsServer.url });
    const fixture = new SchedulerFixture(database, natsServer, nats, {
      ...database.env,
      NATS_URL: natsServer.url,
      RETRY_DELAY_MS: '200',
      ...env,
    });
    return fixture;
  }

  /** Starts a scheduler replica; the first one creates the streams the fixture then listens to. */
  async startScheduler(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const replica = await ServiceProcess.start('scheduler', { ...this.env, ...env });
    this.processes.push(replica);
    if (this.subscriptions.length === 0) await this.listen();
    return replica;
  }

  /** Publishes a job event as job-catalog's outbox would. */
  async jobEvent(kind: jobEvent.JobEventKind, version: number, job: catalog.Job): Promise<void> {
    await publishMessage(
      this.nats.jetstream(),
      `jobs.events.${job.id}`,
      eventTypes.jobEvent,
      jobEvent.JobEvent,
      { eventId: randomUUID(), kind, version, occurredAt: new Date(), job },
      randomUUID(),
    );
  }

  /** Publishes an executor's outcome; a fresh Nats-Msg-Id each time, as a redelivered outcome would get. */
  async outcome(request: dispatch.DispatchRequest, succeeded: boolean): Promise<void> {
    const kind = succeeded
      ? execution.ExecutionEventKind.EXECUTION_EVENT_KIND_SUCCEEDED
      : execution.ExecutionEventKind.EXECUTION_EVENT_KIND_FAILED;
    await publishMessage(
      this.nats.jetstream(),
      `executions.${succeeded ? 'succeeded' : 'failed'}.${request.jobId}`,
      eventTypes.executionEvent,
      execution.ExecutionEvent,
      {
        jobId: request.jobId,
        runId: request.runId,
        attempt: request.attempt,
        kind,
        startedAt: new Date(),
        completedAt: new Date(),
        result: undefined,
        errorMessage: succeeded ? '' : 'boom',
        executorId: 'test',
        userId: request.userId,
        dueAt: request.dueAt,
        occurrenceAt: request.occurrenceAt,
      },
      randomUUID(),
    );
  }

  dispatchesOf(jobId: string): dispatch.DispatchRequest[] {
    return this.dispatched.filter((request) => request.jobId === jobId);
  }

  statesOf(jobId: string): AnnouncedState[] {
    return this.states.filter((state) => state.jobId === jobId);
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.stop();
    await Promise.all(this.processes.map((process) => process.stop('SIGKILL')));
    await this.nats.close();
    await this.natsServer.stop();
    closeHealthClients();
    await this.database.drop();
  }

  // Takes every dispatch request (acking it, as an executor would) and reads every published state.
  private async listen(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    const js = this.nats.jetstream();
    await jsm.consumers.add('DISPATCH', {
      durable_name: 'executors',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'dispatch.jobs',
    });
    const take = async (
      stream: string,
      consumerName: string,
      onMessage: (data: Uint8Array, subject: string) => void,
    ) => {
      const messages = await (await js.consumers.get(stream, consumerName)).consume({ max_messages: 500 });
      this.subscriptions.push(messages);
      void (async () => {
        for await (const message of messages) {
          // An EventBatch (the scheduler's relay sends states so) is taken apart as the services do.
          const { subject, seq, data } = message;
          const type = message.headers?.get('Chrono-Type');
          const delivered = { subject, seq, data, type, deliveryCount: 1, working: () => undefined };
          for (const event of isEventBatch(delivered) ? unpackEventBatch(delivered) : [delivered])
            onMessage(event.data, event.subject);
          message.ack();
        }
      })();
    };
    await take('DISPATCH', 'executors', (data) => {
      const request = dispatch.DispatchRequest.decode(data);
      this.arrivals.set(request.jobId, Date.now());
      this.dispatched.push(request);
      if (this.succeedAtOnce) void this.outcome(request, true);
    });
    for (const [stream, subject] of [
      ['SCHEDULE_STATE', 'schedule.state.>'],
      ['EXECUTIONS', 'executions.>'],
    ]) {
      const name = `test-${stream.toLowerCase()}`;
      await jsm.consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subject,
      });
    }
    await take('SCHEDULE_STATE', 'test-schedule_state', (data) => {
      const state = jobState.JobStateChanged.decode(data);
      this.states.push({ ...state, status: runStatusName(state.status) });
    });
    await take('EXECUTIONS', 'test-executions', (data) => {
      const event = execution.ExecutionEvent.decode(data);
      if (event.executorId === 'scheduler') this.lostOutcomes.push(event);
    });
  }
}

/** A job as job-catalog would describe it in an event. */
export function jobOf(overrides: Partial<catalog.Job> = {}): catalog.Job {
  const now = new Date();
  const job: catalog.Job = {
    id: randomUUID(),
    name: 'job',
    description: undefined,
    catchUpWindow: undefined,
    stats: undefined,
    overlapPolicy: 'skip',
    notifications: [],
    type: 'one_time',
    status: 'pending',
    payload: { n: 1 },
    scheduledAt: new Date(Date.now() + 2000),
    startedAt: undefined,
    completedAt: undefined,
    recurrencePattern: undefined,
    retryCount: 0,
    maxRetries: 0,
    errorMessage: undefined,
    result: undefined,
    userId: randomUUID(),
    nextRunAt: undefined,
    isActive: true,
    createdAt: now,
    updatedAt: now,
    cronExpression: undefined,
    timezone: undefined,
    target: undefined,
    timeoutSeconds: 60,
    ...overrides,
  };
  // job-catalog shows a one-time job's next run at its time (a recurring one is left for the scheduler to say).
  return { ...job, nextRunAt: overrides.nextRunAt ?? (job.type === 'one_time' ? job.scheduledAt : undefined) };
}

export const Kind = jobEvent.JobEventKind;
