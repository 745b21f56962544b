import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { connect, type NatsConnection } from 'nats';
import { jobService, natsAuthorizationConf, natsUsers, topology } from '@chrono/contracts';
import { USER_SUBJECTS_ROOT } from '@chrono/targets';
import {
  PrivateNats,
  repoRoot,
  scratchDatabase,
  ServiceProcess,
  signUp,
  unary,
  waitFor,
  type ScratchDatabase,
} from '@chrono/testkit';

// A NATS server with the services' users (the rules the deploy files are generated from) and one more,
// `observer`, that only watches. Each service does its real work under its own user; the server
// refuses what a user has no business with.
// NATS reads a password from the environment as a configuration value: one that starts with digits
// (38330e3d…) reads as a number and the server refuses to start, so this one starts with a letter.
const password = `p${randomBytes(12).toString('hex')}`;
const observer = { user: 'observer', passwordVariable: 'OBSERVER_NATS_PASSWORD', publish: [], subscribe: ['>'] };
// Four services start on a machine that may be busy.
const START_TIMEOUT_MS = 120_000;
const env = Object.fromEntries([...natsUsers, observer].map((u) => [u.passwordVariable, password]));

describe('the services as their own NATS users', () => {
  let nats: PrivateNats;
  let database: ScratchDatabase;
  const running: ServiceProcess[] = [];
  const open: NatsConnection[] = [];
  const as = async (user: string) => {
    const nc = await connect({ servers: nats.url, user, pass: password });
    open.push(nc);
    return nc;
  };
  const userEnv = (user: string) => ({ NATS_URL: nats.url, NATS_USER: user, NATS_PASSWORD: password });

  beforeAll(async () => {
    nats = await PrivateNats.start({ config: natsAuthorizationConf([...natsUsers, observer]), env });
    database = scratchDatabase();
    const auth = await ServiceProcess.start('auth', database.env);
    running.push(auth);
    const common = { ...database.env, AUTH_GRPC_URL: auth.address };
    running.push(
      ...(await Promise.all([
        ServiceProcess.start('job-catalog', { ...common, ...userEnv('job-catalog') }),
        ServiceProcess.start('scheduler', { ...common, ...userEnv('scheduler') }),
        ServiceProcess.start('executor', {
          ...common,
          ...userEnv('executor'),
          NATS_TARGET_USER: 'executor-targets',
          NATS_TARGET_PASSWORD: password,
        }),
      ])),
    );
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await Promise.all(running.map((service) => service.stop()));
    await nats?.stop();
    await database?.drop();
  });

  it("runs a job end to end, its nats target publishing on the owner's subject", async () => {
    const alice = await signUp(running[0].address, 'alice');
    const userId = JSON.parse(Buffer.from(alice.authorization.split('.')[1], 'base64url').toString()).sub as string;
    const subject = `${USER_SUBJECTS_ROOT}.${userId}.done`;
    const observing = await as('observer');
    const watcher = observing.subscribe(subject, { max: 1 });
    await observing.flush();
    const client = new jobService.JobServiceClient(running[1].address, credentials.createInsecure());
    try {
      const job = await unary(
        client.createJob.bind(client),
        {
          name: 'users',
          type: 'one_time',
          payload: { hello: 'world' },
          scheduledAt: new Date(),
          maxRetries: 0,
          target: { nats: { subject, data: undefined } },
          catchUpWindow: undefined,
          notifications: [],
        },
        alice,
      );
      for await (const message of watcher) expect(message.json()).toEqual({ hello: 'world' });
      await waitFor(
        async () => (await unary(client.getJob.bind(client), { id: job.id }, alice)).status === 'completed',
        {
          what: 'the job to be completed',
        },
      );
    } finally {
      client.close();
    }
  });

  it.each([
    ['job-catalog', topology.dispatch.subject],
    ['scheduler', 'jobs.events.forged'],
    ['executor', 'schedule.state.forged'],
    ['executor', '$JS.API.STREAM.DELETE.JOB_EVENTS'],
  ])('refuses %s a publish on %s', async (user, subject) => {
    const nc = await as(user);
    await expect(nc.request(subject, new Uint8Array(), { timeout: 2000 })).rejects.toMatchObject({
      code: 'PERMISSIONS_VIOLATION',
      message: expect.stringContaining(`Publish to "${subject}"`),
    });
  });

  it.each(['executions.succeeded.forged', topology.dispatch.subject, '$JS.API.STREAM.DELETE.DISPATCH'])(
    'refuses the nats target user a publish on %s, and passes one on a user subject',
    async (subject) => {
      const nc = await as('executor-targets');
      // A refused publish comes back as an error of the connection, which nats.js reports as a status.
      const refused = (async () => {
        for await (const status of nc.status()) if (status.type === 'error') return status.data;
      })();
      const observing = await as('observer');
      const watcher = observing.subscribe(`${USER_SUBJECTS_ROOT}.>`, { max: 1 });
      await observing.flush();
      nc.publish(`${USER_SUBJECTS_ROOT}.someone.allowed`, new Uint8Array());
      for await (const message of watcher) expect(message.subject).toBe(`${USER_SUBJECTS_ROOT}.someone.allowed`);
      nc.publish(subject, new Uint8Array());
      await expect(refused).resolves.toBe('PERMISSIONS_VIOLATION');
    },
  );

  it.each([
    ['job-catalog', `${topology.dispatch.subject}`],
    ['executor', 'jobs.events.>'],
    ['executor-targets', `${USER_SUBJECTS_ROOT}.>`],
  ])('refuses %s a subscription to %s', async (user, subject) => {
    const subscription = (await as(user)).subscribe(subject);
    await expect(
      (async () => {
        for await (const message of subscription) void message;
      })(),
    ).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
  });

  it("lets the nats target's user publish on users' subjects only", async () => {
    const userSubjects = natsUsers.find((u) => u.user === 'executor-targets');
    expect(userSubjects).toMatchObject({ publish: [`${USER_SUBJECTS_ROOT}.>`], subscribe: [] });
  });
});

describe("NATS on the repository's configuration (deploy/docker/nats.conf)", () => {
  let nats: PrivateNats;

  beforeAll(async () => {
    nats = await PrivateNats.start({ configFile: path.join(repoRoot, 'deploy', 'docker', 'nats.conf'), env });
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('takes each service user with its password, and no one without', async () => {
    for (const { user } of natsUsers) {
      const nc = await connect({ servers: nats.url, user, pass: password });
      await nc.close();
    }
    await expect(connect({ servers: nats.url, user: 'job-catalog', pass: 'wrong' })).rejects.toMatchObject({
      code: 'AUTHORIZATION_VIOLATION',
    });
    await expect(connect({ servers: nats.url })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it('lets the scheduler publish dispatch requests and refuses job-catalog', async () => {
    const scheduler = await connect({ servers: nats.url, user: 'scheduler', pass: password });
    const catalog = await connect({ servers: nats.url, user: 'job-catalog', pass: password });
    try {
      const jsm = await scheduler.jetstreamManager();
      await jsm.streams.add({ name: topology.dispatch.stream, subjects: [...topology.dispatch.subjects] });
      await expect(scheduler.jetstream().publish(topology.dispatch.subject, new Uint8Array())).resolves.toMatchObject({
        stream: topology.dispatch.stream,
      });
      await expect(catalog.jetstream().publish(topology.dispatch.subject, new Uint8Array())).rejects.toMatchObject({
        code: 'PERMISSIONS_VIOLATION',
      });
    } finally {
      await Promise.all([scheduler.close(), catalog.close()]);
    }
  });
});
