import { credentials } from '@grpc/grpc-js';
import { AckPolicy, connect, DeliverPolicy, nanos, type NatsConnection } from 'nats';
import { eventBatch, jobEvent, jobService, topology } from '@chrono/contracts';
import {
  closeHealthClients,
  freePort,
  PrivateNats,
  scratchDatabase,
  ServiceProcess,
  signUp,
  unary,
  unaryError,
  type PrivateNatsOptions,
  type ScratchDatabase,
} from '@chrono/testkit';

/** auth and job-catalog on a scratch database, with two signed-up users. */
export interface CatalogFixture {
  database: ScratchDatabase;
  auth: ServiceProcess;
  catalog: ServiceProcess;
  client: jobService.JobServiceClient;
  nats: NatsConnection;
  /** The fixture's own NATS server: consumers of other test files never see its messages. */
  natsServer: PrivateNats;
  /** Metadata of user A and user B. */
  alice: Record<string, string>;
  bob: Record<string, string>;
  /** Starts (another) job-catalog on the same database with extra settings. */
  startCatalog(env?: Record<string, string>): Promise<ServiceProcess>;
  close(): Promise<void>;
}

export async function startCatalogFixture(
  catalogEnv: Record<string, string> = {},
  natsOptions: PrivateNatsOptions = {},
): Promise<CatalogFixture> {
  const database = scratchDatabase();
  const natsServer = await PrivateNats.start(natsOptions);
  // Each finds the other on a port chosen before either starts (auth cancels jobs in job-catalog on
  // DELETE /auth/me; job-catalog verifies tokens with auth's keys). Both start at once, so that the
  // ports stay free only for as long as a process takes to bind, as for any other service of a test.
  const [authPort, catalogPort] = [String(await freePort()), String(await freePort())];
  const common = { ...database.env, AUTH_GRPC_URL: `127.0.0.1:${authPort}`, NATS_URL: natsServer.url };
  const startCatalog = (env: Record<string, string> = {}) =>
    ServiceProcess.start('job-catalog', { ...common, ...catalogEnv, ...env });
  const [authService, catalog] = await Promise.all([
    ServiceProcess.start('auth', {
      ...database.env,
      AUTH_GRPC_PORT: authPort,
      BCRYPT_ROUNDS: '4',
      JOB_CATALOG_GRPC_URL: `127.0.0.1:${catalogPort}`,
    }),
    startCatalog({ JOB_CATALOG_GRPC_PORT: catalogPort }),
  ]);
  const [alice, bob] = [await signUp(authService.address, 'alice'), await signUp(authService.address, 'bob')];
  const client = new jobService.JobServiceClient(catalog.address, credentials.createInsecure());
  const nats = await connect({ servers: natsServer.url });
  const started: ServiceProcess[] = [authService, catalog];
  return {
    database,
    auth: authService,
    catalog,
    client,
    nats,
    natsServer,
    alice,
    bob,
    async startCatalog(env) {
      const another = await startCatalog(env);
      started.push(another);
      return another;
    },
    async close() {
      client.close();
      await nats.close();
      await Promise.all(started.map((service) => service.stop('SIGKILL')));
      await natsServer.stop();
      closeHealthClients();
      await database.drop();
    },
  };
}

/**
 * How many jobs are stored, and how many outbox rows were ever written: counted from the sequence of
 * their `seq`, since the relay deletes rows as it publishes them (a count of rows would race it).
 */
export async function writeCounts(database: ScratchDatabase): Promise<{ jobs: string; outbox: string }> {
  return (
    await database.query<{ jobs: string; outbox: string }>(
      'select (select count(*) from catalog.jobs) as jobs, (select last_value from catalog.outbox_seq_seq) as outbox',
    )
  )[0];
}

/** Every JobEvent stored on JOB_EVENTS for one job, in stream order: alone on its subject, or inside an EventBatch. */
export async function jobEventsOf(nats: NatsConnection, jobId: string): Promise<jobEvent.JobEvent[]> {
  const jsm = await nats.jetstreamManager();
  const info = await jsm.consumers.add('JOB_EVENTS', {
    filter_subject: `${topology.jobEvents.subjectPrefix}.>`,
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.None,
    inactive_threshold: nanos(30_000),
  });
  const consumer = await nats.jetstream().consumers.get('JOB_EVENTS', info.name);
  const subject = `${topology.jobEvents.subjectPrefix}.${jobId}`;
  const events: jobEvent.JobEvent[] = [];
  let remaining = info.num_pending;
  while (remaining > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(remaining, 256), expires: 2000 });
    for await (const message of batch) {
      remaining--;
      const carried =
        message.subject === topology.jobEvents.batchSubject
          ? eventBatch.EventBatch.decode(message.data).events
          : [{ subject: message.subject, body: message.data }];
      for (const event of carried) if (event.subject === subject) events.push(jobEvent.JobEvent.decode(event.body));
    }
  }
  await jsm.consumers.delete('JOB_EVENTS', info.name).catch(() => undefined);
  return events;
}

/** A CreateJob request with the original design's example fields, due in an hour. */
export function oneTimeJob(overrides: Partial<jobService.CreateJobRequest> = {}): jobService.CreateJobRequest {
  return {
    name: 'Send Weekly Report',
    catchUpWindow: undefined,
    notifications: [],
    description: 'Generate and send weekly analytics report',
    type: 'one_time',
    payload: { reportType: 'analytics', recipients: ['admin@example.com'] },
    scheduledAt: new Date(Date.now() + 3_600_000),
    maxRetries: 3,
    target: undefined,
    ...overrides,
  };
}

/** The JobService methods the tests call by name. */
export type JobMethod =
  | 'createJob'
  | 'getJob'
  | 'listJobs'
  | 'updateJob'
  | 'cancelJob'
  | 'rescheduleJob'
  | 'pauseJob'
  | 'resumeJob'
  | 'deleteJob'
  | 'listJobExecutions'
  | 'listOccurrences';

/** Calls a JobService method by name as `who` (Alice unless given). */
export function callJobs<Req, Res>(f: CatalogFixture, method: JobMethod, request: Req, who = f.alice): Promise<Res> {
  const bound = (f.client[method] as (...args: never[]) => unknown).bind(f.client) as never;
  return unary<Req, Res>(bound, withRepeatedFields(request), who);
}

/** Calls a JobService method by name expecting it to fail; resolves to the error. */
export function failJobs<Req>(f: CatalogFixture, method: JobMethod, request: Req, who = f.alice) {
  const bound = (f.client[method] as (...args: never[]) => unknown).bind(f.client) as never;
  return unaryError(bound, withRepeatedFields(request), who);
}

// The generated encoders iterate repeated fields: a partial request gets the empty list it leaves out
// (other methods' encoders ignore the field).
function withRepeatedFields<Req>(request: Req): Req {
  return { notifications: [], ...request };
}
