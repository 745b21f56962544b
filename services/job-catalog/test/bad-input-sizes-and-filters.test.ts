import { status } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { unary, unaryError } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, writeCounts, type CatalogFixture } from './catalog-fixture';

// Each bad input is INVALID_ARGUMENT with a message naming the field, stores nothing and publishes no event.
describe('bad input: sizes, schedules and list filters', () => {
  let f: CatalogFixture;
  let existing: string;
  beforeAll(async () => {
    f = await startCatalogFixture({ MAX_PAYLOAD_BYTES: '1024', MAX_JOB_BYTES: '4096' });
    existing = (await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice)).id;
  });
  afterAll(() => f?.close());

  const counts = () => writeCounts(f.database);

  // MAX_JOB_BYTES is 4096 here: each of these is within its own field's limits, but the job it makes is too big as an event.
  const tooBig = (field: string) =>
    new RegExp(
      `^${field.replace(/\./g, '\\.')} is too big: the job would take \\d+ bytes once encoded, more than the 4096 allowed \\(MAX_JOB_BYTES\\); ${field.replace(/\./g, '\\.')} takes \\d+ of them$`,
    );
  const bigBody = { http: { url: 'https://example.com/hook', headers: {}, body: { rows: 'r'.repeat(5000) } } };
  const oversized: Array<[string, Partial<jobService.CreateJobRequest>, string]> = [
    // 450 zeros are 900 bytes of JSON, within MAX_PAYLOAD_BYTES, and about 5 KB once encoded.
    ['a payload of many small numbers', { payload: { zeros: Array(450).fill(0) } }, 'payload'],
    ['an http target with a large body', { target: bigBody }, 'target.http.body'],
    ['a long description', { description: 'd'.repeat(5000) }, 'description'],
  ];

  it.each(oversized)('CreateJob refuses a job over MAX_JOB_BYTES: %s, naming %s', async (_case, overrides, field) => {
    const before = await counts();
    const error = await unaryError(f.client.createJob.bind(f.client), oneTimeJob(overrides), f.alice);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(tooBig(field));
    expect(await counts()).toEqual(before);
  });

  it('UpdateJob refuses a change that makes the job too big, naming the field, and changes nothing', async () => {
    const before = await counts();
    const job = await unary(f.client.getJob.bind(f.client), { id: existing }, f.alice);
    const error = await unaryError(
      f.client.updateJob.bind(f.client),
      jobService.UpdateJobRequest.fromPartial({ id: existing, target: bigBody }),
      f.alice,
    );
    expect([error.code, error.details]).toEqual([
      status.INVALID_ARGUMENT,
      expect.stringMatching(tooBig('target.http.body')),
    ]);
    expect(await unary(f.client.getJob.bind(f.client), { id: existing }, f.alice)).toEqual(job);
    expect(await counts()).toEqual(before);
  });

  it('CreateJob names the field in an invalid cron expression or zone message', async () => {
    const cron = await unaryError(
      f.client.createJob.bind(f.client),
      oneTimeJob({ type: 'recurring', cronExpression: 'every day' }),
      f.alice,
    );
    expect(cron.details).toMatch(/^cronExpression "every day" is invalid/);
    const zone = await unaryError(
      f.client.createJob.bind(f.client),
      oneTimeJob({ type: 'recurring', cronExpression: '0 * * * *', timezone: 'Mars/Olympus' }),
      f.alice,
    );
    expect(zone.details).toMatch(/^timezone "Mars\/Olympus"/);
  });

  const lists: Array<[string, Partial<jobService.ListJobsRequest>, string]> = [
    [
      'an unknown status',
      { status: 'done' },
      'status must be one of pending, running, paused, completed, failed, cancelled, got "done"',
    ],
    ['an unknown type', { type: 'weekly' }, 'type must be one of one_time, recurring, got "weekly"'],
    [
      'a fromDate that is not a date',
      { fromDate: 'yesterday' },
      'fromDate must be a date (YYYY-MM-DD) or an RFC 3339 time, got "yesterday"',
    ],
    [
      'an impossible toDate',
      { toDate: '2026-02-30T25:00:00Z' },
      'toDate must be a date (YYYY-MM-DD) or an RFC 3339 time, got "2026-02-30T25:00:00Z"',
    ],
    [
      'a fromDate that does not exist',
      { fromDate: '2026-02-30' },
      'fromDate must be a date (YYYY-MM-DD) or an RFC 3339 time, got "2026-02-30"',
    ],
    ['fromDate after toDate', { fromDate: '2026-02-02', toDate: '2026-02-01' }, 'fromDate must not be after toDate'],
    ['a name filter over 200 characters', { name: 'n'.repeat(201) }, 'name must be at most 200 characters, got 201'],
    ['page 0', { page: 0 }, 'page must be 1 or more, got 0'],
    ['a negative page', { page: -5 }, 'page must be 1 or more, got -5'],
    ['limit 0', { limit: 0 }, 'limit must be between 1 and 100, got 0'],
    ['limit 101', { limit: 101 }, 'limit must be between 1 and 100, got 101'],
  ];

  it.each(lists)('ListJobs refuses %s', async (_case, request, message) => {
    const error = await unaryError(f.client.listJobs.bind(f.client), request as jobService.ListJobsRequest, f.alice);
    expect([error.code, error.details]).toEqual([status.INVALID_ARGUMENT, message]);
  });
});
