import { credentials } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { PrivateNats, ServiceProcess, signUp, unary, waitFor } from '@chrono/testkit';
import { ServiceDatabaseRoles } from './support/service-database-roles';

// Each service runs as its own PostgreSQL role (made by the deploy files' SQL): it migrates and works
// in its own schema, and is refused everything in the others'.
describe('the services as their own PostgreSQL roles', () => {
  let roles: ServiceDatabaseRoles;
  let nats: PrivateNats;
  const running: ServiceProcess[] = [];
  // A table of each schema, to try reading from the others.
  const tableOf: Record<string, string> = {
    auth: 'auth.users',
    'job-catalog': 'catalog.jobs',
    scheduler: 'scheduler.schedules',
  };

  beforeAll(async () => {
    roles = await ServiceDatabaseRoles.create();
    nats = await PrivateNats.start();
    const auth = await ServiceProcess.start('auth', roles.envOf('auth'));
    running.push(auth);
    const peers = { NATS_URL: nats.url, AUTH_GRPC_URL: auth.address };
    running.push(
      ...(await Promise.all(
        ['job-catalog', 'scheduler'].map((name) => ServiceProcess.start(name, { ...roles.envOf(name), ...peers })),
      )),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    await nats?.stop();
    await roles?.drop();
  });

  it('migrate their own schemas and store a sign-up, a job and its schedule there', async () => {
    const alice = await signUp(running[0].address, 'alice');
    const client = new jobService.JobServiceClient(running[1].address, credentials.createInsecure());
    try {
      const job = await unary(
        client.createJob.bind(client),
        {
          name: 'roles',
          type: 'one_time',
          payload: {},
          scheduledAt: new Date(Date.now() + 3_600_000),
          maxRetries: 0,
          target: undefined,
          catchUpWindow: undefined,
          notifications: [],
        },
        alice,
      );
      await waitFor(
        async () =>
          (await roles.queryAs('scheduler', `select 1 from scheduler.schedules where job_id = '${job.id}'`)).length ===
          1,
        {
          what: 'the scheduler to store the schedule',
        },
      );
    } finally {
      client.close();
    }
    expect(await roles.queryAs('auth', 'select count(*)::int as n from auth.users')).toEqual([{ n: 1 }]);
    expect(await roles.queryAs('job-catalog', 'select count(*)::int as n from catalog.jobs')).toEqual([{ n: 1 }]);
  });

  it.each([
    ['job-catalog', 'auth'],
    ['scheduler', 'auth'],
    ['auth', 'job-catalog'],
    ['scheduler', 'job-catalog'],
    ['auth', 'scheduler'],
    ['job-catalog', 'scheduler'],
  ])('%s cannot read or change the tables of %s', async (service, other) => {
    await expect(roles.queryAs(service, `select * from ${tableOf[other]} limit 1`)).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/^permission denied for schema/),
    });
    await expect(roles.queryAs(service, `delete from ${tableOf[other]}`)).rejects.toMatchObject({ code: '42501' });
  });

  it("keeps auth's password hashes and signing keys from every other role", async () => {
    for (const service of ['job-catalog', 'scheduler']) {
      for (const sql of ['select password_hash from auth.users', 'select private_key_pem from auth.signing_keys']) {
        await expect(roles.queryAs(service, sql)).rejects.toMatchObject({ code: '42501' });
      }
    }
  });

  it('gives no role a schema of its own making, nor a table in public', async () => {
    for (const service of ['auth', 'job-catalog', 'scheduler']) {
      await expect(roles.queryAs(service, 'create schema elsewhere')).rejects.toMatchObject({ code: '42501' });
      await expect(roles.queryAs(service, 'create table public.elsewhere (id int)')).rejects.toMatchObject({
        code: '42501',
      });
    }
  });
});
