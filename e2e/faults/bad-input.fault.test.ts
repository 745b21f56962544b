import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { jobService } from '@chrono/contracts';
import { PrivateNats, scratchDatabase, unary, unaryError, waitFor } from '@chrono/testkit';
import { ChronoSystem } from './support/chrono-system';
import { oneTimeJob } from './support/job-submitter';

// A sweep of malformed requests over REST (through the gateway) and gRPC: each is answered 4xx (or
// its gRPC code) with a message naming the field, nothing is stored, and nothing answers 5xx.
describe('fault: bad input sweep', () => {
  const database = scratchDatabase('chrono_fault');
  let nats: PrivateNats;
  let system: ChronoSystem;
  let token: Record<string, string>;
  let existing: string;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    system = await ChronoSystem.start({ database: database.env, natsUrl: nats.url, gateway: true });
    token = system.authorization;
    existing = (
      await unary(system.jobs.createJob.bind(system.jobs), oneTimeJob(0, new Date(Date.now() + 3_600_000)), token)
    ).id;
    // The one valid job settles (its event reaches the scheduler) before the sweep counts rows.
    await waitFor(async () => (await database.query('select 1 from scheduler.schedules')).length === 1, {
      what: 'the schedule row of the valid job',
    });
  });

  afterAll(async () => {
    await system?.stop();
    await nats?.stop();
    await database.drop();
  });

  const stored = async () =>
    (
      await database.query(`select (select count(*) from catalog.jobs) as jobs, (select count(*) from catalog.outbox) as outbox, (select count(*) from catalog.job_executions) as executions,
      (select count(*) from auth.users) as users, (select count(*) from scheduler.schedules) as schedules`)
    )[0];

  const job = { name: 'report', type: 'one_time', scheduledAt: '2030-01-20T10:00:00Z' };
  const big = 'x'.repeat(70_000);
  const zeros = Array(250_000).fill(0);
  const injection = "x'); drop table catalog.jobs; --";

  // [case, method, path, body, expected status, what the message must name]
  const rest: Array<[string, string, string, unknown, number, RegExp]> = [
    ['a name that is a number', 'POST', '/jobs', { ...job, name: 42 }, 400, /name/],
    ['no name', 'POST', '/jobs', { ...job, name: undefined }, 400, /name/],
    ['no type', 'POST', '/jobs', { ...job, type: undefined }, 400, /type/],
    ['an unknown type', 'POST', '/jobs', { ...job, type: 'sometimes' }, 400, /type/],
    ['a type that is an object', 'POST', '/jobs', { ...job, type: { one: 'time' } }, 400, /type/],
    ['no scheduledAt', 'POST', '/jobs', { ...job, scheduledAt: undefined }, 400, /scheduledAt/],
    [
      'an impossible scheduledAt',
      'POST',
      '/jobs',
      { ...job, scheduledAt: '2026-02-30T25:00:00Z' },
      400,
      /scheduled_?at/i,
    ],
    ['a 30th of February', 'POST', '/jobs', { ...job, scheduledAt: '2026-02-30T10:00:00Z' }, 400, /scheduled_?at/i],
    [
      'a 29th of February in a common year',
      'POST',
      '/jobs',
      { ...job, scheduledAt: '2027-02-29T00:00:00Z' },
      400,
      /scheduled_?at/i,
    ],
    ['a 31st of April', 'POST', '/jobs', { ...job, scheduledAt: '2026-04-31T10:00:00Z' }, 400, /scheduled_?at/i],
    ['a scheduledAt that is not a date', 'POST', '/jobs', { ...job, scheduledAt: 'tomorrow' }, 400, /scheduled_?at/i],
    ['a scheduledAt that is a number', 'POST', '/jobs', { ...job, scheduledAt: 1_767_225_600 }, 400, /scheduled_?at/i],
    [
      'an unknown recurrencePattern',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', recurrencePattern: 'fortnightly' },
      400,
      /recurrencePattern/,
    ],
    [
      'an out-of-range cron expression',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: '61 * * * *' },
      400,
      /cronExpression/,
    ],
    [
      'a cron expression in words',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: 'every day at noon' },
      400,
      /cronExpression/,
    ],
    [
      'a cron expression with a shell command',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: '0 * * * *; rm -rf /' },
      400,
      /cronExpression/,
    ],
    [
      'an injection-shaped time zone',
      'POST',
      '/jobs',
      { ...job, type: 'recurring', cronExpression: '0 * * * *', timezone: injection },
      400,
      /timezone/,
    ],
    ['maxRetries as a word', 'POST', '/jobs', { ...job, maxRetries: 'three' }, 400, /max_?retries/i],
    ['maxRetries above 20', 'POST', '/jobs', { ...job, maxRetries: 21 }, 400, /maxRetries/],
    ['a fractional maxRetries', 'POST', '/jobs', { ...job, maxRetries: 1.5 }, 400, /max_?retries/i],
    ['maxRetries beyond int32', 'POST', '/jobs', { ...job, maxRetries: 99_999_999_999 }, 400, /max_?retries/i],
    ['a negative timeoutSeconds', 'POST', '/jobs', { ...job, timeoutSeconds: -1 }, 400, /timeoutSeconds/],
    ['a payload that is an array', 'POST', '/jobs', { ...job, payload: [1, 2] }, 400, /payload/],
    ['an oversized payload', 'POST', '/jobs', { ...job, payload: { blob: big } }, 400, /payload/],
    // The case: 250,000 zeros are 500 KB of JSON and 2.75 MB as an event, far over MAX_JOB_BYTES.
    [
      'an http body too big as an event',
      'POST',
      '/jobs',
      { ...job, target: { http: { url: 'https://example.com/hook', body: { zeros: zeros } } } },
      400,
      /^target\.http\.body is too big: .*\(MAX_JOB_BYTES\)/,
    ],
    [
      'an update that makes the job too big',
      'PUT',
      '/jobs/{existing}',
      { target: { http: { url: 'https://example.com/hook', body: { zeros: zeros } } } },
      400,
      /^target\.http\.body is too big/,
    ],
    [
      'a file: target URL',
      'POST',
      '/jobs',
      { ...job, target: { http: { url: 'file:///etc/passwd' } } },
      400,
      /target\.http\.url/,
    ],
    [
      'a wildcard NATS subject',
      'POST',
      '/jobs',
      { ...job, target: { nats: { subject: '>' } } },
      400,
      /target\.nats\.subject/,
    ],
    ['a body that is not JSON', 'POST', '/jobs', '{"name": "report",', 400, /JSON/],
    ['a body that is an array', 'POST', '/jobs', '[1, 2, 3]', 400, /JSON object/],
    [
      'a body over the gateway limit',
      'POST',
      '/jobs',
      { ...job, description: 'x'.repeat(1_100_000) },
      413,
      /larger than/,
    ],
    ['an unknown status filter', 'GET', '/jobs?status=done', undefined, 400, /status/],
    [
      'an injection-shaped status filter',
      'GET',
      `/jobs?status=${encodeURIComponent("pending' or '1'='1")}`,
      undefined,
      400,
      /status/,
    ],
    [
      'an injection-shaped fromDate',
      'GET',
      `/jobs?fromDate=${encodeURIComponent("2026-01-01' or 1=1 --")}`,
      undefined,
      400,
      /fromDate/,
    ],
    ['an impossible toDate', 'GET', '/jobs?toDate=2026-13-45', undefined, 400, /toDate/],
    ['a fromDate of the 30th of February', 'GET', '/jobs?fromDate=2026-02-30', undefined, 400, /fromDate/],
    ['a page number beyond int32', 'GET', '/jobs?page=99999999999', undefined, 400, /page/],
    ['a negative page number', 'GET', '/jobs?page=-1', undefined, 400, /page/],
    ['a page that is a word', 'GET', '/jobs?page=last', undefined, 400, /page/],
    ['a limit of 1000', 'GET', '/jobs?limit=1000', undefined, 400, /limit/],
    [
      'an executions page beyond int32',
      'GET',
      `/jobs/${randomUUID()}/executions?page=99999999999`,
      undefined,
      400,
      /page/,
    ],
    ['an injection-shaped job id', 'GET', `/jobs/${encodeURIComponent("1' or '1'='1")}`, undefined, 400, /id/],
    [
      'an injection-shaped id to delete',
      'DELETE',
      `/jobs/${encodeURIComponent('1; drop table catalog.jobs')}`,
      undefined,
      400,
      /id/,
    ],
    ['an update with a name that is a list', 'PUT', '/jobs/{existing}', { name: ['a', 'b'] }, 400, /name/],
    ['an update with an unknown type', 'PUT', '/jobs/{existing}', { type: 'weekly' }, 400, /type/],
    [
      'a reschedule to an impossible time',
      'POST',
      '/jobs/{existing}/reschedule',
      { scheduledAt: '2030-01-20T25:00:00Z' },
      400,
      /scheduled_?at/i,
    ],
    ['a reschedule without a time', 'POST', '/jobs/{existing}/reschedule', {}, 400, /scheduledAt/],
    ['a trigger of a malformed id', 'POST', `/jobs/not-a-uuid/trigger`, {}, 400, /id/],
    [
      'a preview of an invalid cron expression',
      'POST',
      '/schedules/preview',
      { cronExpression: '* * * * * * *', count: 3 },
      400,
      /cron/i,
    ],
    [
      'a preview of 10,000 runs',
      'POST',
      '/schedules/preview',
      { recurrencePattern: 'daily', count: 10_000 },
      400,
      /count/,
    ],
    [
      'a registration with an email that is a number',
      'POST',
      '/auth/register',
      { email: 42, password: 'long-enough-1', name: 'N' },
      400,
      /email/,
    ],
    [
      'a registration with an injection-shaped email',
      'POST',
      '/auth/register',
      { email: "a@b.c' or 1=1 --", password: 'long-enough-1', name: 'N' },
      400,
      /email/,
    ],
    [
      'a registration without a password',
      'POST',
      '/auth/register',
      { email: `p-${randomUUID()}@example.com`, name: 'N' },
      400,
      /password/,
    ],
    [
      'a registration with a 300-character name',
      'POST',
      '/auth/register',
      { email: `n-${randomUUID()}@example.com`, password: 'long-enough-1', name: 'n'.repeat(300) },
      400,
      /name/,
    ],
  ];

  it.each(rest)(
    'REST refuses %s with a 4xx naming the field, storing nothing',
    async (_case, method, path, body, expected, field) => {
      const before = await stored();
      const answer = await system.gateway!.call(method, path.replace('{existing}', existing), { body, headers: token });
      expect(answer).toEqual({
        status: expected,
        json: { code: expect.any(Number), message: expect.stringMatching(field), details: [] },
      });
      expect(await stored()).toEqual(before);
    },
  );

  // [case, request fields on top of a valid job, gRPC status, what the message must name]
  const creates: Array<[string, Partial<jobService.CreateJobRequest>, status, RegExp]> = [
    ['no name', { name: '' }, status.INVALID_ARGUMENT, /name/],
    ['an unknown type', { type: 'ONE_TIME' }, status.INVALID_ARGUMENT, /type/],
    ['no scheduledAt', { scheduledAt: undefined }, status.INVALID_ARGUMENT, /scheduledAt/],
    [
      'a scheduledAt in the year 20000',
      { scheduledAt: new Date('+020000-01-01T00:00:00Z') },
      status.INVALID_ARGUMENT,
      /scheduledAt/,
    ],
    [
      'a scheduledAt before year 1',
      { scheduledAt: new Date('-000001-01-01T00:00:00Z') },
      status.INVALID_ARGUMENT,
      /scheduledAt/,
    ],
    [
      'an invalid cron expression',
      { type: 'recurring', cronExpression: '0 0 31 2 *' },
      status.INVALID_ARGUMENT,
      /cronExpression/,
    ],
    [
      'an injection-shaped cron expression',
      { type: 'recurring', cronExpression: injection },
      status.INVALID_ARGUMENT,
      /cronExpression/,
    ],
    [
      'an unknown recurrence pattern',
      { type: 'recurring', recurrencePattern: 'DAILY' },
      status.INVALID_ARGUMENT,
      /recurrencePattern/,
    ],
    ['an oversized payload', { payload: { blob: big } }, status.INVALID_ARGUMENT, /payload/],
    [
      'a description and payload too big together',
      { description: 'd'.repeat(9000), payload: { zeros: Array(30_000).fill(0) } },
      status.INVALID_ARGUMENT,
      /^payload is too big/,
    ],
    ['a negative maxRetries', { maxRetries: -5 }, status.INVALID_ARGUMENT, /maxRetries/],
    ['a timeout of two days', { timeoutSeconds: 172_800 }, status.INVALID_ARGUMENT, /timeoutSeconds/],
  ];

  it.each(creates)('gRPC CreateJob refuses %s, storing nothing', async (_case, fields, code, field) => {
    const before = await stored();
    const error = await unaryError(
      system.jobs.createJob.bind(system.jobs),
      { ...oneTimeJob(1, new Date(Date.now() + 3_600_000)), ...fields },
      token,
    );
    expect([status[error.code], error.details]).toEqual([status[code], expect.stringMatching(field)]);
    expect(await stored()).toEqual(before);
  });

  it.each<[string, jobService.ListJobsRequest, RegExp]>([
    ['a negative page', { page: -2_147_483_648 }, /page/],
    ['page 0', { page: 0 }, /page/],
    ['a limit of 2^31 - 1', { limit: 2_147_483_647 }, /limit/],
    ['an unknown status', { status: 'RUNNING' }, /status/],
    ['an injection-shaped type', { type: injection }, /type/],
  ])('gRPC ListJobs refuses %s', async (_case, request, field) => {
    const error = await unaryError(system.jobs.listJobs.bind(system.jobs), request, token);
    expect([status[error.code], error.details]).toEqual(['INVALID_ARGUMENT', expect.stringMatching(field)]);
  });

  it('answers the largest page number with an empty page, not an error or a 5xx', async () => {
    const grpc = await unary(system.jobs.listJobs.bind(system.jobs), { page: 2_147_483_647, limit: 100 }, token);
    expect(grpc).toEqual({ items: [], total: 1, page: 2_147_483_647, limit: 100 });
    const rest = await system.gateway!.call('GET', '/jobs?page=2147483647&limit=100', { headers: token });
    expect(rest).toEqual({ status: 200, json: { items: [], total: 1, page: 2_147_483_647, limit: 100 } });
  });

  it('left the one job created at the start as the only thing stored', async () => {
    expect(await stored()).toMatchObject({ jobs: '1', executions: '0' });
    expect((await unary(system.jobs.getJob.bind(system.jobs), { id: existing }, token)).name).toBe('fault job 0');
  });
});
