import { status } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { ServiceProcess, unary, unaryError } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, writeCounts, type CatalogFixture } from './catalog-fixture';

// The rules the executor applies to targets at every run (@chrono/targets) hold at create and update:
// a job the executor would refuse is INVALID_ARGUMENT naming the field, and nothing is stored.
describe('target rules at create and update', () => {
  let f: CatalogFixture;
  let aliceId: string;
  let bobId: string;
  beforeAll(async () => {
    f = await startCatalogFixture({ NATS_TARGET_SUBJECTS: 'orders.>, alerts.*', HTTP_TARGET_MAX_TIMEOUT: '10m' });
    aliceId = (await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice)).userId;
    bobId = (await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.bob)).userId;
  });
  afterAll(() => f?.close());

  const counts = () => writeCounts(f.database);
  const http = (fields: Record<string, unknown> = {}) => ({
    http: { url: 'https://example.com/hook', headers: {}, body: undefined, ...fields },
  });
  const nats = (subject: string) => ({ nats: { subject, data: undefined } });
  const create = (overrides: Partial<jobService.CreateJobRequest>) =>
    unary(f.client.createJob.bind(f.client), oneTimeJob(overrides), f.alice);

  // Built when the test runs: the user ids are known only after beforeAll.
  it.each<[string, () => Partial<jobService.CreateJobRequest>, () => string]>([
    [
      'credentials in the URL',
      () => ({ target: http({ url: 'https://user:secret@example.com/hook' }) }),
      () => 'target.http.url must not carry credentials; send them in target.http.headers',
    ],
    [
      'a host header',
      () => ({ target: http({ headers: { Host: 'internal.example' } }) }),
      () => 'target.http.headers must not set Host: the executor sets it',
    ],
    [
      'an unknown method',
      () => ({ target: http({ method: 'TRACE' }) }),
      () => 'target.http.method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, got "TRACE"',
    ],
    [
      'a request timeout above HTTP_TARGET_MAX_TIMEOUT',
      () => ({ target: http({ timeoutMs: 600_001 }) }),
      () => 'target.http.timeoutMs must be between 1 and 600000 (HTTP_TARGET_MAX_TIMEOUT), got 600001',
    ],
    [
      'an http job timeout above HTTP_TARGET_MAX_TIMEOUT',
      () => ({ target: http(), timeoutSeconds: 601 }),
      () => 'timeoutSeconds must be at most 600 for a job with an http target (HTTP_TARGET_MAX_TIMEOUT), got 601',
    ],
    [
      "a subject of the system's streams",
      () => ({ target: nats('executions.succeeded.someone-elses-job') }),
      () => 'target.nats.subject "executions.succeeded.someone-elses-job" is reserved for the system\'s own messages',
    ],
    [
      'a JetStream API subject',
      () => ({ target: nats('$JS.API.STREAM.DELETE.DISPATCH') }),
      () => 'target.nats.subject "$JS.API.STREAM.DELETE.DISPATCH" is reserved for the system\'s own messages',
    ],
    [
      "another user's prefix",
      () => ({ target: nats(`users.${bobId}.orders`) }),
      () =>
        `target.nats.subject "users.${bobId}.orders" is not under your own prefix: subjects under users. belong to the user they name, and yours is users.${aliceId}.`,
    ],
    [
      'a subject nobody opened',
      () => ({ target: nats('billing.run') }),
      () =>
        `target.nats.subject "billing.run" is not open to jobs: publish under users.${aliceId}. (such as users.${aliceId}.billing.run) or on a subject the operator allows (NATS_TARGET_SUBJECTS: orders.>, alerts.*)`,
    ],
  ])('CreateJob refuses %s', async (_case, overrides, message) => {
    const before = await counts();
    const error = await unaryError(f.client.createJob.bind(f.client), oneTimeJob(overrides()), f.alice);
    expect([error.code, error.details]).toEqual([status.INVALID_ARGUMENT, message()]);
    expect(await counts()).toEqual(before);
  });

  it("accepts the owner's own prefix, subjects the operator allows, and an http job at the bound", async () => {
    expect((await create({ target: nats(`users.${aliceId}.orders.created`) })).target).toEqual({
      nats: { subject: `users.${aliceId}.orders.created` },
    });
    expect((await create({ target: nats('orders.created.eu') })).target?.nats?.subject).toBe('orders.created.eu');
    expect((await create({ target: nats('alerts.disk') })).target?.nats?.subject).toBe('alerts.disk');
    expect((await create({ target: http({ timeoutMs: 600_000 }), timeoutSeconds: 600 })).timeoutSeconds).toBe(600);
    // The bound is on http targets only: a nats job keeps the full range.
    expect((await create({ target: nats(`users.${aliceId}.slow`), timeoutSeconds: 86_400 })).timeoutSeconds).toBe(
      86_400,
    );
  });

  it('UpdateJob applies the same rules to the job as it would become, and changes nothing when they fail', async () => {
    const job = await create({ target: http(), timeoutSeconds: 300 });
    const updates: Array<[Partial<jobService.UpdateJobRequest>, string]> = [
      [
        { timeoutSeconds: 601 },
        'timeoutSeconds must be at most 600 for a job with an http target (HTTP_TARGET_MAX_TIMEOUT), got 601',
      ],
      [
        { target: http({ headers: { 'Content-Length': '1' } }) },
        'target.http.headers must not set Content-Length: the executor sets it',
      ],
      [
        { target: nats(`users.${bobId}.x`) },
        `target.nats.subject "users.${bobId}.x" is not under your own prefix: subjects under users. belong to the user they name, and yours is users.${aliceId}.`,
      ],
    ];
    const before = await counts();
    for (const [fields, message] of updates) {
      const error = await unaryError(
        f.client.updateJob.bind(f.client),
        jobService.UpdateJobRequest.fromPartial({ id: job.id, ...fields }),
        f.alice,
      );
      expect([error.code, error.details]).toEqual([status.INVALID_ARGUMENT, message]);
    }
    expect(await unary(f.client.getJob.bind(f.client), { id: job.id }, f.alice)).toEqual({
      ...job,
      stats: expect.any(Object),
    });
    expect(await counts()).toEqual(before);

    // Moving to a nats target lifts the bound on the timeout.
    const moved = await unary(
      f.client.updateJob.bind(f.client),
      jobService.UpdateJobRequest.fromPartial({
        id: job.id,
        target: nats(`users.${aliceId}.done`),
        timeoutSeconds: 7200,
      }),
      f.alice,
    );
    expect(moved).toMatchObject({ timeoutSeconds: 7200, target: { nats: { subject: `users.${aliceId}.done` } } });
  });

  it('does not start with a NATS_TARGET_SUBJECTS entry that is no subject pattern', async () => {
    const service = await ServiceProcess.spawn('job-catalog', {
      ...f.database.env,
      NATS_URL: f.natsServer.url,
      NATS_TARGET_SUBJECTS: 'orders.>, a..b',
      HTTP_TARGET_MAX_TIMEOUT: '2d',
    });
    expect(await service.exited).toBe(78);
    expect(service.logs).toContain(
      'NATS_TARGET_SUBJECTS entries must be subjects or patterns with * and > (such as orders.>), got "a..b"',
    );
    expect(service.logs).toContain('HTTP_TARGET_MAX_TIMEOUT must be whole seconds from 1s to 24h, got 172800 s');
  });
});
